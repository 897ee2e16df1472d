/**
 * Test-only brute force over a small candidate pool: every set with at most one candidate per key,
 * each scored by the real scorer on the whole unit (no decomposition, no pruning), and the best set
 * for a budget under the planner's order.
 */
import { assessUnit, type AssessOptions } from '../../lib/exposure';
import { execSectionOf } from '../../lib/policy/budget';
import { BREAKAGE_COST } from '../../lib/policy/fixes';
import type { FixCandidate } from '../../lib/policy/planner';
import { applyCandidates, type PlannedUnit } from '../../lib/policy/planner/scoring';

/** One scored set. */
export interface ScoredSet {
  readonly ids: readonly string[];
  readonly count: number;
  readonly breakage: number;
  readonly exposure: number;
}

/** Scores every conflict-free subset of `pool` (sets systemd would refuse are left out). */
export function scoreAllSubsets(unit: PlannedUnit, pool: readonly FixCandidate[], options: AssessOptions): ScoredSet[] {
  const section = execSectionOf(unit.name);
  const out: ScoredSet[] = [];
  const walk = (i: number, picked: FixCandidate[]): void => {
    if (i === pool.length) {
      try {
        const r = assessUnit(applyCandidates(unit, section, picked), options);
        out.push({ ids: picked.map((c) => c.id), count: picked.length, breakage: picked.reduce((n, c) => n + BREAKAGE_COST[c.fix.breakage], 0), exposure: r.exposure });
      } catch {
        // refused by systemd: not a plan
      }
      return;
    }
    walk(i + 1, picked);
    const c = pool[i]!;
    if (!picked.some((p) => p.key === c.key)) walk(i + 1, [...picked, c]);
  };
  walk(0, []);
  return out;
}

/** The best set for a budget: fewest, least breakage, lowest exposure; if none reaches it, lowest exposure first. */
export function bestFor(all: readonly ScoredSet[], budgetTenths: number): ScoredSet {
  const within = all.filter((s) => s.exposure <= budgetTenths);
  const pool = within.length > 0 ? within : all;
  const rank = within.length > 0
    ? (x: ScoredSet, y: ScoredSet) => x.count - y.count || x.breakage - y.breakage || x.exposure - y.exposure
    : (x: ScoredSet, y: ScoredSet) => x.exposure - y.exposure || x.count - y.count || x.breakage - y.breakage;
  return [...pool].sort(rank)[0]!;
}
