/**
 * The CLI on hostile input: FIFOs (as unit and as --security-policy), /dev/zero and /dev/urandom,
 * a 200 MB unit file, a 2 MiB line, a million-line file, invalid UTF-8, a symlink loop among drop-in
 * folders and a drop-in folder of 10,000 files. Each run must end within seconds (a hang is killed and
 * fails), stay under 200 MB of peak resident memory (GNU time's %M of the CLI process), and either
 * print the real tool's verdict — compared at run time with the host's systemd-analyze, descriptions
 * aside — or refuse with a message naming the file. The real tool is never given an input on which it
 * blocks (a FIFO behind a symlink, a FIFO policy).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isSystemdRelease } from '../../lib/exposure/release';
import { oracleRelease, runOracleCommand, type OracleRun } from '../support/oracle';
import { builtCli, runCli, type CliRun } from './built-cli';
import { blankTextDescriptions } from './systemd-output';

const PEAK_KIB_MAX = 200 * 1024;
const SECONDS_MAX = 10;
const TEST_TIMEOUT = 120_000;
const MIB = 1024 * 1024;
const ENV = { LANG: 'C.UTF-8', TERM: 'dumb', SYSTEMD_EMOJI: '0' };

/** The host's systemd-analyze, when it is a release we reproduce (our default then): the comparison. */
const hostRelease = oracleRelease('host');
const compare = hostRelease !== undefined && isSystemdRelease(hostRelease);
const real = (args: string[]): OracleRun => runOracleCommand('host', ['security', '--offline=true', ...args], ENV);

let root: string;
const figures: string[] = [];

beforeAll(() => {
  builtCli();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-robustness-'));
}, TEST_TIMEOUT);
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  // eslint-disable-next-line no-console
  console.log(`CLI on hostile input (wall time, peak RSS of the CLI process):\n${figures.join('\n')}`);
});

/** A folder of its own for one case (systemd-analyze searches every FILE's folder). */
function caseDir(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Creates a FIFO (Node has no mkfifo). */
function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** Writes `count` chunks of `chunk` after `head` without holding the file in memory. */
function writeBig(file: string, head: string, chunk: string, count: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, head);
    const buf = Buffer.from(chunk);
    for (let i = 0; i < count; i++) fs.writeSync(fd, buf);
  } finally {
    fs.closeSync(fd);
  }
}

/** Runs the CLI, checks time and memory bounds, records the figures. */
async function bounded(label: string, args: string[]): Promise<CliRun> {
  const r = await runCli(args, { env: ENV, measure: true, timeoutMs: 30_000 });
  figures.push(`  ${label}: ${(r.ms / 1000).toFixed(2)} s, ${r.peakKiB === undefined ? '?' : (r.peakKiB / 1024).toFixed(0)} MB, exit ${r.status ?? r.signal}`);
  expect(r.signal).toBeNull();
  expect(r.ms).toBeLessThan(SECONDS_MAX * 1000);
  expect(r.peakKiB).toBeDefined();
  expect(r.peakKiB!).toBeLessThanOrEqual(PEAK_KIB_MAX);
  return r;
}

/** Our text output and exit status equal the real tool's (descriptions aside). */
function sameVerdict(ours: CliRun, file: string): void {
  if (!compare) return;
  const theirs = real([file]);
  expect(blankTextDescriptions(ours.stdout)).toEqual(blankTextDescriptions(theirs.stdout));
  expect(ours.status).toBe(theirs.status);
}

/** Both refuse (exit 1, no report), and systemd's own line about the unit is among ours. */
function sameRefusal(ours: CliRun, file: string): void {
  expect(ours.status).toBe(1);
  expect(ours.stdout).toBe('');
  if (!compare) return;
  const theirs = real([file]);
  expect(theirs.status).toBe(1);
  expect(theirs.stdout).toBe('');
  const unitLine = theirs.stderr.split('\n').find((l) => l.startsWith('Unit '));
  if (unitLine) expect(ours.stderr.split('\n')).toContain(unitLine);
}

const SERVICE = '[Service]\nExecStart=/bin/true\n';

describe('non-regular files', () => {
  test('a FIFO as the unit file: refused without opening it, like systemd ("not found")', async () => {
    const f = path.join(caseDir('fifo'), 'fifo.service');
    mkfifo(f);
    const r = await bounded('score FIFO', ['score', f]);
    expect(r.stderr).toContain(`${f} is a FIFO (named pipe), not a regular file`);
    sameRefusal(r, f);
    const fmt = await bounded('fmt FIFO', ['fmt', f]);
    expect(fmt.status).toBe(1);
    expect(fmt.stderr).toContain(`${f} is a FIFO (named pipe)`);
  }, TEST_TIMEOUT);

  test('a symlink to a FIFO (systemd-analyze would block): refused, naming the link and its target', async () => {
    const dir = caseDir('fifo-link');
    const fifo = path.join(root, 'a-pipe');
    mkfifo(fifo);
    const link = path.join(dir, 'piped.service');
    fs.symlinkSync(fifo, link);
    for (const verb of ['score', 'fmt']) {
      const r = await bounded(`${verb} link to FIFO`, [verb, link]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`${link} (a link to ${fifo}) is a FIFO (named pipe), not a regular file`);
    }
  }, TEST_TIMEOUT);

  test('a FIFO as --security-policy: refused without opening it', async () => {
    const fifo = path.join(caseDir('fifo-policy'), 'policy.json');
    mkfifo(fifo);
    const unit = path.join(caseDir('fifo-policy-unit'), 'p.service');
    fs.writeFileSync(unit, SERVICE);
    const r = await bounded('score --security-policy FIFO', ['score', '--security-policy', fifo, unit]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${fifo} is a FIFO (named pipe), not a regular file`);
  }, TEST_TIMEOUT);

  test.each(['/dev/zero', '/dev/urandom'])('%s: fmt and --security-policy refuse it; a unit linked to it is masked, as systemd says', async (dev) => {
    const fmt = await bounded(`fmt ${dev}`, ['fmt', dev]);
    expect(fmt.status).toBe(1);
    expect(fmt.stderr).toContain(`${dev} is a character device, not a regular file`);
    const unit = path.join(caseDir(`policy-${path.basename(dev)}`), 'p.service');
    fs.writeFileSync(unit, SERVICE);
    const policy = await bounded(`score --security-policy ${dev}`, ['score', '--security-policy', dev, unit]);
    expect(policy.status).toBe(1);
    expect(policy.stderr).toContain(`${dev} is a character device`);
    const link = path.join(caseDir(`link-${path.basename(dev)}`), `${path.basename(dev)}.service`);
    fs.symlinkSync(dev, link);
    const score = await bounded(`score link to ${dev}`, ['score', link]);
    expect(score.stderr).toContain(`Unit ${path.basename(link)} is masked.`);
    sameRefusal(score, link);
    const fmtLink = await bounded(`fmt link to ${dev}`, ['fmt', link]);
    expect(fmtLink.status).toBe(1);
    expect(fmtLink.stderr).toContain(`${link} (a link to ${dev}) is a character device`);
  }, TEST_TIMEOUT);

  test('a symlink to /dev/null stays a masked unit (score) and an empty file (fmt)', async () => {
    const link = path.join(caseDir('masked'), 'masked.service');
    fs.symlinkSync('/dev/null', link);
    const score = await bounded('score link to /dev/null', ['score', link]);
    expect(score.stderr).toContain('Unit masked.service is masked.');
    sameRefusal(score, link);
    const fmt = await bounded('fmt link to /dev/null', ['fmt', link]);
    expect(fmt.status).toBe(0);
    expect(fmt.stdout).toBe('');
  }, TEST_TIMEOUT);
});

describe('size', () => {
  test('a 200 MB unit file (comments around its settings): the real verdict, one read buffer of memory', async () => {
    const f = path.join(caseDir('big'), 'big.service');
    writeBig(f, SERVICE + 'PrivateNetwork=yes\n', `# ${'x'.repeat(97)}\n`, 2_000_000);
    try {
      expect(fs.statSync(f).size).toBeGreaterThanOrEqual(200_000_000);
      const r = await bounded('score 200 MB file', ['score', f]);
      expect(r.stdout).toContain('Overall exposure level for big.service');
      sameVerdict(r, f);
      const fmt = await bounded('fmt 200 MB file', ['fmt', f]);
      expect(fmt.status).toBe(0);
      expect(fmt.stdout).toContain('PrivateNetwork=yes');
    } finally {
      fs.rmSync(f);
    }
  }, TEST_TIMEOUT);

  test('a line of 2 MiB: refused like systemd (LONG_LINE_MAX, "No buffer space available"), naming file and line', async () => {
    const f = path.join(caseDir('long-line'), 'long.service');
    fs.writeFileSync(f, `${SERVICE}Environment=A=${'x'.repeat(2 * MIB)}\n`);
    const r = await bounded('score 2 MiB line', ['score', f]);
    expect(r.stderr).toContain(`${f}:3: line of`);
    sameRefusal(r, f);
    const fmt = await bounded('fmt 2 MiB line', ['fmt', f]);
    expect(fmt.status).toBe(1);
    expect(fmt.stderr).toMatch(/long\.service:3: error: line of \d+ bytes or more: systemd refuses lines of 1048576 bytes/);
  }, TEST_TIMEOUT);

  test('a million-line file of comments: the real verdict', async () => {
    const f = path.join(caseDir('million-comments'), 'million.service');
    writeBig(f, SERVICE, '# comment\n', 1_000_000);
    const r = await bounded('score 1,000,000 comment lines', ['score', f]);
    expect(r.stdout).toContain('Overall exposure level for million.service');
    sameVerdict(r, f);
  }, TEST_TIMEOUT);

  test('a million-line file of settings: refused with our limit named (systemd has none), memory bounded', async () => {
    const f = path.join(caseDir('million-settings'), 'settings.service');
    writeBig(f, SERVICE, 'Environment=A=1\n', 1_000_000);
    const r = await bounded('score 1,000,000 setting lines', ['score', f]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: more than .* of settings in this unit .*systemd has no such limit`, 'm'));
    const fmt = await bounded('fmt 1,000,000 setting lines', ['fmt', f]);
    expect(fmt.status).toBe(1);
    expect(fmt.stderr).toContain('systemd has no such limit');
  }, TEST_TIMEOUT);

  test('a policy of 60 MB of nested arrays: read within bounds (systemd-analyze itself takes gigabytes)', async () => {
    const dir = caseDir('big-policy');
    const policy = path.join(dir, 'policy.json');
    writeBig(policy, '{"Junk":[', '[[[],[]],{"a":[1,2,"x"]}],', 2_400_000);
    fs.appendFileSync(policy, '0],"PrivateNetwork":{"weight":0}}');
    const unit = path.join(dir, 'p.service');
    fs.writeFileSync(unit, SERVICE);
    try {
      const r = await bounded('score --security-policy 60 MB', ['score', '--security-policy', policy, unit]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^ {2}PrivateNetwork= /m); // excluded by the policy: no mark
    } finally {
      fs.rmSync(policy);
    }
  }, TEST_TIMEOUT);
});

describe('invalid UTF-8', () => {
  const cases: Array<[string, string]> = [
    ['in a setting', `${SERVICE}Environment=A=\xff\n`],
    ['in a section header', `[Servic\xe9]\n${SERVICE}`],
    ['a surrogate (ED A0 80)', `${SERVICE}Description=\xed\xa0\x80\n`],
    ['an overlong form (C0 80)', `${SERVICE}X-Foo=\xc0\x80\n`],
    ['a noncharacter (U+FFFE)', `${SERVICE}X-Foo=\xef\xbf\xbe\n`],
    ['a noncharacter (U+FDD0)', `${SERVICE}X-Foo=\xef\xb7\x90\n`],
    ['in a comment only (ignored)', `${SERVICE}# caf\xe9\n`],
  ];
  test.each(cases)('%s: score does what systemd does; fmt never rewrites it', async (name, text) => {
    const f = path.join(caseDir(`utf8-${name.replace(/\W+/g, '-')}`), 'u.service');
    fs.writeFileSync(f, Buffer.from(text, 'latin1'));
    const r = await bounded(`score invalid UTF-8 ${name}`, ['score', f]);
    if (name.includes('comment')) sameVerdict(r, f);
    else {
      expect(r.stderr).toMatch(/u\.service:\d+: not valid UTF-8/);
      sameRefusal(r, f);
    }
    const fmt = await bounded(`fmt invalid UTF-8 ${name}`, ['fmt', f]);
    expect(fmt.stdout).not.toContain('\ufffd');
    if (!name.includes('comment')) {
      expect(fmt.status).toBe(1);
      expect(fmt.stderr).toMatch(/u\.service:\d+: error: not valid UTF-8/);
    } else expect(fmt.status).toBe(0);
  }, TEST_TIMEOUT);

  test('in a drop-in: systemd reads the drop-in up to that line; so do we', async () => {
    const dir = caseDir('utf8-dropin');
    const f = path.join(dir, 'd.service');
    fs.writeFileSync(f, SERVICE);
    fs.mkdirSync(`${f}.d`);
    fs.writeFileSync(path.join(`${f}.d`, 'x.conf'), Buffer.from('[Service]\nPrivateNetwork=yes\nUser=\xff\nProtectSystem=strict\n', 'latin1'));
    const r = await bounded('score invalid UTF-8 in a drop-in', ['score', f]);
    expect(r.stderr).toMatch(/d\.service\.d\/x\.conf:3: not valid UTF-8.*systemd ignores the rest of this drop-in/);
    sameVerdict(r, f);
    const fmt = await bounded('fmt --merge-dropins invalid UTF-8 in a drop-in', ['fmt', '--merge-dropins', f]);
    expect(fmt.status).toBe(1);
    expect(fmt.stdout).toBe('');
  }, TEST_TIMEOUT);
});

describe('drop-in folders', () => {
  test('symlink loops among drop-in folders end at once with the real verdict', async () => {
    const cases: Array<[string, (dir: string) => void]> = [
      ['self', (d) => fs.symlinkSync('foo-bar.service.d', path.join(d, 'foo-bar.service.d'))],
      ['mutual', (d) => (fs.symlinkSync('service.d', path.join(d, 'foo-bar.service.d')), fs.symlinkSync('foo-bar.service.d', path.join(d, 'service.d')))],
      [
        'inside',
        (d) => {
          const inner = path.join(d, 'foo-bar.service.d');
          fs.mkdirSync(inner);
          fs.symlinkSync('.', path.join(inner, 'sub.conf'));
          fs.symlinkSync('x.conf', path.join(inner, 'x.conf'));
          fs.writeFileSync(path.join(inner, 'y.conf'), '[Service]\nPrivateNetwork=yes\n');
          fs.symlinkSync('foo-bar.service.d', path.join(d, 'foo-.service.d'));
          fs.symlinkSync('foo-.service.d', path.join(d, 'service.d'));
        },
      ],
    ];
    for (const [name, make] of cases) {
      const dir = caseDir(`loop-${name}`);
      const f = path.join(dir, 'foo-bar.service');
      fs.writeFileSync(f, SERVICE);
      make(dir);
      const r = await bounded(`score drop-in folder loop (${name})`, ['score', f]);
      expect(r.stdout).toContain('Overall exposure level for foo-bar.service');
      sameVerdict(r, f);
    }
  }, TEST_TIMEOUT);

  test('a FIFO among the drop-ins (systemd-analyze blocks on it): skipped with a warning, the rest applies', async () => {
    const dir = caseDir('fifo-dropin');
    const f = path.join(dir, 'pipe.service');
    fs.writeFileSync(f, SERVICE);
    fs.mkdirSync(`${f}.d`);
    mkfifo(path.join(`${f}.d`, '10-pipe.conf'));
    fs.writeFileSync(path.join(`${f}.d`, '20-x.conf'), '[Service]\nPrivateNetwork=yes\n');
    const r = await bounded('score FIFO drop-in', ['score', f]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`${dir}/pipe.service.d/10-pipe.conf is a FIFO (named pipe), not a regular file: skipped (systemd-analyze would wait forever on it)`);
    expect(r.stdout).toMatch(/^✓ PrivateNetwork= /m);
    // The verdict systemd would give if it did not block: the same unit without the FIFO.
    fs.rmSync(path.join(`${f}.d`, '10-pipe.conf'));
    sameVerdict(r, f);
  }, TEST_TIMEOUT);

  test('a drop-in folder of 10,000 files: the real verdict', async () => {
    const dir = caseDir('many-dropins');
    const f = path.join(dir, 'many.service');
    fs.writeFileSync(f, SERVICE);
    fs.mkdirSync(`${f}.d`);
    for (let i = 0; i < 10_000; i++) fs.writeFileSync(path.join(`${f}.d`, `${String(i).padStart(5, '0')}.conf`), `[Service]\nEnvironment=A${i}=1\n${i === 9_999 ? 'PrivateNetwork=yes\n' : ''}`);
    const r = await bounded('score 10,000 drop-ins', ['score', f]);
    expect(r.stdout).toContain('Overall exposure level for many.service');
    sameVerdict(r, f);
    const fmt = await bounded('fmt --merge-dropins 10,000 drop-ins', ['fmt', '--merge-dropins', f]);
    expect(fmt.status).toBe(0);
    expect(fmt.stdout).toContain('Environment=A9999=1');
  }, TEST_TIMEOUT);
});
