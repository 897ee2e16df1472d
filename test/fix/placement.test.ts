/**
 * Placing settings without running an app: where `fix` refuses (each reason names what it found), how
 * it edits literals of different layouts, the unified diff, and constructs sharing one `new`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Project } from 'ts-morph';
import { runFix } from '../../lib/cli/fix-run';
import { planFixes, unplacedText } from '../../lib/fix/apply';
import { detectStyle, serviceEdits } from '../../lib/fix/edit';
import { locate } from '../../lib/fix/locate';
import type { AppRecord, PlannedSetting, RecordedUnit } from '../../lib/fix/record';
import { applyEdits, unifiedDiff } from '../../lib/fix/unified-diff';

const HEAD = "import { SystemdService } from 'cdktf-systemd';\ndeclare const host: never;\n";

function sourceOf(body: string) {
  const project = new Project({ useInMemoryFileSystem: true });
  return project.createSourceFile('/app/main.ts', HEAD + body);
}

/** Line and column (1-based) of the `new` before `new SystemdService(host, 'ID'`. */
function siteOf(text: string, id: string): { line: number; column: number } {
  const at = text.indexOf(`new SystemdService(host, '${id}'`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function reasonFor(body: string, id: string, recordedId = id): string {
  const sf = sourceOf(body);
  const { line, column } = siteOf(sf.getFullText(), id);
  const found = locate(sf, line, column, recordedId);
  return found.ok ? 'placed' : found.reason;
}

describe('where fix cannot place settings, it says why', () => {
  it.each([
    ['a parameter', "function mk(p: any) { return new SystemdService(host, 'a', p); }", 'a', 'its props come from `p`, a parameter of function mk'],
    ['a let', "let props = { service: {} };\nnew SystemdService(host, 'b', props);", 'b', 'its props come from `props`, declared with let (line 3), so it may change'],
    ['a shared const', "const shared = { service: {} };\nnew SystemdService(host, 'c', shared);\nnew SystemdService(host, 'd', shared);", 'c', 'its props come from `shared` (line 3), used 2 times in this file, so a change would reach more than this construct'],
    ['an exported const', "export const svc = { ExecStart: ['/x'] };\nnew SystemdService(host, 'k', { service: svc });", 'k', 'its service settings come from `svc` (line 3), exported, so other files may use it too'],
    ['an import', "import { props } from './props';\nnew SystemdService(host, 'e', props);", 'e', "its props come from `props`, imported from './props'"],
    ['a call for service', "new SystemdService(host, 'f', { service: svc('x') });", 'f', 'its service settings are built by a function call (svc(…))'],
    ['a spread of a call', "new SystemdService(host, 'g', { ...mk(), preset: p });", 'g', 'its service settings come from `...mk()`, which is not a plain name'],
  ])('%s', (_what, body, id, reason) => {
    expect(reasonFor(body, id)).toBe(reason);
  });

  it('a construct whose id differs from the one recorded', () => {
    expect(reasonFor("new SystemdService(host, 'h', { service: {} });", 'h', 'other')).toBe("the construct here is 'h', not 'other' (was the file changed since the app ran?)");
  });

  it('a position with no `new`', () => {
    const sf = sourceOf("new SystemdService(host, 'i', { service: {} });");
    const found = locate(sf, 3, 2, 'i');
    expect(found.ok ? 'placed' : found.reason).toBe('no `new …(…)` expression starts here (was the file changed since the app ran?)');
  });
});

const setting = (key: string, value: PlannedSetting['value'], extra: Partial<PlannedSetting> = {}): PlannedSetting => ({
  key,
  value,
  list: Array.isArray(value),
  resets: false,
  reasons: [{ check: `${key}=`, breaks: 'something' }],
  ...extra,
});

function edited(body: string, id: string, settings: readonly PlannedSetting[]): string {
  const sf = sourceOf(body);
  const { line, column } = siteOf(sf.getFullText(), id);
  const found = locate(sf, line, column, id);
  if (!found.ok || found.placement.kind !== 'service') throw new Error(found.ok ? 'not a service literal' : found.reason);
  return applyEdits(sf.getFullText(), serviceEdits(found.placement.literal, settings, detectStyle(sf))).slice(HEAD.length);
}

describe('edits keep the layout and comments of the literal', () => {
  it('replaces a value in place, saying what it was, and appends to an array the user wrote', () => {
    const body = [
      "new SystemdService(host, 'a', {",
      '  service: {',
      "    ExecStart: ['/bin/a'],",
      '    PrivateNetwork: false, // mine',
      '    RestrictAddressFamilies: [',
      "      'AF_UNIX',",
      '    ],',
      '  },',
      '});',
      '',
    ].join('\n');
    const out = edited(body, 'a', [setting('PrivateNetwork', true), setting('RestrictAddressFamilies', ['AF_UNIX', 'none'], { before: ['AF_UNIX'], added: ['none'] })]);
    expect(out).toBe(
      [
        "new SystemdService(host, 'a', {",
        '  service: {',
        "    ExecStart: ['/bin/a'],",
        '    // cdktf-systemd fix for PrivateNetwork=; may break: something; was: false',
        '    PrivateNetwork: true, // mine',
        "    // cdktf-systemd fix for RestrictAddressFamilies=; may break: something; adds ['none']",
        '    RestrictAddressFamilies: [',
        "      'AF_UNIX',",
        "      'none',",
        '    ],',
        '  },',
        '});',
        '',
      ].join('\n'),
    );
  });

  it('adds after a comment that ends the last line, and writes the file’s quotes', () => {
    const body = ["new SystemdService(host, 'b', {", '  unit: { Description: "B", After: ["network.target"] },', '  service: {', '    ExecStart: ["/bin/b --flag"] // last', '  },', '});', ''].join('\n');
    const out = edited(body, 'b', [setting('ProtectSystem', 'strict')]);
    expect(out).toBe(["new SystemdService(host, 'b', {", '  unit: { Description: "B", After: ["network.target"] },', '  service: {', '    ExecStart: ["/bin/b --flag"], // last', '    // cdktf-systemd fix for ProtectSystem=; may break: something', '    ProtectSystem: "strict"', '  },', '});', ''].join('\n'));
  });

  it('lays a one-line literal out one property per line, keeping its comments', () => {
    const out = edited("new SystemdService(host, 'c', { service: { ExecStart: ['/bin/c'] /* why */ } });\n", 'c', [setting('PrivateTmp', true)]);
    expect(out).toBe(
      ["new SystemdService(host, 'c', { service: {", "  ExecStart: ['/bin/c'],", '  // cdktf-systemd fix for PrivateTmp=; may break: something', '  PrivateTmp: true,', '  /* why */', '} });', ''].join('\n'),
    );
  });
});

it('the unified diff of an edit', () => {
  const text = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n') + '\n';
  const at = text.indexOf('d') + 1;
  expect(unifiedDiff('x.ts', text, [{ start: at, end: at, text: '\nd2' }])).toBe(['--- a/x.ts', '+++ b/x.ts', '@@ -2,6 +2,7 @@', ' b', ' c', ' d', '+d2', ' e', ' f', ' g', ''].join('\n'));
});

describe('constructs made by one `new`', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fix-share-'));
  const file = path.join(dir, 'main.ts');
  const second = "export const mk = (host: never, id: string) => new SystemdService(host, id, { service: { ExecStart: ['/x'] } });";
  fs.writeFileSync(file, `import { SystemdService } from 'cdktf-systemd';\n${second}\n`);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const site = { file, line: 2, column: second.indexOf('new ') + 1 };
  const plan = (value: boolean) => ({ mode: 'offline' as const, exposure: 11, exposureAfter: 4, budget: 5, settings: [setting('PrivateNetwork', value)], conflicts: {} });
  const unit = (id: string, extra: Partial<RecordedUnit>): RecordedUnit => ({ path: `s/h/${id}`, id, unit: `${id}.service`, site, ok: false, ...extra });
  const record = (units: RecordedUnit[]): AppRecord => ({ units, synthCalls: 1, synthErrors: [] });

  it('share one edit when all fail with the same plan', () => {
    const out = planFixes(record([unit('a', { plan: plan(true) }), unit('b', { plan: plan(true) })]), dir);
    expect(out.unplaced).toEqual([]);
    expect(out.placed.map((p) => p.paths)).toEqual([['s/h/a', 's/h/b']]);
    expect(out.files[0]!.after).toContain('PrivateNetwork: true');
  });

  it('are left alone when one of them passes', () => {
    const out = planFixes(record([unit('a', { plan: plan(true) }), unit('b', { ok: true })]), dir);
    expect(out.files).toEqual([]);
    expect(unplacedText(out.unplaced[0]!).split('\n')[0]).toBe('main.ts:2: s/h/a (a.service): cannot place the fix: this `new` also makes s/h/b, which passes its policy: an edit here would change it too');
  });

  it('are left alone when their plans differ', () => {
    const out = planFixes(record([unit('a', { plan: plan(true) }), unit('b', { plan: plan(false) })]), dir);
    expect(out.unplaced[0]!.reason).toBe('this `new` makes s/h/a, s/h/b, whose plans differ: one edit here cannot fit them all');
  });
});

describe('options', () => {
  function cli(args: string[], cwd?: string): { code: number; stderr: string } {
    let stderr = '';
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
    const exit = { code: 0 };
    try {
      const budget = args[args.indexOf('--budget') + 1];
      const app = args.includes('--app') ? args[args.indexOf('--app') + 1]! : 'main.ts';
      runFix({ app, ...(args.includes('--budget') && budget !== undefined ? { budget } : {}) }, exit, cwd);
    } finally {
      err.mockRestore();
    }
    return { code: exit.code, stderr };
  }

  it('a budget off systemd’s scale', () => {
    expect(cli(['--budget', '12'])).toEqual({ code: 2, stderr: "--budget must be a number from 0.0 to 10.0 with at most one decimal (systemd's scale), got 12\n" });
  });

  it('an app file that does not exist', () => {
    expect(cli(['--app', 'nope.ts'], os.tmpdir())).toEqual({ code: 2, stderr: "nope.ts: no such file (give the app's entry file with --app)\n" });
  });
});

it('a construct made by code outside the project, called from here', () => {
  const sf = sourceOf("lib.makeService(host, 'j');\n");
  const text = sf.getFullText();
  const at = text.indexOf('makeService');
  const line = text.slice(0, at).split('\n').length;
  const found = locate(sf, line, at - text.lastIndexOf('\n', at), 'j');
  expect(found.ok ? 'placed' : found.reason).toBe('the construct is made inside lib.makeService(…), whose code is not in this project');
});
