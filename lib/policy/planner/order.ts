/**
 * Presents a chosen set: the settings in the order that gains most at each step, each with the
 * exposure after it and all earlier ones, its own gain at its turn and the checks it improved — all
 * from the real scorer.
 */
import type { CheckResult, ExposureReport } from '../../exposure';
import { BREAKAGE_COST } from '../fixes';
import type { FixCandidate } from './candidates';
import { rowShare, type PlanScorer } from './scoring';

/** One step of a plan. */
export interface PlanStep {
  readonly candidate: FixCandidate;
  /** Exposure (tenths) with this and all earlier steps. */
  readonly exposureAfter: number;
  /** Exposure (tenths) this step gains at its turn (0 or below when it pays off only with later ones). */
  readonly gain: number;
  /** Checks whose badness it lowered at its turn, costliest first. */
  readonly checks: readonly CheckResult[];
  /** The check it improves most at its turn (or the first it targets). */
  readonly check: CheckResult;
}

/** Orders `picks` greedily by the real gain of each at its turn (k² scorer runs for k picks, memoized). */
export function orderSteps(scorer: PlanScorer, base: ExposureReport, picks: readonly FixCandidate[]): PlanStep[] | undefined {
  const steps: PlanStep[] = [];
  const applied: FixCandidate[] = [];
  let current = base;
  let remaining = [...picks];
  while (remaining.length > 0) {
    let best: { c: FixCandidate; report: ExposureReport } | undefined;
    for (const c of remaining) {
      const report = scorer.score([...applied, c]);
      if (!report) continue;
      const better = !best || report.exposure < best.report.exposure
        || (report.exposure === best.report.exposure && BREAKAGE_COST[c.fix.breakage] < BREAKAGE_COST[best.c.fix.breakage]);
      if (better) best = { c, report };
    }
    if (!best) return undefined;
    const improved = improvedChecks(current, best.report);
    steps.push({
      candidate: best.c,
      exposureAfter: best.report.exposure,
      gain: current.exposure - best.report.exposure,
      checks: improved,
      check: improved[0] ?? targetCheck(best.report, best.c),
    });
    applied.push(best.c);
    remaining = remaining.filter((c) => c !== best!.c);
    current = best.report;
  }
  return steps;
}

/** Checks whose badness went down from `before` to `after` (as they were before), the largest drop of their share first. */
function improvedChecks(before: ExposureReport, after: ExposureReport): CheckResult[] {
  const drops: Array<{ check: CheckResult; drop: number }> = [];
  before.checks.forEach((old, i) => {
    const now = after.checks[i]!;
    if ((old.badness ?? 0) > (now.badness ?? 0)) drops.push({ check: old, drop: rowShare(old).b - rowShare(now).b });
  });
  return drops.sort((x, y) => y.drop - x.drop).map((d) => d.check);
}

/** The check a candidate is meant for, as it reads in `report` (a candidate always targets a real check). */
function targetCheck(report: ExposureReport, c: FixCandidate): CheckResult {
  return report.checks.find((r) => c.targets.includes(r.jsonField)) ?? report.checks.find((r) => r.reads.includes(c.key)) ?? report.checks[0]!;
}
