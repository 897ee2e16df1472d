/**
 * The exact search: the fewest candidates that bring the unit within budget, ties broken by the
 * lowest breakage (sum of classes), then the lowest exposure.
 *
 * Why it is exact without a bound on gains. systemd's exposure is E = ceil(100·B / W) with
 * B = Σ ceil(badnessᵢ·weightᵢ/rangeᵢ) and W = Σ weightᵢ over the rows that are not N/A. Gains in E are
 * not additive (the ceilings, a setting that makes rows applicable and so changes W, and settings that
 * fix one row together, e.g. ProtectClock=yes and the bounding set for CAP_SYS_TIME) — so a bound such
 * as "k settings gain at most the k largest single gains" is not sound, and the planner uses none.
 * But B and W are sums of rows, and a row depends only on the directives it reads; so with the
 * candidates split into components that share no row (components.ts), B and W are the fixed rows' sums
 * plus one (b, w) per component, each scored by the real scorer. For a budget t (tenths), E ≤ t ⇔
 * 100·B ≤ t·W, a linear condition: the search is a multiple-choice knapsack over components, solved by
 * dynamic programming over (settings, breakage), keeping per state every (B, W) not dominated by
 * another state's (fewer or equal settings and breakage, B no larger, W no smaller). Dominated states
 * can never lead to a better plan under this objective, so the result is the optimum over the
 * candidate table, not an estimate; the planner then re-scores the chosen set in one piece.
 */
import type { FixCandidate } from './candidates';
import type { Component, ComponentOption } from './components';
import { pruneDominated } from './pareto';
import { exposureOf } from './scoring';

/** The search's answer, before the real scorer confirms it. */
export interface SearchResult {
  readonly picks: readonly FixCandidate[];
  readonly count: number;
  readonly breakage: number;
  /** Predicted overall exposure (tenths) from the component sums. */
  readonly exposure: number;
  readonly b: number;
  readonly w: number;
  /** True when the exposure is within the budget. */
  readonly reaches: boolean;
  /** States kept at the end (a measure of the search's work). */
  readonly states: number;
  /** Set when a cap cut the search short (then the plan may not be optimal). */
  readonly capped?: string;
}

interface State {
  readonly count: number;
  readonly breakage: number;
  readonly b: number;
  readonly w: number;
  readonly option?: ComponentOption;
  readonly prev?: State;
}

/** Default most states kept between two components (never reached on the script's units). */
export const STATE_CAP = 50_000;

/** Finds the best plan over the components for a budget of `budgetTenths`. */
export function searchPlan(components: readonly Component[], fixedB: number, fixedW: number, budgetTenths: number, cap = STATE_CAP): SearchResult {
  let states: State[] = [{ count: 0, breakage: 0, b: fixedB, w: fixedW }];
  let capped: string | undefined;
  // Components with the most options first keep the intermediate state lists short.
  const order = [...components].sort((x, y) => y.options.length - x.options.length);
  for (const comp of order) {
    const next: State[] = [];
    for (const s of states) {
      for (const o of comp.options) {
        next.push({ count: s.count + o.count, breakage: s.breakage + o.breakage, b: s.b + o.b, w: s.w + o.w, option: o, prev: s });
      }
    }
    states = pruneDominated(next);
    if (states.length > cap) {
      capped = `${states.length} states after component ${comp.keys.join(' ')}; kept the ${cap} with the fewest settings`;
      states = states.slice(0, cap);
    }
  }
  const best = pickBest(states, budgetTenths);
  const picks: FixCandidate[] = [];
  for (let s: State | undefined = best; s; s = s.prev) if (s.option) picks.push(...s.option.picks);
  const exposure = best.w === 0 ? 0 : exposureOf(best.b, best.w);
  return {
    picks, count: best.count, breakage: best.breakage, exposure, b: best.b, w: best.w,
    reaches: exposure <= budgetTenths, states: states.length, ...(capped ? { capped } : {}),
  };
}

/**
 * Within budget: fewest settings, then least breakage, then lowest exposure. When nothing reaches the
 * budget: the lowest exposure, then fewest settings, then least breakage.
 */
function pickBest(states: readonly State[], budgetTenths: number): State {
  const scored = states.filter((s) => s.w > 0).map((s) => ({ s, e: exposureOf(s.b, s.w) }));
  const within = scored.filter((x) => x.s.b * 100 <= budgetTenths * x.s.w);
  const rank = within.length > 0
    ? (x: { s: State; e: number }, y: { s: State; e: number }) => x.s.count - y.s.count || x.s.breakage - y.s.breakage || x.e - y.e
    : (x: { s: State; e: number }, y: { s: State; e: number }) => x.e - y.e || x.s.count - y.s.count || x.s.breakage - y.s.breakage;
  const pool = within.length > 0 ? within : scored;
  // The sort is stable: among equals, the first state (fewest settings, then table order) wins.
  return [...pool].sort(rank)[0]?.s ?? states[0]!;
}
