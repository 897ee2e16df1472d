/**
 * A long hostile differential sweep of the exposure scorer against the real systemd-analyze:
 *
 *   npx tsx scripts/hostile-sweep.ts --count 20000 --seed 7 [--release 262] [--scope user]
 *
 * Generates `--count` hostile units per release (test/exposure/hostile/hostile-arbitrary.ts,
 * reproducible from `--seed`), writes them as bytes in chunks, scores them with every available
 * oracle (or the one of `--release`) and with our scorer, and prints the figures: units × releases
 * compared, refused by both, mismatches, time. Up to `--max-shrink` mismatches per release (one per
 * kind of difference) are shrunk with fast-check's shrinker, candidates scored by the oracle in
 * batches, and written to test/exposure/cases/m-hostile_… (unless `--no-write`; user scope: cases/
 * user/), where the edge-case test picks them up. Exit status 1 when a mismatch was found.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import fc from 'fast-check';
import { isSystemdRelease, type Scope, type SystemdRelease } from '../lib/exposure';
import { hostileArbitrary, type HostileUnit } from '../test/exposure/hostile/hostile-arbitrary';
import {
  compareHostile, formatHostileMismatch, hostileId, writeHostile, type HostileMismatch, type HostileTarget,
} from '../test/exposure/hostile/hostile-differential';
import { removeDir, scratchDir } from '../test/exposure/random/differential';
import { availableOracles } from '../test/support/oracle';

import { Recording } from './recording-arbitrary';

const CASES_DIR = path.resolve(__dirname, '../test/exposure/cases');

/** The kinds of difference of a mismatch (`we-refused`, `DeviceAllow.badness`, …). */
function kinds(m: HostileMismatch): string[] {
  const all = new Set(
    m.differences.map((d) => {
      const body = d.replace(/^.*?\.(service|socket): /, '');
      if (body.startsWith('we refused')) return 'we-refused';
      if (body.startsWith('oracle refused')) return 'oracle-refused';
      const field = /^(\S+?)\.(badness|set|exposure|weight|range|name) /.exec(body);
      return field ? `${field[1]}.${field[2]}` : body.split(' ')[0]!;
    }),
  );
  const specific = [...all].filter((k) => k !== 'overall' && k !== 'level');
  return (specific.length > 0 ? specific : [...all]).sort();
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
  const o = new Command()
    .name('hostile-sweep')
    .description('Hostile differential sweep of the exposure scorer against the real systemd-analyze')
    .option('--count <n>', 'units per release', '20000')
    .option('--seed <n>', 'fast-check seed (default: time based, printed)')
    .option('--release <r>', 'only the oracle of this release (252, 257, 262)')
    .option('--scope <scope>', 'manager scope: system or user', 'system')
    .option('--chunk <n>', 'units written to disk at a time', '1000')
    .option('--max-shrink <n>', 'mismatches to shrink per release (one per kind)', '6')
    .option('--no-write', 'do not write case files')
    .parse(argv)
    .opts<{ count: string; seed?: string; release?: string; scope: string; chunk: string; maxShrink: string; write: boolean }>();
  const int = (name: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}=${v}: expected a non-negative integer`);
    return n;
  };
  if (o.release !== undefined && !isSystemdRelease(o.release)) throw new Error(`--release=${o.release}: expected 252, 257 or 262`);
  if (o.scope !== 'system' && o.scope !== 'user') throw new Error(`--scope=${o.scope}: expected system or user`);
  return {
    count: int('count', o.count),
    seed: o.seed === undefined ? Date.now() % 2 ** 31 : int('seed', o.seed),
    ...(o.release !== undefined ? { release: o.release as SystemdRelease } : {}),
    scope: o.scope,
    chunk: Math.max(1, int('chunk', o.chunk)),
    maxShrink: int('max-shrink', o.maxShrink),
    write: o.write,
  };
}

/** The first of `units` that still fails with one of `wanted`, scored in one oracle batch. */
function firstFailing(target: HostileTarget, units: readonly HostileUnit[], wanted: readonly string[], ids: (i: number) => string): { index: number; mismatch: HostileMismatch } | undefined {
  const dir = scratchDir('hostile-shrink');
  try {
    const written = units.map((u, i) => writeHostile(dir, u, ids(i)));
    const byFile = new Map(compareHostile(target, written).mismatches.map((m) => [m.written.file, m]));
    for (let i = 0; i < written.length; i++) {
      const m = byFile.get(written[i]!.file);
      if (m && kinds(m).some((k) => wanted.includes(k))) return { index: i, mismatch: m };
    }
    return undefined;
  } finally {
    removeDir(dir);
  }
}

/** Greedy shrinking on fast-check's shrink trees, candidates scored by the oracle in batches. */
function shrink(arbitrary: fc.Arbitrary<HostileUnit>, target: HostileTarget, start: fc.Value<HostileUnit>, wanted: readonly string[]): fc.Value<HostileUnit> {
  const BATCH = 40;
  let current = start;
  for (let calls = 0; calls < 80; ) {
    let improved = false;
    const candidates = arbitrary.shrink(current.value, current.context)[Symbol.iterator]();
    while (!improved && calls < 80) {
      const batch: Array<fc.Value<HostileUnit>> = [];
      for (let next = candidates.next(); !next.done && batch.length < BATCH; next = candidates.next()) batch.push(next.value);
      if (batch.length === 0) break;
      calls++;
      const hit = firstFailing(target, batch.map((v) => v.value), wanted, hostileId);
      if (hit) {
        current = batch[hit.index]!;
        improved = true;
      }
    }
    if (!improved) break;
  }
  return current;
}

/** A file-name slug for a mismatch kind. */
const slug = (k: readonly string[]): string => k.join('_').replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_').slice(0, 48).replace(/_$/, '');

/**
 * Writes the minimal unit into the cases folder: under a descriptive `m-hostile_…` name when the
 * mismatch survives the renaming (the oracle says so), else under an id of the generated shape
 * (name-derived specifiers keep their lengths). Returns the file written, or undefined.
 */
function writeCase(unit: HostileUnit, target: HostileTarget, wanted: readonly string[]): string | undefined {
  const dir = target.scope === 'user' ? path.join(CASES_DIR, 'user') : CASES_DIR;
  const free = (id: string): boolean => !fs.readdirSync(dir).some((f) => f.startsWith(`${id}.`) || f.startsWith(`${id}@`));
  const base = `m-hostile_${target.release}_${slug(wanted)}`;
  let descriptive = base;
  for (let n = 2; !free(descriptive); n++) descriptive = `${base}_${n}`;
  let shaped = hostileId(Math.floor(Math.random() * 1e9));
  while (!free(shaped)) shaped = hostileId(Math.floor(Math.random() * 1e9));
  for (const id of [descriptive, shaped]) {
    if (firstFailing(target, [unit], wanted, () => id)) return writeHostile(dir, unit, id).file;
  }
  return undefined;
}

function main(): number {
  const options = parseOptions(process.argv);
  const suites = availableOracles().filter((o) => options.release === undefined || o.release === options.release);
  if (suites.length === 0) {
    process.stderr.write(`no oracle available${options.release ? ` for systemd ${options.release}` : ''}\n`);
    return 2;
  }
  process.stdout.write(
    `hostile sweep: seed ${options.seed}, ${options.count} units per release, ${options.scope} scope, ` +
      `oracles: ${suites.map((s) => `${s.suite} (${s.release})`).join(', ')}\n`,
  );
  const started = Date.now();
  const total = { compared: 0, refusedByBoth: 0, mismatches: 0 };
  for (const [index, { suite, release }] of suites.entries()) {
    const target: HostileTarget = { suite, release, scope: options.scope };
    const arbitrary = new Recording(hostileArbitrary());
    const seed = options.seed + index;
    const t0 = Date.now();
    const units = fc.sample(arbitrary, { seed, numRuns: options.count });
    const values = arbitrary.values.slice(-units.length);
    const totals = { compared: 0, refusedByBoth: 0 };
    const mismatches: Array<{ mismatch: HostileMismatch; value: fc.Value<HostileUnit> }> = [];
    for (let from = 0; from < units.length; from += options.chunk) {
      const dir = scratchDir('hostile-sweep');
      try {
        const written = units.slice(from, from + options.chunk).map((u, i) => writeHostile(dir, u, hostileId(from + i)));
        const summary = compareHostile(target, written);
        totals.compared += summary.compared;
        totals.refusedByBoth += summary.refusedByBoth;
        for (const m of summary.mismatches) mismatches.push({ mismatch: m, value: values[from + written.indexOf(m.written)]! });
      } finally {
        removeDir(dir);
      }
    }
    const seconds = (Date.now() - t0) / 1000;
    total.compared += totals.compared;
    total.refusedByBoth += totals.refusedByBoth;
    total.mismatches += mismatches.length;
    process.stdout.write(
      `${suite} (systemd ${release}), seed ${seed}: ${totals.compared} units compared (${totals.refusedByBoth} refused by both), ` +
        `${mismatches.length} mismatches, ${seconds.toFixed(1)} s (${(totals.compared / seconds).toFixed(0)} units/s)\n`,
    );
    const byKind = new Map<string, typeof mismatches>();
    for (const m of mismatches) {
      const key = kinds(m.mismatch).join(' ');
      byKind.set(key, [...(byKind.get(key) ?? []), m]);
    }
    for (const [kind, list] of byKind) process.stdout.write(`  ${list.length} × ${kind}\n`);
    for (const [kind, list] of [...byKind].slice(0, options.maxShrink)) {
      const wanted = kind.split(' ');
      const t = Date.now();
      const minimal = shrink(arbitrary, target, list[0]!.value, wanted);
      const again = firstFailing(target, [minimal.value], wanted, hostileId);
      process.stdout.write(`\n-- ${kind}: shrunk in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
      if (again) process.stdout.write(`${formatHostileMismatch(again.mismatch)}\n`);
      if (options.write && again) {
        const file = writeCase(minimal.value, target, wanted);
        process.stdout.write(file ? `   written to ${path.relative(process.cwd(), file)}\n` : '   not reproducible under a case name: not written\n');
      }
    }
  }
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    `\ntotal: ${total.compared} units × releases compared (${suites.length} releases), ${total.refusedByBoth} refused by both, ` +
      `${total.mismatches} mismatches, ${seconds.toFixed(1)} s\n`,
  );
  return total.mismatches > 0 ? 1 : 0;
}

process.exitCode = main();
