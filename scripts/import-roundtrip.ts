/**
 * The import round trip on real units (issue 11), printing the figures for the README:
 *
 *   npx tsx scripts/import-roundtrip.ts [--debian DIR] [--no-machine] [--merge-dropins] [--suites host,trixie,sid]
 *                                       [--sandboxes bookworm,trixie,sid] [--work DIR]
 *
 * Machine units: every service, socket and timer file of /lib/systemd/system and /etc/systemd/system.
 * Debian units: one folder per package under DIR (default /var/tmp/debian-units, filled by
 * scripts/collect-debian-units.sh). Each folder is imported as one module; all modules are
 * type-checked by one strict TypeScript program, run, rendered as synth renders them, and compared
 * with the originals by the real systemd-analyze of each release (see test/import/roundtrip.ts), and
 * loaded — services, sockets and timers — by a booted systemd of each sandbox suite, which must hold
 * the same D-Bus properties for original and synthesized unit (test/support/unit-properties.ts).
 * `--sandboxes ''` skips the boots (they need root and the roots of ../shared/tools/systemd-sandbox.sh).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { figures, roundTrip, unitFilesOf, type SourceGroup, type UnitOutcome } from '../test/import/roundtrip';
import type { OracleSuite } from '../test/support/oracle';
import { builtSandboxes, SANDBOX_SUITES, type SandboxSuite } from '../test/support/sandbox';

const args = process.argv.slice(2);
const value = (flag: string, fallback: string): string => {
  const i = args.indexOf(flag);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const debianDir = value('--debian', '/var/tmp/debian-units');
const suites = value('--suites', 'host,trixie,sid').split(',') as OracleSuite[];
const work = value('--work', '/var/tmp/import-roundtrip');
const merge = args.includes('--merge-dropins');
const sandboxes = value('--sandboxes', builtSandboxes().join(',')).split(',').filter((s) => s !== '') as SandboxSuite[];

function report(title: string, outcomes: readonly UnitOutcome[]): void {
  const f = figures(outcomes, suites, suites);
  const releases = sandboxes.map((s) => SANDBOX_SUITES[s]).join('/');
  console.log(`\n## ${title}${merge ? ' (drop-ins merged)' : ''}\n`);
  console.log(`| ${Object.keys(f).join(' | ')} |`);
  console.log(`|${Object.keys(f).map(() => '---').join('|')}|`);
  console.log(`| ${Object.values(f).join(' | ')} |`);
  if (sandboxes.length > 0) {
    console.log(`\n| kind | synthesized | systemd reads the same (booted ${releases}) | not compared: its own unit runs in the sandbox (${releases}) |`);
    console.log('|---|---|---|---|');
    for (const kind of ['service', 'socket', 'timer']) {
      const mine = outcomes.filter((o) => o.synthesized && o.kind === kind);
      const per = (count: (s: SandboxSuite) => number): string => sandboxes.map(count).join(' / ');
      console.log(`| ${kind} | ${mine.length} | ${per((s) => mine.filter((o) => o.sameLoad[s]).length)} | ${per((s) => mine.filter((o) => o.notLoaded[s] !== undefined).length)} |`);
    }
  }
  const failed = outcomes.filter((o) => o.problems.length > 0);
  if (failed.length > 0) console.log(`\n${failed.length} file(s) with problems:`);
  for (const o of failed) console.log(`- ${o.group}: ${path.basename(o.file)}: ${o.problems.join('; ')}`);
}

function run(title: string, groups: SourceGroup[], sub: string): void {
  const t0 = Date.now();
  const outcomes = roundTrip(groups, { work: path.join(work, sub), suites, import: merge ? { mergeDropIns: true } : {}, verifySuites: suites, loadSuites: sandboxes });
  report(title, outcomes);
  console.log(`\n(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

if (!args.includes('--no-machine')) {
  run('Machine units', ['/lib/systemd/system', '/etc/systemd/system'].map((d) => ({ id: d, files: unitFilesOf(d) })), 'machine');
}
if (fs.existsSync(debianDir)) {
  const packages = fs.readdirSync(debianDir).filter((p) => !p.startsWith('.') && !p.endsWith('.partial')).sort();
  const groups = packages.map((p) => ({ id: p, files: unitFilesOf(path.join(debianDir, p)) })).filter((g) => g.files.length > 0);
  console.log(`\nDebian: ${packages.length} packages in ${debianDir}, ${groups.length} with service/socket/timer files`);
  run('Debian packages', groups, 'debian');
}
