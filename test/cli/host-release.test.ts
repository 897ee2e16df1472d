/**
 * `score` without `--systemd` reproduces the release of the host's own `systemd-analyze`, found on every
 * run: read from the libsystemd-shared-<release>.so its binary links, or else from
 * `systemd-analyze --version`; an unknown or missing one falls back to the newest release with a note
 * on stderr; `--systemd` is never second-guessed (and the host is then not asked). The host's tool is
 * stood in for by scripts on PATH and by the oracle roots' real binaries; the last tests use the real one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeOnPath, chooseRelease, linkedVersion } from '../../lib/cli/host-release';
import { DEFAULT_RELEASE, isSystemdRelease } from '../../lib/exposure/release';
import { availableOracles, oracleVersion, oracleRelease } from '../support/oracle';
import { builtCli, runCli } from './built-cli';

let dir: string;
let unit: string;

beforeAll(() => {
  builtCli();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'host-release-'));
  unit = path.join(dir, 'web.service');
  fs.writeFileSync(unit, '[Service]\nExecStart=/bin/true\n');
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A folder for PATH holding a `systemd-analyze` that prints `version` and logs each call to `calls`. */
function fakeHost(name: string, version: string | undefined): { path: string; calls: string } {
  const bin = path.join(dir, name);
  fs.mkdirSync(bin);
  const calls = path.join(bin, 'calls');
  if (version !== undefined) {
    fs.writeFileSync(path.join(bin, 'systemd-analyze'), `#!/bin/sh\necho "$*" >> '${calls}'\nprintf '%s\\n' '${version}' '+PAM +AUDIT'\n`, { mode: 0o755 });
  }
  return { path: bin, calls };
}

/** The release a run scored with (from --json-lines) and its stderr. */
async function scoredWith(env: Record<string, string>, extra: string[] = []): Promise<{ release: string; stderr: string }> {
  const r = await runCli(['score', '--json-lines', ...extra, unit], { env });
  expect(r.status).toBe(0);
  return { release: (JSON.parse(r.stdout) as { systemd: string }).systemd, stderr: r.stderr };
}

test.each([
  ['systemd 252 (252.39-1~deb12u2)', '252'],
  ['systemd 257 (257.13-1~deb13u1)', '257'],
  ['systemd 262 (262.1-1)', '262'],
])("the host's %s is reproduced, silently, asking it once", async (version, release) => {
  const host = fakeHost(`h${release}`, version);
  const r = await scoredWith({ PATH: host.path });
  expect(r.release).toBe(release);
  expect(r.stderr).toBe('');
  expect(fs.readFileSync(host.calls, 'utf8')).toBe('--version\n');
});

test.each([
  ['a release not reproduced', 'systemd 255 (255.4-1ubuntu8)', /this host's systemd-analyze is systemd 255 \(255\.4-1ubuntu8\), a release not reproduced/],
  ['output that is not a version', 'hello', /cannot read the release from this host's systemd-analyze --version \("hello"\)/],
  ['no systemd-analyze at all', undefined, /no systemd-analyze found on this host/],
])('%s: the newest release, and stderr says which and why', async (name, version, why) => {
  const host = fakeHost(`f-${name.replace(/\W+/g, '-')}`, version);
  const r = await scoredWith({ PATH: host.path });
  expect(r.release).toBe(DEFAULT_RELEASE);
  expect(r.stderr).toMatch(why);
  expect(r.stderr).toContain(`scoring as systemd ${DEFAULT_RELEASE}, the newest release reproduced`);
});

test('--systemd wins and the host is not asked', async () => {
  const host = fakeHost('explicit', 'systemd 257 (257.13-1~deb13u1)');
  const r = await scoredWith({ PATH: host.path }, ['--systemd', '252']);
  expect(r.release).toBe('252');
  expect(fs.existsSync(host.calls)).toBe(false);
});

test('chooseRelease: an unknown --systemd is an error naming the releases', () => {
  const r = chooseRelease('999', () => 'systemd 252 (x)');
  expect(r).toBeInstanceOf(Error);
  expect((r as Error).message).toBe("Unknown systemd release '999' (one of 252, 257, 262)");
});

const ORACLE_DIR = process.env.SYSTEMD_ORACLE_DIR ?? '/var/tmp/systemd-oracle';

/** Each available suite's real systemd-analyze binary, with the release its --version names. */
const binaries = availableOracles().map(({ suite, release }) => ({
  suite, release, bin: suite === 'host' ? analyzeOnPath()! : path.join(ORACLE_DIR, suite, 'usr/bin/systemd-analyze'),
}));

test.each(binaries.map((b) => [b.suite, b.release, b.bin]))("%s: the release read from the binary is its --version's (%s)", (suite, release, bin) => {
  expect(oracleVersion(suite as 'host').startsWith(`systemd ${release} (`)).toBe(true);
  expect(linkedVersion(bin)).toBe(`systemd ${release}`);
});

const sid = binaries.find((b) => b.suite === 'sid');
(sid ? test : test.skip)("a binary that links libsystemd-shared-262.so is read, not run (on this host it could not start)", async () => {
  const bin = path.join(dir, 'linked');
  fs.mkdirSync(bin);
  fs.copyFileSync(sid!.bin, path.join(bin, 'systemd-analyze'));
  fs.chmodSync(path.join(bin, 'systemd-analyze'), 0o755);
  const r = await scoredWith({ PATH: bin });
  expect(r.release).toBe('262');
  expect(r.stderr).toBe('');
});

test('an ELF binary that links no libsystemd-shared is asked for its --version', async () => {
  const bin = path.join(dir, 'true-elf');
  fs.mkdirSync(bin);
  fs.copyFileSync(fs.realpathSync('/bin/true'), path.join(bin, 'systemd-analyze'));
  fs.chmodSync(path.join(bin, 'systemd-analyze'), 0o755);
  const r = await scoredWith({ PATH: bin });
  expect(r.release).toBe(DEFAULT_RELEASE);
  expect(r.stderr).toMatch(/cannot read the release from this host's systemd-analyze --version \("true \(GNU coreutils\) [^"]*"\)/);
});

const hostRelease = oracleRelease('host');
(hostRelease && isSystemdRelease(hostRelease) ? test : test.skip)("on this machine: the real host's release", async () => {
  const r = await scoredWith({});
  expect(`systemd ${r.release}`).toBe(oracleVersion('host').split(' (')[0]);
  expect(r.stderr).toBe('');
});
