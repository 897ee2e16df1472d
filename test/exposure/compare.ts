/**
 * Comparing our scorer with the oracle, check by check. Returns human-readable mismatches (empty
 * when everything agrees), so a failing test shows exactly which check differs and how.
 */
import * as path from 'node:path';
import { assessFile, UnitLoadError, type AssessOptions, type ExposureReport } from '../../lib/exposure';
import type { OracleResult } from '../support/oracle';

/** Our verdict on a file: a report, or the load error. */
export type OurResult = { report: ExposureReport } | { error: string };

/** Scores a file with our scorer, catching load errors like the oracle reports them. */
export function ours(file: string, options: AssessOptions): OurResult {
  try {
    return { report: assessFile(file, options) };
  } catch (e) {
    if (e instanceof UnitLoadError) return { error: e.reason };
    throw e;
  }
}

/** Differences between our result and the oracle's for one file. */
export function differences(our: OurResult, oracle: OracleResult): string[] {
  const name = path.basename(oracle.file);
  if ('error' in oracle) {
    return 'error' in our ? [] : [`${name}: oracle refused the unit (${oracle.error.split('\n').pop()}) but we scored ${our.report.exposure}`];
  }
  if ('error' in our) return [`${name}: we refused the unit (${our.error}) but the oracle scored ${oracle.exposure}`];
  const r = our.report;
  const out: string[] = [];
  if (r.unit !== oracle.unit) out.push(`${name}: unit name ${r.unit} ≠ ${oracle.unit}`);
  if (r.exposure !== oracle.exposure) out.push(`${name}: overall ${r.exposure} ≠ oracle ${oracle.exposure}`);
  if (r.level !== oracle.level) out.push(`${name}: level ${r.level} ≠ oracle ${oracle.level}`);
  const byField = new Map(r.checks.map((c) => [c.jsonField, c]));
  if (r.checks.length !== oracle.checks.length) out.push(`${name}: ${r.checks.length} checks ≠ oracle ${oracle.checks.length}`);
  for (const o of oracle.checks) {
    const c = byField.get(o.jsonField);
    if (!c) {
      out.push(`${name}: no check ${o.jsonField}`);
      continue;
    }
    // A badness difference explains set/exposure differences of the same row: report it alone.
    const keys = c.badness !== o.badness ? (['badness'] as const) : (['set', 'exposure', 'weight', 'range'] as const);
    for (const key of keys) {
      if (c[key] !== o[key]) out.push(`${name}: ${o.jsonField}.${key} ${String(c[key])} ≠ oracle ${String(o[key])}`);
    }
    if (c.name !== o.name) out.push(`${name}: ${o.jsonField}.name ${c.name} ≠ oracle ${o.name}`);
  }
  return out;
}
