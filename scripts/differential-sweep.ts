/**
 * A long random differential sweep of the exposure scorer against the real systemd-analyze:
 *
 *   npx tsx scripts/differential-sweep.ts --count 20000 --seed 7 --release 262
 *
 * Generates `--count` units per release (test/support/unit-arbitrary.ts, reproducible from
 * `--seed`), scores them with every available oracle (or only the one of `--release`) in chunks,
 * prints the figures, and shrinks up to `--max-shrink` mismatches per release (one per kind of
 * difference) with fast-check's own shrinker, evaluating shrink candidates against the oracle in
 * batches. The minimal units are written to test/exposure/cases/m-sweep-… (unless `--no-write`),
 * (…/cases/user/ for `--scope user`), where the edge-case test picks them up. Exit status 1 when a
 * mismatch was found.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import fc from 'fast-check';
import { isSystemdRelease, type Scope, type SystemdRelease } from '../lib/exposure';
import {
  compareResults, compareWithOracle, formatMismatch, removeDir, scratchDir, writeUnits, type Mismatch, type Target, type WrittenUnit,
} from '../test/exposure/random/differential';
import { availableOracles, runOracle } from '../test/support/oracle';
import { describeUnit, renderUnit, unitArbitrary, writeUnit, type GeneratedUnit } from '../test/support/unit-arbitrary';

import { Recording } from './recording-arbitrary';

const CASES_DIR = path.resolve(__dirname, '../test/exposure/cases');

/**
 * The kinds of difference in a mismatch (`DeviceAllow.badness`, `we-refused`, …), without unit names
 * and numbers; the overall number and level follow from the checks, so they count only alone.
 */
function signature(m: Mismatch): string[] {
  const kinds = new Set(
    m.differences.map((d) => {
      const body = d.replace(/^[^:]*: /, '');
      if (/^we refused/.test(body)) return 'we-refused';
      if (/^oracle refused/.test(body)) return 'oracle-refused';
      const field = /^(\S+?)\.(badness|set|exposure|weight|range|name) /.exec(body);
      if (field) return `${field[1]}.${field[2]}`;
      return body.split(' ')[0]!;
    }),
  );
  const specific = [...kinds].filter((k) => k !== 'overall' && k !== 'level');
  return (specific.length > 0 ? specific : [...kinds]).sort();
}

interface Options {
  count: number;
  seed: number;
  release?: SystemdRelease;
  scope: Scope;
  chunk: number;
  maxShrink: number;
  write: boolean;
}

function parseOptions(argv: string[]): Options {
  const program = new Command()
    .name('differential-sweep')
    .description('Random differential sweep of the exposure scorer against the real systemd-analyze')
    .option('--count <n>', 'units per release', '20000')
    .option('--seed <n>', 'fast-check seed (default: time based, printed)')
    .option('--release <r>', 'only the oracle of this release (252, 257, 262)')
    .option('--scope <scope>', 'manager scope: system or user (--user)', 'system')
    .option('--chunk <n>', 'units written to disk at a time', '2000')
    .option('--max-shrink <n>', 'mismatches to shrink per release (one per kind)', '8')
    .option('--no-write', 'do not write case files')
    .parse(argv);
  const o = program.opts<{ count: string; seed?: string; release?: string; scope: string; chunk: string; maxShrink: string; write: boolean }>();
  const int = (name: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}=${v}: expected a non-negative integer`);
    return n;
  };
  if (o.release !== undefined && !isSystemdRelease(o.release)) throw new Error(`--release=${o.release}: expected 252, 257 or 262`);
  if (o.scope !== 'system' && o.scope !== 'user') throw new Error(`--scope=${o.scope}: expected system or user`);
  return {
    scope: o.scope,
    count: int('count', o.count),
    seed: o.seed === undefined ? Date.now() % 2 ** 31 : int('seed', o.seed),
    release: o.release as SystemdRelease | undefined,
    chunk: Math.max(1, int('chunk', o.chunk)),
    maxShrink: int('max-shrink', o.maxShrink),
    write: o.write,
  };
}

/** Still failing with at least one of the original kinds of difference? */
function stillFails(target: Target, written: WrittenUnit, wanted: readonly string[]): Mismatch | undefined {
  const oracle = runOracle(target.suite, [written.file], { user: target.scope === 'user' });
  const m = compareResults(target, [written], oracle).mismatches[0];
  return m && signature(m).some((s) => wanted.includes(s)) ? m : undefined;
}

/**
 * Greedy shrinking with fast-check's shrink trees: take the next candidates of the current value,
 * score them with the oracle in one batch, move to the first that still fails the same way; stop
 * when a whole stream of candidates passes or the budget of oracle calls is spent.
 */
function shrink(
  arbitrary: fc.Arbitrary<GeneratedUnit>, target: Target, start: fc.Value<GeneratedUnit>,
  wanted: readonly string[], budget: { calls: number },
): fc.Value<GeneratedUnit> {
  const BATCH = 48;
  let current = start;
  for (;;) {
    let improved = false;
    const candidates = arbitrary.shrink(current.value, current.context)[Symbol.iterator]();
    while (!improved && budget.calls > 0) {
      const batch: Array<fc.Value<GeneratedUnit>> = [];
      for (let next = candidates.next(); !next.done && batch.length < BATCH; next = candidates.next()) batch.push(next.value);
      if (batch.length === 0) break;
      budget.calls--;
      const dir = scratchDir('sweep-shrink');
      try {
        const written = writeUnits(dir, batch.map((v) => v.value), 's');
        const result = compareWithOracle(target, written);
        const failing = new Set(result.mismatches.filter((m) => signature(m).some((s) => wanted.includes(s))).map((m) => m.written));
        const index = written.findIndex((w) => failing.has(w));
        if (index >= 0) {
          current = batch[index]!;
          improved = true;
        }
      } finally {
        removeDir(dir);
      }
    }
    if (!improved) return current;
  }
}

/** A file-name slug for a mismatch kind. */
function slug(kinds: readonly string[]): string {
  return kinds
    .join('_')
    .replace(/CapabilityBoundingSet_CAP_/g, 'cbs_')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .slice(0, 60)
    .replace(/_$/, '');
}

/** Writes the minimal unit as a case file with the `m-` prefix; returns its path. */
function writeCase(unit: GeneratedUnit, target: Target, kinds: readonly string[], seed: number): string {
  const base = `sweep_${target.release}${target.scope === 'user' ? '_user' : ''}_${slug(kinds)}_${seed}`;
  for (let n = 0; ; n++) {
    const id = unit.type === 'mount' ? `${base}_${n}` : `m-${base}_${n}`;
    const name = renderUnit(unit, id).name;
    // The edge-case test reads user-scope cases from their own folder.
    const dir = target.scope === 'user' ? path.join(CASES_DIR, 'user') : CASES_DIR;
    if (fs.existsSync(path.join(dir, name))) continue;
    return writeUnit(dir, unit, id);
  }
}

function main(): number {
  const options = parseOptions(process.argv);
  const suites = availableOracles().filter((o) => options.release === undefined || o.release === options.release);
  if (suites.length === 0) {
    process.stderr.write(`no oracle available${options.release ? ` for systemd ${options.release}` : ''}\n`);
    return 2;
  }
  process.stdout.write(
    `seed ${options.seed}, ${options.count} units per release, ${options.scope} scope, oracles: ${suites.map((s) => `${s.suite} (${s.release})`).join(', ')}\n`,
  );
  let failed = false;
  for (const [index, { suite, release }] of suites.entries()) {
    const target: Target = { suite, release, scope: options.scope };
    // Each release gets its own units: more variety for the same oracle time.
    const arbitrary = new Recording(unitArbitrary());
    const seed = options.seed + index;
    const started = Date.now();
    const units = fc.sample(arbitrary, { seed, numRuns: options.count });
    const values = arbitrary.values.slice(-units.length);
    const totals = { compared: 0, refusedByBoth: 0 };
    const mismatches: Array<{ mismatch: Mismatch; value: fc.Value<GeneratedUnit> }> = [];
    let oracleMs = 0;
    for (let from = 0; from < units.length; from += options.chunk) {
      const dir = scratchDir('sweep');
      try {
        const written = writeUnits(dir, units.slice(from, from + options.chunk), `r${from}_`);
        const t = Date.now();
        const summary = compareWithOracle(target, written);
        oracleMs += Date.now() - t;
        totals.compared += summary.compared;
        totals.refusedByBoth += summary.refusedByBoth;
        for (const m of summary.mismatches) {
          const i = from + written.indexOf(m.written);
          mismatches.push({ mismatch: { ...m, written: { ...m.written, rendered: renderUnit(units[i]!, `r${i}`) } }, value: values[i]! });
        }
      } finally {
        removeDir(dir);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `${suite} (systemd ${release}), seed ${seed}: ${totals.compared} units compared (${totals.refusedByBoth} refused by both), ` +
        `${mismatches.length} mismatches, ${seconds.toFixed(1)} s ` +
        `(${(totals.compared / seconds).toFixed(0)} units/s)\n`,
    );
    if (mismatches.length === 0) continue;
    failed = true;
    const byKind = new Map<string, typeof mismatches>();
    for (const m of mismatches) {
      const key = signature(m.mismatch).join(' ');
      byKind.set(key, [...(byKind.get(key) ?? []), m]);
    }
    for (const [kind, list] of byKind) process.stdout.write(`  ${list.length} × ${kind}\n`);
    for (const [kind, list] of [...byKind].slice(0, options.maxShrink)) {
      const kinds = kind.split(' ');
      const budget = { calls: 60 };
      const t = Date.now();
      const minimal = shrink(arbitrary, target, list[0]!.value, kinds, budget);
      const dir = scratchDir('sweep-min');
      try {
        const id = 'minimal';
        const written = { unit: minimal.value, rendered: renderUnit(minimal.value, id), file: writeUnit(dir, minimal.value, id) };
        const m = stillFails(target, written, kinds);
        process.stdout.write(`\n-- ${kind}: shrunk in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
        process.stdout.write(m ? `${formatMismatch(m)}\n` : describeUnit(written.rendered));
        if (options.write && m) process.stdout.write(`   written to ${path.relative(process.cwd(), writeCase(minimal.value, target, kinds, seed))}\n`);
      } finally {
        removeDir(dir);
      }
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = main();
