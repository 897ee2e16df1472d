/**
 * exposure-report.sarif: valid SARIF 2.1.0 (ajv against the OASIS schema in test/fixtures) for the
 * example app and for an app over budget; one rule per check with the scorer's texts and fixes; one
 * result per failing or acknowledged check; locations at the declaring TypeScript line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { App, SystemdHost, SystemdService, SystemdStack } from '../../lib/constructs';
import { RELEASE_DATA } from '../../lib/exposure/releases';
import { explanationOf } from '../../lib/exposure/explanations';
import { CHECK_FIXES, describeFix } from '../../lib/policy/fixes';
import { sarifLevel, sarifReport, type SarifLog } from '../../lib/report';
import * as presets from '../../presets';
import { REPO, failingApp, lineOf, readJson, stackJson, synthExampleApp, tempDir } from './helpers';

const schema = readJson<object>(path.join(REPO, 'test/fixtures/sarif-schema-2.1.0.json'));
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(ajv.errorsText(validate.errors, { separator: '\n' })).toBe('No errors');
  expect(ok).toBe(true);
}

const tenths = (n: number): number => Math.round(n * 10);

describe('SARIF of the example app (npm run synth)', () => {
  const outdir = tempDir('sarif-example');
  const dir = synthExampleApp(outdir);
  const log = readJson<SarifLog>(path.join(dir, 'exposure-report.sarif'));
  const json = stackJson(dir);
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('is valid SARIF 2.1.0', () => expectValid(log));

  it('has one rule per check of the host release, with the scorer’s texts, the fix and what it may break', () => {
    const checks = RELEASE_DATA['257'].checks;
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id).sort()).toEqual(checks.map((c) => c.jsonField).sort());
    for (const check of checks) {
      const rule = rules.find((r) => r.id === check.jsonField)!;
      const texts = explanationOf(check);
      expect(rule.name).toBe(check.name);
      expect(rule.shortDescription.text).toBe(texts.bad);
      expect(rule.fullDescription.text).toBe(texts.why);
      expect(rule.helpUri).toBe(texts.man);
      expect(rule.help.text.startsWith(texts.fix)).toBe(true);
      const fix = CHECK_FIXES[check.jsonField];
      if (fix) expect(rule.help.text).toContain(`Setting: ${describeFix(fix)}.`);
      if (fix?.caveat) expect(rule.help.text).toContain(`May break: ${fix.caveat}.`);
    }
  });

  it('has one result per failing check per unit, at the line of main.ts that declared the unit', () => {
    const results = log.runs[0]!.results;
    const expected = json.units.flatMap((u) => u.failing_checks.map((c) => `${u.unit} ${c.json_field}`));
    expect(results.map((r) => `${String(r.properties!['unit'])} ${r.ruleId}`).sort()).toEqual(expected.sort());
    const website = json.units.find((u) => u.unit === 'website.service')!;
    const first = results.find((r) => r.properties!['unit'] === 'website.service')!;
    expect(first.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'main.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: lineOf('main.ts', "new SystemdService(host, 'website'"), startColumn: 1 },
    });
    expect(website.declared_at).toEqual({ file: 'main.ts', line: lineOf('main.ts', "new SystemdService(host, 'website'"), column: 1 });
    // the outdir is a temporary folder outside the repository: the unit file is relative to the stack folder
    expect(first.relatedLocations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'units/web1/website.service', uriBaseId: 'STACKDIR' });
    // the costliest first, and the level from its share of the budget
    const costliest = website.failing_checks[0]!;
    expect(first.ruleId).toBe(costliest.json_field);
    expect(first.level).toBe(sarifLevel(tenths(costliest.offline!), tenths(website.budget)));
    expect(log.runs[0]!.tool.driver.rules[first.ruleIndex]!.id).toBe(first.ruleId);
  });
});

describe('SARIF of an app over budget (synth with validations off)', () => {
  const outdir = tempDir('sarif-bad');
  const { app, stackDir } = failingApp(outdir);
  app.synth();
  const log = readJson<SarifLog>(path.join(stackDir, 'exposure-report.sarif'));
  const json = stackJson(stackDir);
  const results = log.runs[0]!.results;
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('is valid SARIF 2.1.0', () => expectValid(log));

  it('rates each failing check by its share of the budget, one level up in a unit over budget', () => {
    const plain = json.units.find((u) => u.unit === 'plain.service')!;
    expect(plain.offline).toBeGreaterThan(plain.budget);
    const mine = results.filter((r) => r.properties!['unit'] === 'plain.service');
    expect(mine).toHaveLength(plain.failing_checks.length);
    for (const c of plain.failing_checks) {
      const r = mine.find((x) => x.ruleId === c.json_field)!;
      const worst = Math.max(c.offline ?? 0, c.live ?? 0);
      expect(r.level).toBe(sarifLevel(tenths(worst), tenths(plain.budget), { overBudget: true }));
      expect(r.level).not.toBe('note');
      expect(r.message.text).toContain(`${c.name} costs ${worst.toFixed(1)} of the exposure budget ${plain.budget.toFixed(1)}`);
      expect(r.message.text).toContain(`; the unit is over its budget (exposure ${Math.max(plain.offline, plain.live).toFixed(1)}).`);
    }
    expect(mine[0]!.locations[0]!.physicalLocation!.region!.startLine).toBe(lineOf('test/report/helpers.ts', 'MARK-plain'));
  });

  it('levels: half the budget is an error, a fifth a warning, less a note', () => {
    expect([sarifLevel(5, 10), sarifLevel(2, 10), sarifLevel(1, 10)]).toEqual(['error', 'warning', 'note']);
    expect([sarifLevel(5, 10, { overBudget: true }), sarifLevel(1, 10, { overBudget: true }), sarifLevel(1, 10, { required: true })]).toEqual(['error', 'warning', 'error']);
  });

  it('reports a failing required check as an error', () => {
    const job = results.filter((r) => r.properties!['unit'] === 'job.service');
    const required = job.find((r) => r.ruleId === 'PrivateNetwork')!;
    expect(required.level).toBe('error');
    expect(required.message.text).toMatch(/; it is a required check\.$/);
  });

  it('reports an acknowledged check as a suppressed result with its reason and expiry', () => {
    const lan = results.filter((r) => r.properties!['unit'] === 'lan.service');
    const acked = lan.filter((r) => r.suppressions);
    expect(acked).toHaveLength(1);
    expect(acked[0]!.ruleId).toBe('PrivateNetwork');
    expect(acked[0]!.suppressions).toEqual([{ kind: 'inSource', justification: 'serves clients on the LAN', properties: { expires: '2099-12-31' } }]);
    expect(acked[0]!.message.text).toMatch(/^lan\.service: PrivateNetwork= acknowledged until 2099-12-31: serves clients on the LAN\. Without the acknowledgement it costs \d\.\d of the exposure budget 2\.5 \(systemd 257\)\.$/);
    // the acknowledged check does not fail, so it is not also an unsuppressed result
    expect(lan.filter((r) => r.ruleId === 'PrivateNetwork')).toHaveLength(1);
  });

  it('is byte-identical when the same app is synthesized again, like the other reports', () => {
    const files = ['exposure-report.sarif', 'exposure-report.json', 'exposure-report.md', 'exposure-report.html'];
    const before = files.map((f) => fs.readFileSync(path.join(stackDir, f), 'utf8'));
    const again = failingApp(outdir);
    again.app.synth();
    expect(files.map((f) => fs.readFileSync(path.join(again.stackDir, f), 'utf8'))).toEqual(before);
  });
});

describe('SARIF without a known source line', () => {
  it('points at the unit file in the stack folder', () => {
    const outdir = tempDir('sarif-noline');
    const app = new App({ outdir, skipValidation: true });
    const host = new SystemdHost(new SystemdStack(app, 'st'), 'h', { target: { type: 'local' } });
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0; // no stack trace: nothing to tell the declaring line
    try {
      new SystemdService(host, 'web', { preset: presets.strict(), service: { ExecStart: ['/bin/true'] } });
    } finally {
      Error.stackTraceLimit = limit;
    }
    app.synth();
    const dir = path.join(outdir, 'stacks', 'st');
    const log = readJson<SarifLog>(path.join(dir, 'exposure-report.sarif'));
    expectValid(log);
    const r = log.runs[0]!.results[0]!;
    expect(r.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'units/h/web.service', uriBaseId: 'STACKDIR' } });
    expect(r.relatedLocations).toBeUndefined();
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it('names the unit file from the project root when the stack folder is inside the project', () => {
    const project = tempDir('sarif-project');
    const cwd = process.cwd();
    process.chdir(project); // synth runs in the project root; cdktf.out/ is inside it
    try {
      const app = new App({ outdir: 'cdktf.out', skipValidation: true });
      const host = new SystemdHost(new SystemdStack(app, 'st'), 'h', { target: { type: 'local' } });
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        new SystemdService(host, 'web', { preset: presets.strict(), service: { ExecStart: ['/bin/true'] } });
      } finally {
        Error.stackTraceLimit = limit;
      }
      app.synth();
      const log = readJson<SarifLog>(path.join(project, 'cdktf.out/stacks/st/exposure-report.sarif'));
      expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'cdktf.out/stacks/st/units/h/web.service', uriBaseId: '%SRCROOT%' });
    } finally {
      process.chdir(cwd);
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it('the library function takes scored units as the CLI has them', () => {
    const log = sarifReport([], { toolVersion: '0.1.0' });
    expectValid(log);
    expect(log.runs[0]!.results).toEqual([]);
  });
});
