/**
 * The `score` verb against the real `systemd-analyze security --offline=true` of each release: same
 * exit codes, same text — summary lines, rows in the same order, column widths; descriptions are ours,
 * so they are blanked on both sides — threshold semantics, glyph rules, the same `--json=short|pretty`
 * output (descriptions set aside), our own `--json-lines`, and systemd-analyze's spellings of the
 * options. Runs `main()` in-process and captures its output.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../lib/cli/main';
import { RELEASE_DATA } from '../../lib/exposure/releases';
import { describeEachOracle, oracleRelease, runOracleCommand, type OracleSuite } from '../support/oracle';
import { blankPrettyDescriptions, blankTextDescriptions, shortJsonWithoutDescriptions } from '../cli/systemd-output';
import { packageVersion } from '../../lib/cli/version';
import { unitNameProblem } from '../../lib/unit/unit-name';

const CASES = path.join(__dirname, 'cases');
const FILES = [
  't03-user-nobody.service', 'B-t30-protectproc.service', 'e07-noexec.service', 'f02-inst@bar.service',
  'e02-tmpl@.service', 't21-hardened.service', 't26-defdeps.service', 'e32-sock.socket', 'B-t90.timer',
  'x01-empty-masked.timer', 'missing.service',
].map((f) => path.join(CASES, f));

async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await main(['node', 'cdktf-systemd', ...args]);
    return { stdout, stderr, code };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.env = saved;
  }
}

/** Rows of a systemd-style table as "mark name exposure", sorted (for policies with texts of their own). */
function rows(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => /^[✓✗+\- ] \S/.test(l) && !l.startsWith('  NAME'))
    .map((l) => {
      const name = l.slice(2).split(/\s+/)[0];
      const exposure = /(\d+\.\d)$/.exec(l)?.[1] ?? '';
      return `${l[0]} ${name} ${exposure}`;
    })
    .sort();
}

const summaries = (text: string): string[] => text.split('\n').filter((l) => l.includes('Overall exposure level'));
const GLYPH_ENV = { LANG: 'C.UTF-8', TERM: 'dumb', SYSTEMD_EMOJI: '' };
/** Unit files directly in a cases folder. */
const filesIn = (dir: string): string[] =>
  fs.readdirSync(dir).filter((f) => unitNameProblem(f) === undefined && fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.isFile() === true).map((f) => path.join(dir, f)).sort();

describeEachOracle('score CLI vs oracle $suite (systemd $release)', ({ suite, release }) => {
  const oracle = (args: string[], env: Record<string, string> = GLYPH_ENV) => runOracleCommand(suite as OracleSuite, ['security', '--offline=true', ...args], env);

  test('same summaries, rows and exit code for a mixed batch of files', async () => {
    const ours = await runCli(['score', '--systemd', release, ...FILES], GLYPH_ENV);
    const theirs = oracle(FILES);
    expect(summaries(theirs.stdout)).toHaveLength(7);
    expect(blankTextDescriptions(ours.stdout)).toEqual(blankTextDescriptions(theirs.stdout));
    expect(ours.code).toBe(theirs.status);
    expect(ours.code).toBe(1);
  });

  test.each([
    ['every case file', CASES, []],
    ['every user-scope case file', path.join(CASES, 'user'), ['--user']],
  ])('%s: same text, --json=short and --json=pretty as the oracle', async (_, dir, scope) => {
    const files = filesIn(dir);
    for (const mode of [[], ['--json=short'], ['--json=pretty']]) {
      const ours = await runCli(['score', '--systemd', release, ...scope, ...mode, ...files], GLYPH_ENV);
      const theirs = oracle([...scope, ...mode, ...files]);
      expect(ours.code).toBe(theirs.status);
      if (mode.length === 0) expect(blankTextDescriptions(ours.stdout)).toEqual(blankTextDescriptions(theirs.stdout));
      else if (mode[0] === '--json=short') expect(shortJsonWithoutDescriptions(ours.stdout)).toEqual(shortJsonWithoutDescriptions(theirs.stdout));
      else expect(blankPrettyDescriptions(ours.stdout)).toBe(blankPrettyDescriptions(theirs.stdout));
    }
  });

  test('a row without description (ProtectProc=noaccess) is placed where systemd places it', async () => {
    const f = path.join(CASES, 'B-t30-protectproc.service');
    const ours = await runCli(['score', '--systemd', release, '--json=short', f]);
    const theirs = oracle(['--json=short', f]);
    expect(JSON.parse(theirs.stdout).some((r: { description: unknown }) => r.description === null)).toBe(true);
    expect(shortJsonWithoutDescriptions(ours.stdout)).toEqual(shortJsonWithoutDescriptions(theirs.stdout));
  });

  test.each([
    ['94', 't13-ipdeny-localhost.service'], ['93', 't13-ipdeny-localhost.service'], ['100', 't41-dangerous.service'],
    ['99', 't41-dangerous.service'], ['0', 't21-hardened.service'], ['2', 't21-hardened.service'],
    ['9.4', 't13-ipdeny-localhost.service'], ['101', 't13-ipdeny-localhost.service'], ['-1', 't13-ipdeny-localhost.service'],
  ])('--threshold=%s on %s: same exit code', async (threshold, file) => {
    const f = path.join(CASES, file);
    const ours = await runCli(['score', '--systemd', release, `--threshold=${threshold}`, f]);
    expect(ours.code).toBe(oracle([`--threshold=${threshold}`, f]).status);
  });

  test.each([
    [{ LANG: 'C.UTF-8', TERM: 'dumb', SYSTEMD_EMOJI: '' }],
    [{ LANG: 'C', TERM: 'xterm', SYSTEMD_EMOJI: '' }],
    [{ LANG: 'C.UTF-8', TERM: 'xterm', SYSTEMD_EMOJI: '' }],
    [{ LANG: 'C.UTF-8', TERM: 'xterm', SYSTEMD_EMOJI: '0' }],
  ])('glyphs follow systemd rules with %o', async (env) => {
    const f = path.join(CASES, 't03-user-nobody.service');
    const ours = await runCli(['score', '--systemd', release, f], env);
    const theirs = oracle([f], env);
    expect(blankTextDescriptions(ours.stdout)).toEqual(blankTextDescriptions(theirs.stdout));
  });

  test('--user scope matches', async () => {
    const files = fs.readdirSync(path.join(CASES, 'user')).filter((f) => f.endsWith('.service')).map((f) => path.join(CASES, 'user', f));
    const ours = await runCli(['score', '--user', '--systemd', release, ...files], GLYPH_ENV);
    const theirs = oracle(['--user', ...files]);
    expect(blankTextDescriptions(ours.stdout)).toEqual(blankTextDescriptions(theirs.stdout));
    expect(ours.code).toBe(theirs.status);
  });

  test('--json-lines: our own object per unit per line, numbers like systemd prints them', async () => {
    const f = [path.join(CASES, 't03-user-nobody.service'), path.join(CASES, 'e07-noexec.service'), path.join(CASES, 't21-hardened.service')];
    const ours = await runCli(['score', '--json-lines', '--systemd', release, ...f]);
    const lines = ours.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    const theirs = summaries(oracle(f).stdout).map((l) => /: (\d+\.\d) (\w+)/.exec(l)!.slice(1));
    lines.forEach((obj, i) => {
      expect(Object.keys(obj)).toEqual(['unit', 'file', 'systemd', 'overall', 'level', 'checks']);
      expect(obj.systemd).toBe(release);
      expect(typeof obj.overall).toBe('number');
      expect((obj.overall as number).toFixed(1)).toBe(theirs[i]![0]);
      expect(obj.level).toBe(theirs[i]![1]);
      const checks = obj.checks as Array<Record<string, unknown>>;
      expect(checks).toHaveLength(81);
      for (const c of checks) {
        expect(Object.keys(c)).toEqual(['name', 'json_field', 'set', 'exposure', 'description']);
        expect(c.exposure === null || typeof c.exposure === 'number').toBe(true);
      }
    });
    expect(ours.code).toBe(1);
  });

  describe('security policy', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-'));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const policyFile = (name: string, text: string): string => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, text);
      return p;
    };

    test.each([
      ['weights', '{"PrivateNetwork":{"weight":0},"UserOrDynamicUser":{"weight":5000,"range":20},"ProtectHome":{"range":100},"NoNewPrivileges":"x","PrivateTmp":{"weight":-5},"ProtectSystem":{"weight":2.5},"Bogus":{"weight":1}}'],
      ['reals', '{"PrivateNetwork":{"weight":3000.0},"ProtectHome":{"weight":1.5}}'],
      ['descriptions', '{"PrivateNetwork":{"description_bad":"custom bad","description_good":"custom good"},"RemoveIPC":{"weight":0}}'],
      ['top-level array', '[1,2]'],
      ['huge weights (uint64 arithmetic wraps)', '{"PrivateNetwork":{"weight":4503599627370496},"UMask":{"weight":1125899906842624}}'],
      ['big weight', '{"PrivateNetwork":{"weight":1000000000000}}'],
      ['empty object', '{}'],
    ])('%s: same result as the oracle', async (name, text) => {
      const p = policyFile(`${name.replace(/\W/g, '_')}.json`, text);
      const f = [path.join(CASES, 't03-user-nobody.service'), path.join(CASES, 't26-defdeps.service')];
      const ours = await runCli(['score', '--systemd', release, '--policy', p, ...f], GLYPH_ENV);
      const theirs = oracle(['--security-policy', p, ...f]);
      if (theirs.status === 0) expect(summaries(theirs.stdout)).toHaveLength(2);
      expect(summaries(ours.stdout)).toEqual(summaries(theirs.stdout));
      // Texts of the policy's own are compared with systemd's, which we do not keep: order aside there.
      if (name === 'descriptions') expect(rows(ours.stdout)).toEqual(rows(theirs.stdout));
      else expect(blankTextDescriptions(ours.stdout)).toEqual(blankTextDescriptions(theirs.stdout));
      expect(ours.code).toBe(theirs.status);
    });

    test.each([
      ['range below a possible badness', '{"UMask":{"range":3}}'],
      ['range 0', '{"ProtectHome":{"range":0}}'],
      ['JSON syntax error', '{"UMask":'],
      ['every weight 0', JSON.stringify(Object.fromEntries(RELEASE_DATA['262'].checks.map((c) => [c.jsonField, { weight: 0 }])))],
    ])('%s: we refuse with an error where systemd fails or aborts', async (name, text) => {
      const p = policyFile(`${name.replace(/\W/g, '_')}.json`, text);
      const f = path.join(CASES, 't03-user-nobody.service');
      const ours = await runCli(['score', '--systemd', release, '--policy', p, f]);
      expect(ours.code).toBe(1);
      expect(ours.stdout).toBe('');
      expect(ours.stderr).toMatch(/security policy/);
      expect(oracle(['--security-policy', p, f]).status).not.toBe(0);
    });
  });
});

describe('systemd-analyze spellings of the options', () => {
  const f = path.join(CASES, 'live', 'lv07-pmounts-no.service');
  test('--offline=false is --live, --offline=true is the default', async () => {
    const live = await runCli(['score', '--live', f], GLYPH_ENV);
    expect((await runCli(['score', '--offline=false', f], GLYPH_ENV)).stdout).toBe(live.stdout);
    const offline = await runCli(['score', f], GLYPH_ENV);
    expect((await runCli(['score', '--offline=true', f], GLYPH_ENV)).stdout).toBe(offline.stdout);
    expect(summaries(live.stdout)).not.toEqual(summaries(offline.stdout));
    expect((await runCli(['score', '--offline=maybe', f])).code).toBe(1);
  });

  test('--security-policy=FILE is --policy FILE; --json=off is text; --no-pager and --system are accepted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-alias-'));
    const p = path.join(dir, 'p.json');
    fs.writeFileSync(p, '{"PrivateNetwork":{"weight":0}}');
    try {
      const a = await runCli(['score', '--policy', p, f], GLYPH_ENV);
      expect((await runCli(['score', `--security-policy=${p}`, f], GLYPH_ENV)).stdout).toBe(a.stdout);
      const text = await runCli(['score', f], GLYPH_ENV);
      expect((await runCli(['score', '--json=off', f], GLYPH_ENV)).stdout).toBe(text.stdout);
      expect((await runCli(['score', '--no-pager', '--system', f], GLYPH_ENV)).stdout).toBe(text.stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--version prints our version and the releases reproduced', async () => {
    for (const args of [['--version'], ['score', '--version']]) {
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`cdktf-systemd ${packageVersion()}\nscore reproduces systemd-analyze security of systemd 252, 257, 262\n`);
    }
    expect(packageVersion()).toBe(JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')).version);
  });
});

describe('exit status and output where systemd-analyze prints nothing useful', () => {
  const host = oracleRelease('host');
  const f = path.join(CASES, 't03-user-nobody.service');
  const cases: Array<[string, string[]]> = [
    ['an unknown option', ['--bogus', f]],
    ['--json with a file for its value', ['--json', f]],
    ['--json=bogus', ['--json=bogus', f]],
    ['--threshold=abc', ['--threshold=abc', f]],
    ['--offline=maybe', ['--offline=maybe', f]],
    ['a missing policy file', ['--security-policy=/nonexistent/p.json', f]],
    ['no unit files', []],
    ['a missing unit file between two others', [f, path.join(CASES, 'missing.service'), f]],
  ];
  (host ? test.each(cases) : test.skip.each(cases))('%s: same exit status and standard output as the host tool', async (_, args) => {
    const ours = await runCli(['score', ...args], GLYPH_ENV);
    const theirs = runOracleCommand('host', ['security', '--offline=true', ...args], GLYPH_ENV);
    expect(ours.code).toBe(theirs.status);
    expect(blankTextDescriptions(ours.stdout)).toEqual(blankTextDescriptions(theirs.stdout));
  });
});
