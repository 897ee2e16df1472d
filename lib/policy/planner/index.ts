/**
 * The fix planner: the fewest settings that bring a unit within its exposure budget, over a table of
 * candidate settings (candidates.ts), found by an exact search (search.ts) on numbers from the real
 * scorer, and confirmed by scoring the unit with the whole plan.
 *
 * ```ts
 * const plan = planFixes(unit, { budget: 4.9, release: '257', keep: ['PrivateNetwork'] });
 * for (const s of plan.steps) console.log(candidateText(s.candidate), s.exposureAfter);
 * ```
 */
import { assessUnit, type AnalysisMode, type AssessOptions, type ExposureReport, type HostFacts, type SecurityPolicy, type SystemdRelease } from '../../exposure';
import { parseUnitName } from '../../unit/unit-name';
import { PLAN_CANDIDATES, type FixCandidate } from './candidates';
import { buildComponents } from './components';
import { orderSteps, type PlanStep } from './order';
import { searchPlan } from './search';
import { exposureOf, PlanScorer, type PlannedUnit } from './scoring';

export { PLAN_CANDIDATES, candidateText, type FixCandidate } from './candidates';
export type { PlanStep } from './order';
export type { PlannedUnit } from './scoring';

/** Options of {@link planFixes}. */
export interface PlanOptions {
  /** Highest acceptable exposure, in tenths (49 = 4.9). */
  readonly budgetTenths: number;
  readonly release?: SystemdRelease;
  /** `offline` (default) or `live`. */
  readonly mode?: AnalysisMode;
  /** The compiled `--security-policy` (acknowledged checks weigh 0 in it, so fixing them gains nothing). */
  readonly policy?: SecurityPolicy;
  readonly host?: HostFacts;
  /**
   * Settings and checks the plan must not touch: a directive (`PrivateNetwork`), a candidate id, or a
   * check (json_field or printed name) — then every candidate that alone changes that check's
   * badness on this unit is left out (e.g. a server keeps `RestrictAddressFamilies_AF_INET_INET6`).
   */
  readonly keep?: readonly string[];
  /** The candidates to choose from (default {@link PLAN_CANDIDATES}). */
  readonly candidates?: readonly FixCandidate[];
  /**
   * Caps on the search's work: combinations examined per component (default 200,000; the full table
   * needs at most 1,024) and states kept between components (default 50,000). A plan found under a
   * cap that bit says so (`search.optimal` false, `search.note`).
   */
  readonly limits?: { readonly combinations?: number; readonly states?: number };
}

/** How the search went (for reports and the optimality script). */
export interface PlanSearch {
  /** True when the plan is the optimum over the candidates; false says why in `note`. */
  readonly optimal: boolean;
  readonly note?: string;
  /** Real scorer runs of the plan itself (final scoring and step order), and of the preparation. */
  readonly evaluations: number;
  readonly preparedEvaluations: number;
  readonly components: number;
  /** Options kept over all components, and states kept at the end of the search. */
  readonly options: number;
  readonly states: number;
  /** Milliseconds spent preparing the unit (scoring the components) and planning this budget. */
  readonly prepareMs: number;
  readonly elapsedMs: number;
}

/** A plan: its steps (best first), where it ends, whether that is within budget, and how it was found. */
export interface FixPlan {
  readonly steps: readonly PlanStep[];
  /** The exposure (tenths) with every step, scored by the real scorer. */
  readonly exposureAfter: number;
  readonly reachesBudget: boolean;
  /** Sum of the steps' breakage costs. */
  readonly breakage: number;
  readonly search: PlanSearch;
}

/** The section holding exec settings of a unit type (`Service` for foo.service …). */
function execSection(unitName: string): string {
  const t = parseUnitName(unitName).type;
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** Candidates left once `keep` is honoured (a kept check is judged on the unit without policy weights). */
function allowedCandidates(unit: PlannedUnit, section: string, options: Omit<PlanOptions, 'budgetTenths'>, table: readonly FixCandidate[], plain: ExposureReport): FixCandidate[] {
  const keep = options.keep ?? [];
  if (keep.length === 0) return [...table];
  const keptChecks = plain.checks.map((c, i) => ({ c, i })).filter(({ c }) => keep.some((k) => k === c.jsonField || k === c.name || `${k}=` === c.name));
  const unweighted = new PlanScorer(unit, section, assessOptions({ ...options, policy: undefined }), table);
  return table.filter((cand) => {
    if (keep.includes(cand.key) || keep.includes(cand.id)) return false;
    if (keptChecks.length === 0) return true;
    const alone = unweighted.score([cand]);
    return alone !== undefined && keptChecks.every(({ c, i }) => alone.checks[i]!.badness === c.badness);
  });
}

function assessOptions(o: Pick<PlanOptions, 'release' | 'mode' | 'policy' | 'host'>): AssessOptions {
  return { ...(o.release ? { release: o.release } : {}), mode: o.mode ?? 'offline', ...(o.policy ? { policy: o.policy } : {}), ...(o.host ? { host: o.host } : {}) };
}

/** A unit prepared for planning: the budget-independent work done once, then a plan per budget. */
export interface Planner {
  /** The unit as it is, scored with the plan's options. */
  readonly base: ExposureReport;
  /** The best plan for a budget in tenths (see {@link planFixes}). */
  plan(budgetTenths: number): FixPlan;
}

/**
 * Scores the candidates' components on `unit` once (the costly part, about 200 scorer runs for the
 * full table), so that plans for several budgets cost only the search and the final scoring.
 */
export function preparePlanner(unit: PlannedUnit, options: Omit<PlanOptions, 'budgetTenths'>): Planner {
  const started = performance.now();
  const table = options.candidates ?? PLAN_CANDIDATES;
  const section = execSection(unit.name);
  const scorer = new PlanScorer(unit, section, assessOptions(options), table);
  const base = scorer.score([]);
  if (!base) throw new Error(`${unit.name}: systemd would not load this unit, there is nothing to plan`);
  const plain = options.policy ? assessUnit(unit, assessOptions({ ...options, policy: undefined })) : base;
  const split = buildComponents(scorer, allowedCandidates(unit, section, options, table, plain), options.limits?.combinations);
  const none = split.components.map((c) => c.options.find((o) => o.count === 0));
  // The unit as it is must add up from the rows; otherwise the split cannot be trusted.
  const addsUp = none.every((o) => o !== undefined)
    && exposureOf(split.fixedB + none.reduce((n, o) => n + o!.b, 0), split.fixedW + none.reduce((n, o) => n + o!.w, 0)) === base.exposure;
  const prepareMs = performance.now() - started;
  return {
    base,
    plan(budgetTenths: number): FixPlan {
      const t0 = performance.now();
      const evaluationsBefore = scorer.evaluations;
      const found = searchPlan(split.components, split.fixedB, split.fixedW, budgetTenths, options.limits?.states);
      const notes: string[] = [];
      if (split.capped) notes.push(split.capped);
      if (found.capped) notes.push(found.capped);
      if (!addsUp) notes.push('the rows of the unit as it is do not add up to its exposure (policy weights beyond exact arithmetic?)');
      const whole = scorer.score(found.picks);
      if (!whole) notes.push('systemd would refuse the unit with the whole plan');
      else if (whole.exposure !== found.exposure) notes.push(`the whole plan scores ${whole.exposure}, the search predicted ${found.exposure}`);
      const steps = whole ? orderSteps(scorer, base, found.picks) ?? [] : [];
      const exposureAfter = steps.length > 0 ? steps[steps.length - 1]!.exposureAfter : base.exposure;
      return {
        steps,
        exposureAfter,
        reachesBudget: exposureAfter <= budgetTenths,
        breakage: found.breakage,
        search: {
          optimal: notes.length === 0,
          ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
          evaluations: scorer.evaluations - evaluationsBefore,
          preparedEvaluations: evaluationsBefore,
          components: split.components.length,
          options: split.components.reduce((n, c) => n + c.options.length, 0),
          states: found.states,
          prepareMs: round1(prepareMs),
          elapsedMs: round1(performance.now() - t0),
        },
      };
    },
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Plans the fewest settings that bring `unit` within `options.budgetTenths` (ties: least breakage,
 * then lowest exposure); when no plan reaches it, the plan with the lowest exposure. Every number in
 * the answer comes from the real scorer; `search.optimal` is false (with a note) when a cap was hit or
 * the whole plan did not score as the search predicted.
 */
export function planFixes(unit: PlannedUnit, options: PlanOptions): FixPlan {
  return preparePlanner(unit, options).plan(options.budgetTenths);
}
