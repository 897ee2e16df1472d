/**
 * Hostile units (hostile-arbitrary.ts) against the real systemd-analyze: written as bytes into a
 * scratch folder, scored by an oracle in batches and by our scorer (assessFile, with the oracle's
 * host facts), compared check by check and by verdict (loads / refused). Shared by the jest test
 * beside this file and scripts/hostile-sweep.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Scope, SystemdRelease } from '../../../lib/exposure';
import { runOracle, type OracleResult, type OracleSuite } from '../../support/oracle';
import { differences, ours } from '../compare';
import { oracleHostFacts } from '../oracle-host';
import { hostileArbitrary, renderHostile, type HostileUnit, type RenderedHostile } from './hostile-arbitrary';

/** What a batch is compared against. */
export interface HostileTarget {
  readonly suite: OracleSuite;
  readonly release: SystemdRelease;
  readonly scope: Scope;
}

/** A hostile unit written to disk. */
export interface WrittenHostile {
  readonly unit: HostileUnit;
  readonly rendered: RenderedHostile;
  readonly file: string;
}

/** One unit on which we and the oracle disagree. */
export interface HostileMismatch extends HostileTarget {
  readonly written: WrittenHostile;
  readonly differences: string[];
  /** The oracle's verdict in words (its messages when it refused the unit). */
  readonly oracle: string;
}

/** Outcome of one comparison. */
export interface HostileSummary {
  compared: number;
  refusedByBoth: number;
  mismatches: HostileMismatch[];
}

/** The id of the `index`-th unit: `m-h` and nine digits (fixed length, see ID_LENGTH). */
export const hostileId = (index: number): string => `m-h${String(index).padStart(9, '0')}`;

/** The `count` units fast-check generates from `seed`. */
export function generateHostile(seed: number, count: number): HostileUnit[] {
  return fc.sample(hostileArbitrary(), { seed, numRuns: count });
}

/** Writes a unit's files into `dir`; returns the unit file's path. */
export function writeHostile(dir: string, unit: HostileUnit, id: string): WrittenHostile {
  const rendered = renderHostile(unit, id);
  const file = path.join(dir, rendered.name);
  fs.writeFileSync(file, rendered.bytes);
  if (rendered.dropIns.length > 0) {
    fs.mkdirSync(`${file}.d`, { recursive: true });
    for (const d of rendered.dropIns) fs.writeFileSync(path.join(`${file}.d`, d.fileName), d.bytes);
  }
  return { unit, rendered, file };
}

/** Oracle calls of this many units (each folder joins the search path of a run; see differential.ts). */
const SLICE = 100;

/** Scores `written` with the oracle in slices and compares each with our scorer. */
export function compareHostile(target: HostileTarget, written: readonly WrittenHostile[]): HostileSummary {
  const oracle: OracleResult[] = [];
  for (let i = 0; i < written.length; i += SLICE) {
    oracle.push(...runOracle(target.suite, written.slice(i, i + SLICE).map((w) => w.file), { user: target.scope === 'user' }));
  }
  const host = oracleHostFacts(target.suite);
  const summary: HostileSummary = { compared: 0, refusedByBoth: 0, mismatches: [] };
  written.forEach((w, i) => {
    const o = oracle[i]!;
    const our = ours(w.file, { release: target.release, scope: target.scope, host });
    summary.compared++;
    if ('error' in o && 'error' in our) summary.refusedByBoth++;
    const diffs = differences(our, o);
    if (diffs.length > 0) {
      summary.mismatches.push({ ...target, written: w, differences: diffs, oracle: 'error' in o ? `refused: ${o.error}` : `scored ${o.exposure / 10}` });
    }
  });
  return summary;
}

/** A printable excerpt of a unit's files (long lines cut, raw bytes shown as \xNN). */
export function describeHostile(r: RenderedHostile): string {
  const show = (b: Buffer): string =>
    b
      .toString('latin1')
      .split('\n')
      .map((l) => (l.length > 200 ? `${l.slice(0, 200)}… (${l.length} bytes)` : l))
      .join('\n')
      .replace(/[^\x20-\x7e\n]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return [`--- ${r.name}\n${show(r.bytes)}`, ...r.dropIns.map((d) => `--- ${r.name}.d/${d.fileName}\n${show(d.bytes)}`)].join('\n');
}

/** A mismatch as a failure message. */
export function formatHostileMismatch(m: HostileMismatch): string {
  return [
    `== ${m.written.rendered.name} vs oracle ${m.suite} (systemd ${m.release}${m.scope === 'user' ? ', --user' : ''}): oracle ${m.oracle}`,
    ...m.differences.map((d) => `   ${d}`),
    describeHostile(m.written.rendered),
  ].join('\n');
}
