/**
 * Benchmark: our exposure scorer in-process against the real `systemd-analyze security --offline=true`
 * of this machine, on the machine's own unit files.
 *
 *   npm run bench:score [-- --rounds 20 --repeats 5 --per-process 150 --release 257]
 *
 * The script compiles the library with tsc (tsconfig.bench.json: the package's own compiler options)
 * and runs the JavaScript, so the figures are those of the code users install, not of a
 * development loader.
 * Units: /lib/systemd/system and /usr/lib/systemd/system (symlinks and duplicates skipped), the
 * ones that both our scorer and the real tool load. Measured:
 * - in-process `assessFile` (read + parse + drop-ins + score) and `assessUnit` (score a parsed
 *   document), the fastest of several timings of many rounds, after a warm-up round;
 * - the real tool batched as a user runs it: one process for all the files;
 * - the real tool with one process per unit (`--per-process` units, spread over the list).
 * Prints units/second for each and the ratios; the goal is in-process ≥ 1000× the real tool's
 * one-process-per-unit throughput. The machine may be shared: run it a few times.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { assessFile, assessUnit, isSystemdRelease, UnitLoadError, DEFAULT_RELEASE, type SystemdRelease } from '../lib/exposure';
import { loadUnitFile } from '../lib/unit/load';

const DIRS = ['/lib/systemd/system', '/usr/lib/systemd/system'];
const UNIT_SUFFIX = /\.(service|socket|mount|swap|timer|target|path|slice|automount|device)$/;

interface Options {
  rounds: number;
  repeats: number;
  perProcess: number;
  release?: SystemdRelease;
}

function parseOptions(): Options {
  const o = new Command()
    .name('bench:score')
    .option('--rounds <n>', 'in-process rounds over all units per timing', '20')
    .option('--repeats <n>', 'in-process timings (the fastest counts)', '5')
    .option('--per-process <n>', 'units scored with one systemd-analyze process each', '150')
    .option('--release <r>', "release our scorer reproduces (default: the host's)")
    .parse(process.argv)
    .opts<{ rounds: string; repeats: string; perProcess: string; release?: string }>();
  if (o.release !== undefined && !isSystemdRelease(o.release)) throw new Error(`--release=${o.release}: expected 252, 257 or 262`);
  return { rounds: Math.max(1, Number(o.rounds)), repeats: Math.max(1, Number(o.repeats)), perProcess: Math.max(1, Number(o.perProcess)), release: o.release as SystemdRelease | undefined };
}

function machineUnitFiles(): string[] {
  const seen = new Map<string, string>();
  for (const dir of DIRS) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, f);
      if (!UNIT_SUFFIX.test(f) || fs.lstatSync(full).isSymbolicLink() || !fs.statSync(full).isFile()) continue;
      const real = fs.realpathSync(full);
      if (!seen.has(real)) seen.set(real, full);
    }
  }
  return [...seen.values()];
}

function hostRelease(): SystemdRelease | undefined {
  const r = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  const m = /^systemd (\d+)/.exec(r.stdout ?? '');
  return m && isSystemdRelease(m[1]!) ? m[1] : undefined;
}

/** Runs the real tool on files; returns the names it reported and the wall time. */
function realTool(files: readonly string[]): { reported: Set<string>; ms: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync('systemd-analyze', ['security', '--offline=true', ...files], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, SYSTEMD_EMOJI: '0', LANG: 'C.UTF-8' },
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error) throw r.error;
  const reported = new Set([...r.stdout.matchAll(/Overall exposure level for (\S+):/g)].map((m) => m[1]!));
  return { reported, ms };
}

function loadsWithUs(file: string, release: SystemdRelease): boolean {
  try {
    assessFile(file, { release });
    return true;
  } catch (e) {
    if (e instanceof UnitLoadError) return false;
    throw e;
  }
}

const rate = (units: number, ms: number): number => (units * 1000) / ms;
const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

function main(): void {
  const options = parseOptions();
  const host = hostRelease();
  if (!host) throw new Error('no systemd-analyze of a supported release on this machine');
  const release = options.release ?? host ?? DEFAULT_RELEASE;
  const all = machineUnitFiles();
  // The units both sides load (the real tool's names: a template is reported as an instance).
  const probe = realTool(all);
  const files = all.filter((f) => loadsWithUs(f, release) && [...probe.reported].some((n) => n === path.basename(f) || n.replace(/@[^.]*\./, '@.') === path.basename(f)));
  const n = files.length;
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  out(`host: systemd ${host}; our scorer reproduces ${release}; ${n} of ${all.length} unit files load on both sides; node ${process.version}`);

  // In-process: assessFile (I/O and parsing included) and assessUnit (parsed documents), each the
  // fastest of `repeats` timings of `rounds` rounds over all units (the real tool gets best of 3).
  const documents = files.map((f) => ({ name: path.basename(f), document: loadUnitFile(f).document }));
  const fastest = (work: () => void): number => {
    work(); // warm-up (JIT, lazy tables)
    let best = Infinity;
    for (let k = 0; k < options.repeats; k++) {
      const start = process.hrtime.bigint();
      for (let r = 0; r < options.rounds; r++) work();
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
    }
    return best;
  };
  const fileMs = fastest(() => files.forEach((f) => assessFile(f, { release })));
  const unitMs = fastest(() => documents.forEach((d) => assessUnit(d, { release })));

  // The real tool, batched like a user runs it (best of three), then one process per unit.
  const batched = Math.min(...[0, 1, 2].map(() => realTool(files).ms));
  const step = Math.max(1, Math.floor(n / options.perProcess));
  const sample = files.filter((_, i) => i % step === 0).slice(0, options.perProcess);
  const t = process.hrtime.bigint();
  for (const f of sample) realTool([f]);
  const perProcessMs = Number(process.hrtime.bigint() - t) / 1e6;

  const rows: Array<[string, number]> = [
    [`ours, assessFile (best of ${options.repeats} × ${options.rounds} rounds × ${n})`, rate(options.rounds * n, fileMs)],
    [`ours, assessUnit on parsed units (best of ${options.repeats} × ${options.rounds} rounds × ${n})`, rate(options.rounds * n, unitMs)],
    [`systemd-analyze, one process for all ${n} units (best of 3)`, rate(n, batched)],
    [`systemd-analyze, one process per unit (${sample.length} units)`, rate(sample.length, perProcessMs)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  out('');
  for (const [label, value] of rows) out(`${label.padEnd(width)}  ${fmt(value).padStart(12)} units/s  (${fmt(1e6 / value)} µs/unit)`);
  const [file, unit, batch, single] = rows.map(([, v]) => v) as [number, number, number, number];
  out('');
  out(`assessFile ÷ one process per unit: ${fmt(file / single)}×   assessUnit ÷ one process per unit: ${fmt(unit / single)}×`);
  out(`assessFile ÷ batched:              ${fmt(file / batch)}×   assessUnit ÷ batched:              ${fmt(unit / batch)}×`);
  out(`target (≥ 1000× one process per unit): ${file / single >= 1000 ? 'met' : 'NOT met'} by assessFile, ${unit / single >= 1000 ? 'met' : 'NOT met'} by assessUnit`);
}

main();
