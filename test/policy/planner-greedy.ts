/**
 * Test-only reference: the greedy fix search the planner replaced (largest real gain first, one
 * per-check fix of {@link CHECK_FIXES} per step). The planner must never need more settings than it.
 * Its choices do not depend on the budget, only where it stops, so one run to exhaustion serves every
 * budget.
 */
import { assessUnit, type AssessOptions, type ExposureReport } from '../../lib/exposure';
import { execSectionOf } from '../../lib/policy/budget';
import { CHECK_FIXES, type CheckFix } from '../../lib/policy/fixes';
import { withAssignments, type PlannedUnit } from '../../lib/policy/planner/scoring';

/** One greedy step: the fix and the exposure after it. */
export interface GreedyStep {
  readonly field: string;
  readonly fix: CheckFix;
  readonly exposureAfter: number;
}

/** The greedy sequence until no fix lowers the exposure (or it reaches `floorTenths`). */
export function greedySteps(unit: PlannedUnit, options: AssessOptions, floorTenths = -1): { base: number; steps: GreedyStep[] } {
  const section = execSectionOf(unit.name);
  const first = assessUnit(unit, options);
  const steps: GreedyStep[] = [];
  const used = new Set<string>();
  let doc = unit.document;
  let current: ExposureReport = first;
  while (current.exposure > floorTenths) {
    let best: { field: string; fix: CheckFix; doc: typeof doc; report: ExposureReport } | undefined;
    for (const check of current.checks) {
      if ((check.badness ?? 0) === 0 || used.has(check.jsonField)) continue;
      const fix = CHECK_FIXES[check.jsonField];
      if (!fix) continue;
      const candidate = withAssignments(doc, section, fix.set.map((a) => ({ key: a.key, value: a.value })));
      let after: ExposureReport;
      try {
        after = assessUnit({ ...unit, document: candidate }, options);
      } catch {
        continue;
      }
      if (after.exposure < current.exposure && (!best || after.exposure < best.report.exposure)) best = { field: check.jsonField, fix, doc: candidate, report: after };
    }
    if (!best) break;
    used.add(best.field);
    steps.push({ field: best.field, fix: best.fix, exposureAfter: best.report.exposure });
    doc = best.doc;
    current = best.report;
  }
  return { base: first.exposure, steps };
}

/** How many greedy settings a budget needs, and whether they reach it. */
export function greedyFor(run: { base: number; steps: readonly GreedyStep[] }, budgetTenths: number): { count: number; reaches: boolean } {
  if (run.base <= budgetTenths) return { count: 0, reaches: true };
  const i = run.steps.findIndex((s) => s.exposureAfter <= budgetTenths);
  return i >= 0 ? { count: i + 1, reaches: true } : { count: run.steps.length, reaches: false };
}
