/**
 * `cdktf-systemd score FILE…` — no `--systemd`, so the host's own release — prints what the host's
 * `systemd-analyze security --offline=true FILE…` prints, for every unit file installed on this machine,
 * where it is installed: /usr/lib/systemd/system (every unit type), /etc/systemd/system and its
 * `.wants`/`.requires` folders, and /usr/lib/systemd/user (and /etc/systemd/user) in `--user` scope.
 * Compared: the text (tables with the DESCRIPTION column blanked — our texts are our own — summary
 * lines, row order, column widths), `--json=short` (descriptions set aside; keys, key order, values
 * and layout kept), `--json=pretty` (description lines blanked) and the exit status.
 *
 * Each folder is one run of each side (both take FILE…): a batch from one folder keeps systemd's
 * search path to that folder. The real tool runs with SYSTEMD_UNIT_PATH pointing nowhere, so that it
 * searches only the FILE folders, as `score` does (it never reads /etc/systemd/system/NAME.d for a
 * file elsewhere).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSystemdRelease } from '../../lib/exposure/release';
import { unitNameProblem } from '../../lib/unit/unit-name';
import { oracleRelease, runOracleCommand } from '../support/oracle';
import { builtCli, runCli } from './built-cli';
import { blankPrettyDescriptions, blankTextDescriptions, shortJsonWithoutDescriptions } from './systemd-output';

const ENV = { LANG: 'C.UTF-8', TERM: 'dumb', SYSTEMD_EMOJI: '0' };

/** Unit files (any type, symlinks included) directly in `dir`. */
function unitFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => unitNameProblem(f) === undefined && !fs.lstatSync(path.join(dir, f)).isDirectory())
    .map((f) => path.join(dir, f))
    .sort();
}

/** `dir` and its `.wants`/`.requires` folders. */
function withWants(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return [dir, ...fs.readdirSync(dir).filter((f) => /\.(wants|requires)$/.test(f)).map((f) => path.join(dir, f))];
}

/** One folder once, whatever path leads to it (/lib and /usr/lib are one folder on merged-/usr). */
function distinct(dirs: string[]): string[] {
  const seen = new Set<string>();
  return dirs.filter((d) => fs.existsSync(d) && !seen.has(fs.realpathSync(d)) && seen.add(fs.realpathSync(d)) !== undefined);
}

const SYSTEM = distinct(['/usr/lib/systemd/system', '/lib/systemd/system', ...withWants('/etc/systemd/system')]);
const USER = distinct(['/usr/lib/systemd/user', ...withWants('/etc/systemd/user')]);
const batches = [...SYSTEM.map((dir) => ({ dir, user: false })), ...USER.map((dir) => ({ dir, user: true }))]
  .map((b) => ({ ...b, files: unitFiles(b.dir) }))
  .filter((b) => b.files.length > 0);

const host = oracleRelease('host');
if (host === undefined || !isSystemdRelease(host)) {
  const why = 'the host has no systemd-analyze of a release we reproduce';
  if (process.env.CI) throw new Error(why);
  // eslint-disable-next-line no-console
  console.warn(`skipping the machine comparison of the CLI: ${why}`);
}
const describeHost = host !== undefined && isSystemdRelease(host) ? describe : describe.skip;

describeHost(`score vs the host's systemd-analyze ${host ?? ''}, every installed unit file`, () => {
  beforeAll(() => builtCli(), 120_000);

  test('the machine has unit files in several folders', () => {
    expect(batches.reduce((n, b) => n + b.files.length, 0)).toBeGreaterThan(100);
  });

  test.each(batches.map((b) => [`${b.dir}${b.user ? ' (--user)' : ''}`, b] as const))('%s: same text, JSON and exit status', async (_, b) => {
    const scope = b.user ? ['--user'] : [];
    for (const mode of [[], ['--json=short'], ['--json=pretty']]) {
      const ours = await runCli(['score', ...scope, ...mode, ...b.files], { env: ENV, timeoutMs: 120_000 });
      const theirs = runOracleCommand('host', ['security', '--offline=true', ...scope, ...mode, ...b.files], ENV);
      expect(ours.signal).toBeNull();
      expect(ours.status).toBe(theirs.status);
      if (mode.length === 0) {
        expect(blankTextDescriptions(ours.stdout)).toEqual(blankTextDescriptions(theirs.stdout));
        expect(ours.stdout.match(/Overall exposure level/g)?.length ?? 0).toBeGreaterThan(0);
      } else if (mode[0] === '--json=short') {
        expect(shortJsonWithoutDescriptions(ours.stdout)).toEqual(shortJsonWithoutDescriptions(theirs.stdout));
        // Compact layout, byte for byte: each line is its own JSON.stringify.
        for (const out of [ours.stdout, theirs.stdout]) {
          for (const line of out.split('\n').filter((l) => l !== '')) expect(JSON.stringify(JSON.parse(line))).toBe(line);
        }
      } else {
        expect(blankPrettyDescriptions(ours.stdout)).toBe(blankPrettyDescriptions(theirs.stdout));
      }
    }
  }, 300_000);
});
