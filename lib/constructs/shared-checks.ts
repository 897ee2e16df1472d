/**
 * A service keeps its two verdicts from the aspects to the reports. Each report holds ~80 check rows,
 * and most rows are equal across the services of a stack (same check, same outcome), so the kept
 * verdicts share one row object per distinct outcome: ~18 KB less per service, the same values.
 * The copy also lets go of the scorer's own report objects (and what it keeps for them).
 */
import type { CheckResult, ExposureReport } from '../exposure';
import type { BudgetVerdict } from '../policy/budget';

type ByDescription = Map<string, CheckResult>;
type ByExposure = Map<number | null, ByDescription>;
type ByBadness = Map<number | null, ByExposure>;

/**
 * Rows by the scorer's per-check data (its `explanation` object is one per check, release and
 * policy, as are name, json field, weight, range and reads), then by outcome.
 */
const ROWS = new WeakMap<object, ByBadness>();

function child<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/** The shared row equal to `c` (every field the same). */
function shared(c: CheckResult): CheckResult {
  let byBadness = ROWS.get(c.explanation);
  if (byBadness === undefined) ROWS.set(c.explanation, (byBadness = new Map()));
  const byDescription = child(child(byBadness, c.badness, (): ByExposure => new Map()), c.exposure, (): ByDescription => new Map());
  const row = byDescription.get(c.description);
  if (row !== undefined && row.name === c.name && row.jsonField === c.jsonField && row.weight === c.weight && row.range === c.range && row.set === c.set && row.reads === c.reads) {
    return row;
  }
  if (row === undefined) byDescription.set(c.description, c);
  return c;
}

function sharedReport(r: ExposureReport): ExposureReport {
  return { ...r, checks: r.checks.map(shared) };
}

/** `v` with its check rows shared (see the module comment); fixes are kept as they are. */
export function withSharedChecks(v: BudgetVerdict): BudgetVerdict {
  return {
    ...v,
    report: sharedReport(v.report),
    costliest: v.costliest.map(shared),
    acknowledged: v.acknowledged.map((a) => ({ ...a, check: shared(a.check) })),
    requiredFailures: v.requiredFailures.map(shared),
  };
}
