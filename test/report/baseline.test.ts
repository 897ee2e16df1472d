/**
 * The exposure ratchet: a stack with `baseline` fails synth when a unit's exposure rises above its
 * committed baseline or a check that passed there fails; lowering passes and is reported (stderr,
 * Markdown, JSON); CDKTF_SYSTEMD_WRITE_BASELINE=1 writes the file. Numbers come from the scorer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatExposure } from '../../lib/exposure';
import { App, SystemdHost, SystemdService, SystemdStack } from '../../lib/constructs';
import { baselineOf, baselineText, readBaseline, WRITE_BASELINE_ENV } from '../../lib/report';
import * as presets from '../../presets';
import { checkExposure, stackJson, tempDir, webApp, withStderr, type WebVariant } from './helpers';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir('baseline');
  file = path.join(dir, 'exposure-baseline.json');
});
afterEach(() => {
  delete process.env[WRITE_BASELINE_ENV];
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Synthesizes the web app in a version; returns the service, its stderr and the stack folder. */
function synth(variant: WebVariant, write?: boolean) {
  const { app, web, stackDir } = webApp(path.join(dir, `out-${variant}`), variant, { baseline: { file, ...(write !== undefined ? { write } : {}) } });
  const { stderr } = withStderr(() => app.synth());
  return { web, stderr, stackDir };
}

const scores = (web: SystemdService) => ({ offline: formatExposure(web.budgetVerdicts.offline.report.exposure), live: formatExposure(web.budgetVerdicts.live.report.exposure) });
const accept = () => `to accept it, synth with ${WRITE_BASELINE_ENV}=1 and commit ${file}`;

describe('writing the baseline', () => {
  it('a configured baseline that does not exist fails synth and says how to create it', () => {
    const { app } = webApp(path.join(dir, 'out'), 'preset', { baseline: { file } });
    expect(() => app.synth()).toThrow(`exposure baseline ${file} not found: to create it, synth with ${WRITE_BASELINE_ENV}=1 and commit ${file}`);
  });

  it(`${WRITE_BASELINE_ENV}=1 writes every unit's scores and failing checks, deterministically`, () => {
    process.env[WRITE_BASELINE_ENV] = '1';
    const { stderr, stackDir } = synth('preset');
    expect(stderr).toContain(`  baseline: wrote 1 unit to ${file}\n`);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(baselineText(baselineOf(stackJson(stackDir))));
    expect(readBaseline(file)!.units['st/h/web']).toEqual(expect.objectContaining({ unit: 'web.service', host: 'h', systemd: '257' }));
    synth('preset');
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(stackJson(stackDir).baseline).toEqual({ file, written: true, changes: [] });
  });

  it('keeps the units of other stacks that share the file', () => {
    const app = new App({ outdir: path.join(dir, 'two') });
    for (const id of ['one', 'two']) {
      const host = new SystemdHost(new SystemdStack(app, id, { baseline: { file, write: true } }), 'h', { target: { type: 'local' } });
      new SystemdService(host, 'beat', { preset: presets.strict(), service: { ExecStart: ['/bin/true'] } });
    }
    withStderr(() => app.synth());
    expect(Object.keys(readBaseline(file)!.units)).toEqual(['one/h/beat', 'two/h/beat']);
  });
});

describe('the ratchet', () => {
  it('passes when nothing changed, and says nothing', () => {
    synth('preset', true);
    const before = fs.readFileSync(file, 'utf8');
    const { stderr, stackDir } = synth('preset');
    expect(stderr).toBe('');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(stackJson(stackDir).baseline).toEqual({ file, written: false, changes: [] });
  });

  it('fails synth when the exposure rises, naming both scores and the check that started failing', () => {
    const base = synth('preset', true).web;
    const { app, web } = webApp(path.join(dir, 'out-weaker'), 'weaker', { baseline: { file } });
    const [b, a] = [scores(base), scores(web)];
    expect(Number(a.offline)).toBeGreaterThan(Number(b.offline));
    expect(() => app.synth()).toThrow(
      [
        `[st/h/web] web.service: exposure rose above its baseline in ${file}: offline ${b.offline} → ${a.offline}, live ${b.live} → ${a.live}`,
        `  starts failing: ProtectKernelTunables= (${checkExposure(web.budgetVerdicts.offline.report, 'ProtectKernelTunables')})`,
        `  ${accept()}`,
      ].join('\n'),
    );
  });

  it('fails synth when a check that passed starts failing, even at the same exposure', () => {
    const base = synth('preset', true).web;
    const { app, web } = webApp(path.join(dir, 'out-swap'), 'swap', { baseline: { file } });
    const [b, a] = [scores(base), scores(web)];
    expect(a).toEqual(b);
    const was = checkExposure(base.budgetVerdicts.offline.report, 'IPAddressDeny');
    const now = checkExposure(web.budgetVerdicts.offline.report, 'IPAddressDeny');
    expect(() => app.synth()).toThrow(
      [
        `[st/h/web] web.service: a check that passed in its baseline now fails in ${file}: offline ${b.offline} → ${a.offline}, live ${b.live} → ${a.live}`,
        `  starts failing: ProtectKernelTunables= (${checkExposure(web.budgetVerdicts.offline.report, 'ProtectKernelTunables')})`,
        `  costs less: IPAddressDeny= (${was} → ${now})`,
        `  ${accept()}`,
      ].join('\n'),
    );
  });

  it('allows lowering, and reports it on stderr and in the reports', () => {
    const base = synth('weaker', true).web;
    const { web, stderr, stackDir } = synth('preset');
    const [b, a] = [scores(base), scores(web)];
    expect(Number(a.offline)).toBeLessThan(Number(b.offline));
    expect(stderr).toBe(
      [
        'cdktf-systemd: stack st:',
        `  lowered: [st/h/web] web.service: offline ${b.offline} → ${a.offline}, live ${b.live} → ${a.live}, below its baseline; now passing: ProtectKernelTunables=; to lock it in, synth with ${WRITE_BASELINE_ENV}=1 and commit ${file}`,
        '',
      ].join('\n'),
    );
    const md = fs.readFileSync(path.join(stackDir, 'exposure-report.md'), 'utf8');
    expect(md).toContain(
      ['## Baseline', '', `Compared with \`${file}\`.`, '', `- better: web.service [st/h/web]: offline ${b.offline} → ${a.offline}, live ${b.live} → ${a.live}`, `  - now passes: ProtectKernelTunables= (was ${checkExposure(base.budgetVerdicts.offline.report, 'ProtectKernelTunables')})`].join('\n'),
    );
    const json = stackJson(stackDir).baseline!;
    expect(json.changes.map((c) => [c.path, c.verdict, c.before!.offline, c.after!.offline])).toEqual([['st/h/web', 'better', Number(b.offline), Number(a.offline)]]);
  });

  it('reports units new to the baseline and units gone from the stack without failing', () => {
    synth('preset', true);
    const app = new App({ outdir: path.join(dir, 'renamed') });
    const host = new SystemdHost(new SystemdStack(app, 'st', { baseline: { file } }), 'h', { target: { type: 'local' }, systemd: '257' });
    const svc = new SystemdService(host, 'www', { preset: presets.networkService({ ports: [8080] }), service: { ExecStart: ['/usr/bin/python3 -m http.server 8080'] } });
    const { stderr } = withStderr(() => app.synth());
    const s = scores(svc);
    expect(stderr).toBe(
      [
        'cdktf-systemd: stack st:',
        `  gone: [st/h/web] web.service: in ${file} but no longer in the stack`,
        `  new: [st/h/www] www.service: not in ${file} (offline ${s.offline}, live ${s.live}); to add it, synth with ${WRITE_BASELINE_ENV}=1 and commit ${file}`,
        '',
      ].join('\n'),
    );
  });
});
