/**
 * Random differential testing of the exposure scorer: generated units (test/support/unit-arbitrary.ts)
 * are written to a scratch folder, scored by a real systemd-analyze in large batches and by our
 * scorer (both `assessFile` and, from the same texts in memory, `assessUnit`), and compared check by
 * check. Shared by the jest test beside this file and `scripts/differential-sweep.ts`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { assessUnit, UnitLoadError, type ExposureReport, type HostFacts, type Scope, type SystemdRelease } from '../../../lib/exposure';
import { mergeDropIns } from '../../../lib/unit/model';
import { parseUnitText } from '../../../lib/unit/parse';
import { runOracle, type OracleResult, type OracleSuite } from '../../support/oracle';
import { describeUnit, renderUnit, unitArbitrary, writeUnit, type GeneratedUnit, type RenderedUnit } from '../../support/unit-arbitrary';
import { differences, ours, type OurResult } from '../compare';
import { oracleHostFacts } from '../oracle-host';

/** A generated unit written to disk. */
export interface WrittenUnit {
  unit: GeneratedUnit;
  rendered: RenderedUnit;
  file: string;
}

/** What a batch is compared against: an oracle suite, the release it runs, the manager scope. */
export interface Target {
  suite: OracleSuite;
  release: SystemdRelease;
  scope: Scope;
}

/** One unit on which we and the oracle disagree. */
export interface Mismatch extends Target {
  written: WrittenUnit;
  /** Human-readable differences, check by check (see compare.ts). */
  differences: string[];
}

/** Outcome of comparing a batch of units with one oracle. */
export interface ComparisonSummary {
  compared: number;
  /** Units both sides refused to load. */
  refusedByBoth: number;
  mismatches: Mismatch[];
}

/** The `count` units fast-check generates from `seed` (reproducible). */
export function generateUnits(seed: number, count: number): GeneratedUnit[] {
  return fc.sample(unitArbitrary(), { seed, numRuns: count });
}

/** Writes units into `dir` under the ids `${prefix}${index}`. */
export function writeUnits(dir: string, units: readonly GeneratedUnit[], prefix: string): WrittenUnit[] {
  return units.map((unit, i) => {
    const id = `${prefix}${i}`;
    return { unit, rendered: renderUnit(unit, id), file: writeUnit(dir, unit, id) };
  });
}

/**
 * Our verdict from the texts alone, through {@link assessUnit}: the same parse and drop-in merge a
 * caller without files would do. Parse errors refuse the unit as {@link assessFile} does.
 */
export function oursInMemory(rendered: RenderedUnit, release: SystemdRelease, scope: Scope = 'system', host?: HostFacts, file?: string): OurResult {
  const main = parseUnitText(rendered.text, rendered.name);
  const dropIns = rendered.dropIns
    .filter((d) => d.fileName.endsWith('.conf'))
    // Named as loadUnitFile names them (`NAME.d/FILE`): the scorer tells drop-in lines by that.
    .map((d) => ({ fileName: d.fileName, parsed: parseUnitText(d.text, `${rendered.name}.d/${d.fileName}`) }));
  const errors = [main, ...dropIns.map((d) => d.parsed)].flatMap((p) => p.diagnostics.filter((d) => d.severity === 'error'));
  if (errors.length > 0) return { error: errors.map((e) => e.message).join('; ') };
  const document = mergeDropIns(main.document, dropIns.map((d) => ({ fileName: d.fileName, document: d.parsed.document })));
  try {
    return { report: assessUnit({ name: rendered.name, document, ...(file ? { file } : {}) }, { release, scope, ...(host ? { host } : {}) }) };
  } catch (e) {
    if (e instanceof UnitLoadError) return { error: e.reason };
    throw e;
  }
}

/** The scored parts of a report (descriptions and explanations are ours, not systemd's). */
function scoredParts(r: ExposureReport): unknown {
  return [r.unit, r.exposure, r.level, r.checks.map((c) => [c.jsonField, c.weight, c.range, c.badness, c.set, c.exposure])];
}

/** Differences between assessFile and assessUnit on the same unit (they must agree exactly). */
function pathDifferences(fromFile: OurResult, inMemory: OurResult): string[] {
  if ('error' in fromFile || 'error' in inMemory) {
    return 'error' in fromFile === 'error' in inMemory
      ? []
      : [`assessFile ${'error' in fromFile ? `refused (${fromFile.error})` : 'scored'} but assessUnit ${'error' in inMemory ? `refused (${inMemory.error})` : 'scored'}`];
  }
  const a = JSON.stringify(scoredParts(fromFile.report));
  const b = JSON.stringify(scoredParts(inMemory.report));
  return a === b ? [] : [`assessFile and assessUnit disagree: ${fromFile.report.exposure} vs ${inMemory.report.exposure}`];
}

/** Compares units already scored by the oracle with our scorer. */
export function compareResults(target: Target, written: readonly WrittenUnit[], oracle: readonly OracleResult[]): ComparisonSummary {
  const { suite, release, scope } = target;
  const summary: ComparisonSummary = { compared: 0, refusedByBoth: 0, mismatches: [] };
  const host = oracleHostFacts(suite);
  written.forEach((w, i) => {
    const o = oracle[i]!;
    summary.compared++;
    const fromFile = ours(w.file, { release, scope, host });
    const inMemory = oursInMemory(w.rendered, release, scope, host, path.resolve(w.file));
    const diffs = [...differences(fromFile, o), ...pathDifferences(fromFile, inMemory)];
    if ('error' in o && 'error' in fromFile) summary.refusedByBoth++;
    if (diffs.length > 0) summary.mismatches.push({ ...target, written: w, differences: diffs });
  });
  return summary;
}

/**
 * Oracle calls of this many units. Measured (800 generated units): every FILE's folder joins the
 * search path of one systemd-analyze run, so a run's cost grows with the square of its size — the
 * host took 2.5 s in slices of 50–100 but 7.5 s in slices of 400; the chroots are bound by the
 * oracle script copying each file (about 18 ms a unit at any size).
 */
export const ORACLE_SLICE = 100;

/** Scores `written` with the oracle in slices of {@link ORACLE_SLICE} and compares. */
export function compareWithOracle(target: Target, written: readonly WrittenUnit[]): ComparisonSummary {
  const oracle: OracleResult[] = [];
  for (let i = 0; i < written.length; i += ORACLE_SLICE) {
    oracle.push(...runOracle(target.suite, written.slice(i, i + ORACLE_SLICE).map((w) => w.file), { user: target.scope === 'user' }));
  }
  return compareResults(target, written, oracle);
}

/** A mismatch as a failure message: the unit's files and every differing check. */
export function formatMismatch(m: Mismatch): string {
  return [
    `== ${m.written.rendered.name} vs oracle ${m.suite} (systemd ${m.release}${m.scope === 'user' ? ', --user' : ''})`,
    ...m.differences.map((d) => `   ${d}`),
    describeUnit(m.written.rendered).trimEnd(),
  ].join('\n');
}

/** Removes a scratch folder (ignores errors). */
export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Creates a fresh scratch folder under the OS temp dir. */
export function scratchDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
}
