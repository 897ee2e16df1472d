/**
 * Differential test over every unit file installed on this machine (/lib/systemd/system and
 * /usr/lib/systemd/system, plus those of the oracle roots under /var/tmp/systemd-oracle: all unit
 * types, templates included; the D-Bus activation files that also end in .service; and the user
 * units of /usr/lib/systemd/user in --user scope): each parses, and our score equals every available
 * oracle's check by check (or both refuse the unit).
 *
 * The files are copied (with their own NAME.d drop-ins) into a scratch folder under their own names,
 * so that neither side sees the machine's other drop-ins (type-wide `service.d/`, `/etc/…`), and the
 * chroot oracles score the machine's file rather than their own unit of the same name. Alias
 * symlinks are recreated beside a copy of their target (systemd names the unit after the target).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadUnitFile } from '../../lib/unit/load';
import { describeEachOracle, runOracle } from '../support/oracle';
import { differences, ours } from './compare';

const ORACLE_ROOTS = process.env.SYSTEMD_ORACLE_DIR ?? '/var/tmp/systemd-oracle';
const DIRS = [
  '/lib/systemd/system',
  '/usr/lib/systemd/system',
  ...['trixie', 'sid'].map((suite) => path.join(ORACLE_ROOTS, suite, 'usr/lib/systemd/system')),
  // D-Bus activation files also end in .service but are not unit files: systemd refuses them.
  '/usr/share/dbus-1/system-services',
  '/usr/share/dbus-1/services',
];
const UNIT_SUFFIX = /\.(service|socket|mount|swap|timer|target|path|slice|automount|device)$/;

/** User units, scored in --user scope. */
const USER_DIRS = ['/usr/lib/systemd/user', ...['trixie', 'sid'].map((suite) => path.join(ORACLE_ROOTS, suite, 'usr/lib/systemd/user'))];

function machineUnitFiles(dirs: readonly string[] = DIRS): string[] {
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      const full = path.join(dir, f);
      if (!UNIT_SUFFIX.test(f) || !fs.existsSync(full) || !fs.statSync(full).isFile()) continue;
      // Aliases (symlinks) are kept under their own path; /lib and /usr/lib are one folder here.
      const key = fs.lstatSync(full).isSymbolicLink() ? path.join(fs.realpathSync(dir), f) : fs.realpathSync(full);
      if (!seen.has(key)) seen.set(key, full);
    }
  }
  return [...seen.values()].sort();
}

const originals = machineUnitFiles();
const userOriginals = machineUnitFiles(USER_DIRS);
let scratch: string;
let copies: string[];
let userCopies: string[];

/** Copies each file (and NAME.d) into a scratch folder per source folder: names repeat across roots. */
function copyAll(files: string[], dirs: readonly string[], into: string): string[] {
  return files.map((f) => {
    const folder = path.join(into, String(dirs.findIndex((d) => f.startsWith(d + '/'))));
    fs.mkdirSync(folder, { recursive: true });
    if (fs.lstatSync(f).isSymbolicLink()) {
      // An alias: recreate the link next to a copy of its target, in a folder of its own.
      const own = fs.mkdtempSync(path.join(folder, 'alias-'));
      const to = path.join(own, path.basename(f));
      const target = fs.realpathSync(f);
      const copy = path.join(own, path.basename(target) === path.basename(f) ? `target-${path.basename(target)}` : path.basename(target));
      if (target !== '/dev/null') fs.copyFileSync(target, copy);
      fs.symlinkSync(target === '/dev/null' ? target : path.basename(copy), to);
      return to;
    }
    const to = path.join(folder, path.basename(f));
    fs.copyFileSync(f, to);
    if (fs.existsSync(`${f}.d`)) fs.cpSync(`${f}.d`, `${to}.d`, { recursive: true, dereference: true });
    return to;
  });
}

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'machine-units-'));
  copies = copyAll(originals, DIRS, path.join(scratch, 'system'));
  userCopies = copyAll(userOriginals, USER_DIRS, path.join(scratch, 'user'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('the machine has unit files to compare', () => {
  expect(originals.length).toBeGreaterThan(50);
});

test('every installed unit file parses without errors', () => {
  const errors = originals.filter((f) => !f.includes('/dbus-1/')).flatMap((f) => loadUnitFile(f).diagnostics.filter((d) => d.severity === 'error').map((d) => `${f}: ${d.message}`));
  expect(errors).toEqual([]);
});

describeEachOracle('installed units vs oracle $suite (systemd $release)', ({ suite, release }) => {
  test('every unit scores exactly like the oracle', () => {
    const oracle = runOracle(suite, copies);
    const mismatches = oracle.flatMap((o, i) => differences(ours(copies[i]!, { release }), o));
    const refused = oracle.filter((o) => 'error' in o).length;
    // eslint-disable-next-line no-console
    console.log(`${suite} (${release}): ${copies.length} units compared, ${refused} refused by both, ${mismatches.length} mismatches`);
    expect(mismatches).toEqual([]);
  });

  test('every user unit scores exactly like the oracle in --user scope', () => {
    const oracle = runOracle(suite, userCopies, { user: true });
    const mismatches = oracle.flatMap((o, i) => differences(ours(userCopies[i]!, { release, scope: 'user' }), o));
    // eslint-disable-next-line no-console
    console.log(`${suite} (${release}) --user: ${userCopies.length} user units compared, ${mismatches.length} mismatches`);
    expect(mismatches).toEqual([]);
  });
});
