/**
 * The planner's only source of numbers: the real scorer ({@link assessUnit}) on the unit with a set
 * of candidates appended to its own section, memoized by the set. Also the split of a report into the
 * two sums systemd's formula divides (see search.ts for why that split makes the search exact).
 */
import type { UnitDocument, UnitEntry, UnitSection } from '../../unit/model';
import { assessUnit, type AssessOptions, type ExposureReport } from '../../exposure';
import type { FixCandidate } from './candidates';

/** The unit a plan is made for. */
export interface PlannedUnit {
  readonly name: string;
  readonly document: UnitDocument;
  /** The unit file's real path, when there is one (%y and %Y expand to it). */
  readonly file?: string;
}

/** One row's share of systemd's formula: ceil(badness·weight/range) and its weight (0, 0 when N/A). */
export interface RowShare {
  readonly b: number;
  readonly w: number;
}

/** Appends assignments to a section (created at the end when the unit lacks it). */
export function withAssignments(doc: UnitDocument, section: string, add: readonly UnitEntry[]): UnitDocument {
  let found = false;
  const sections: UnitSection[] = doc.sections.map((s) => {
    if (s.name !== section) return s;
    found = true;
    return { name: s.name, entries: [...s.entries, ...add] };
  });
  if (!found) sections.push({ name: section, entries: [...add] });
  return { sections };
}

/** The unit with the candidates' lines appended to `section`, in the order given. */
export function applyCandidates(unit: PlannedUnit, section: string, picks: readonly FixCandidate[]): PlannedUnit {
  if (picks.length === 0) return unit;
  return { ...unit, document: withAssignments(unit.document, section, picks.flatMap((c) => c.fix.set.map((a) => ({ key: a.key, value: a.value })))) };
}

/** A row's share of the formula, from the real report (weight and range after the policy). */
export function rowShare(c: ExposureReport['checks'][number]): RowShare {
  return c.badness === null ? { b: 0, w: 0 } : { b: Math.ceil((c.badness * c.weight) / c.range), w: c.weight };
}

/** systemd's overall exposure from the two sums (tenths). */
export const exposureOf = (b: number, w: number): number => Math.ceil((b * 100) / w);

/**
 * Scores candidate sets of one unit with the real scorer, once per set (the set is canonical: lines
 * are appended in table order, so one set is one unit text). Refused units (systemd would not load
 * them) score `undefined`.
 */
export class PlanScorer {
  /** Real scorer runs so far (the planner reports it). */
  evaluations = 0;
  private readonly cache = new Map<string, ExposureReport | undefined>();
  private readonly order: ReadonlyMap<FixCandidate, number>;

  constructor(
    readonly unit: PlannedUnit,
    readonly section: string,
    readonly options: AssessOptions,
    table: readonly FixCandidate[],
  ) {
    this.order = new Map(table.map((c, i) => [c, i]));
  }

  /** The candidates in table order (the order their lines are appended in). */
  canonical(picks: readonly FixCandidate[]): FixCandidate[] {
    return [...picks].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }

  /** The report of the unit with `picks` added, or undefined when systemd would refuse that unit. */
  score(picks: readonly FixCandidate[]): ExposureReport | undefined {
    const sorted = this.canonical(picks);
    const key = sorted.map((c) => this.order.get(c)).join(',');
    if (this.cache.has(key)) return this.cache.get(key);
    let report: ExposureReport | undefined;
    this.evaluations++;
    try {
      report = assessUnit(applyCandidates(this.unit, this.section, sorted), this.options);
    } catch {
      // UnitLoadError (refused unit) or a policy that leaves nothing to score: not a usable plan.
      report = undefined;
    }
    this.cache.set(key, report);
    return report;
  }
}
