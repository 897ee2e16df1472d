/**
 * `cdktf-systemd fix --apply` on hand-written apps of different styles (test/fix/fixtures/) and on a
 * copy of the example app over a lowered budget: afterwards every placeable service is within budget
 * (fix re-runs the app to check), strict `tsc` is clean, and the diff touches only the failing
 * constructs' settings. Each app runs twice in a `tsx` child (record, then check).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fix, hunksOf, patch, regions, touchedLines, type FixRun } from './support';

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.join(__dirname, 'fixtures');

/** Lines `fix` may add: its comments, `Key: value` settings, and the `service: { ...x.service` block. */
const ADDED = /^\s*(\/\/ cdktf-systemd fix for .+|[A-Z][A-Za-z]+: .+,?|service: \{|\.\.\.[\w.]+\.service,|[})\]][\s,;)}\]]*|.*\bnew SystemdService\(.*service: \{)$/;

let root: string;
const runs = new Map<string, FixRun>();
const before = new Map<string, Map<string, string>>();

function tsFiles(dir: string): Map<string, string> {
  return new Map(fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

const appDir = (name: string): string => (name === 'example' ? path.join(root, 'example') : path.join(root, 'x/y/z', name));

beforeAll(() => {
  // The fixtures import '../../../../lib/…': copies at the same depth under a folder linking lib/,
  // presets/ and node_modules/ keep those imports (and cdktf) resolving to this checkout.
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'fix-apps-'));
  fs.mkdirSync(path.join(root, 'example'));
  for (const d of [root, path.join(root, 'example')]) for (const l of ['lib', 'presets', 'node_modules']) fs.symlinkSync(path.join(REPO, l), path.join(d, l));
  fs.mkdirSync(path.join(root, 'x/y/z'), { recursive: true });
  fs.cpSync(FIXTURES, path.join(root, 'x/y/z'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'main.ts'), path.join(root, 'example/main.ts'));
  for (const name of [...fs.readdirSync(FIXTURES), 'example']) {
    before.set(name, tsFiles(appDir(name)));
    runs.set(name, fix(appDir(name), { apply: true, ...(name === 'example' ? { budget: '0.5' } : {}) }));
  }
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const placeable = ['props-variable', 'spread', 'helpers', 'stacks-hosts', 'other-file'];

describe.each(placeable)('fix --apply on %s', (name) => {
  it('brings every service within budget (checked by running the app again)', () => {
    const run = runs.get(name)!;
    expect(run.stderr).toMatch(/synth now passes: \d+ services? within budget/);
    expect(run.code).toBe(0);
  });
});

it('fix --apply --budget 0.5 on a copy of the example app brings it within that budget', () => {
  const run = runs.get('example')!;
  expect(run.stderr).toContain('synth now passes: 3 services within budget');
  expect(run.code).toBe(0);
});

describe.each([...placeable, 'call-props'])('the diff of %s', (name) => {
  it('changes only the failing constructs’ settings, and is the change written', () => {
    const run = runs.get(name)!;
    const after = tsFiles(appDir(name));
    for (const [file, old] of before.get(name)!) {
      const now = after.get(file)!;
      const hunks = hunksOf(run.stdout, file);
      expect(patch(old, hunks)).toBe(now);
      const spans = regions(old);
      if (spans.length === 0) {
        expect(hunks).toEqual([]);
        continue;
      }
      for (const h of hunks) {
        for (const line of touchedLines(h)) expect(spans.some((r) => line > r.from && line < r.to - 1) ? line : `line ${line + 1} outside a fix-region`).toBe(line);
        for (const l of h.lines.filter((x) => x[0] === '+')) expect(l.slice(1)).toMatch(ADDED);
      }
      // every failing construct is edited
      for (const r of spans) expect(hunks.some((h) => touchedLines(h).some((l) => l > r.from && l < r.to - 1))).toBe(true);
    }
  });
});

it('the example diff edits the website service only', () => {
  const old = before.get('example')!.get('main.ts')!;
  const lines = old.split('\n');
  const start = lines.findIndex((l) => l.includes("new SystemdService(host, 'website'"));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('});'));
  const hunks = hunksOf(runs.get('example')!.stdout, 'main.ts');
  expect(hunks.length).toBeGreaterThan(0);
  for (const h of hunks) for (const l of touchedLines(h)) expect(l > start && l < end ? l : `line ${l + 1}`).toBe(l);
});

it('says where a fix cannot be placed (props built by a function call) and prints the settings', () => {
  const run = runs.get('call-props')!;
  const old = before.get('call-props')!.get('main.ts')!;
  const line = old.split('\n').findIndex((l) => l.includes("new SystemdService(host, 'made'")) + 1;
  const head = `main.ts:${line}: cp/web1/made (made.service): cannot place the fix: its props are built by a function call (makeProps(…))\n  add these settings to its service: { … } yourself:\n`;
  expect(run.stderr).toContain(head);
  const settings = run.stderr.slice(run.stderr.indexOf(head) + head.length).split('\n');
  expect(settings[0]).toMatch(/^ {4}\/\/ cdktf-systemd fix for \S+/);
  expect(settings[1]).toMatch(/^ {4}[A-Z]\w+: .+,$/);
  expect(run.stderr).toContain('still failing after the fix:\n  cp/web1/made (made.service): exposure');
  expect(run.code).toBe(1);
});

it('leaves code that strict tsc accepts', () => {
  const files = [...runs.keys()].flatMap((name) => [...tsFiles(appDir(name)).keys()].map((f) => path.join(appDir(name), f)));
  const config = { compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'commonjs', moduleResolution: 'node', esModuleInterop: true, resolveJsonModule: true, skipLibCheck: true, types: ['node'] }, files };
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify(config));
  let output = '';
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], { cwd: root, encoding: 'utf8' });
  } catch (err) {
    output = String((err as { stdout?: string }).stdout ?? err);
  }
  // only the apps' own files count here (the library is type-checked by the repository's tsc)
  const mine = output.split('\n').filter((l) => l.startsWith('x/') || l.startsWith('example/') || l.includes(root));
  expect(mine).toEqual([]);
});
