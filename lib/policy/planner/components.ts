/**
 * Splits the candidates into independent groups. Each check reads a known set of directives
 * (`CheckResult.reads`, implying ones included, e.g. DynamicUser= for PrivateTmp=). Two candidate
 * keys read by one check can interact (ProtectClock=yes removes CAP_SYS_TIME, DynamicUser=yes implies
 * PrivateTmp=yes …), so they go in one component; keys in different components never touch a common
 * check. Within a component every combination (at most one candidate per key) is scored with the real
 * scorer, row by row; across components the rows' shares simply add up.
 */
import type { FixCandidate } from './candidates';
import { BREAKAGE_COST } from '../fixes';
import { pruneDominated } from './pareto';
import { rowShare, type PlanScorer, type RowShare } from './scoring';

/** One way to set a component's keys: the candidates, their count and breakage, and the rows' sums. */
export interface ComponentOption {
  readonly picks: readonly FixCandidate[];
  readonly count: number;
  readonly breakage: number;
  /** Sum of ceil(badness·weight/range) over the component's checks. */
  readonly b: number;
  /** Sum of the weights of the component's checks that are not N/A. */
  readonly w: number;
}

/** A group of interacting keys, the checks that read them, and its options worth keeping. */
export interface Component {
  readonly keys: readonly string[];
  /** Indexes (into the report's checks) of the checks reading one of the keys. */
  readonly checks: readonly number[];
  readonly options: readonly ComponentOption[];
  /** Combinations it had (before pruning dominated ones). */
  readonly combinations: number;
}

/** What {@link buildComponents} found. */
export interface ComponentSplit {
  readonly components: readonly Component[];
  /** Sums of the rows no candidate can change. */
  readonly fixedB: number;
  readonly fixedW: number;
  /** A component had more combinations than the cap: its options were not all examined. */
  readonly capped?: string;
}

/** Default most combinations examined in one component (the largest, capabilities, has 1,024). */
export const COMBINATION_CAP = 200_000;

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

/**
 * Builds the components of `candidates` on the scorer's unit. The options of each component are
 * scored through the real scorer: a row's share under a combination is read from the report of the
 * unit with only the combination's candidates on the keys that row reads (the other keys cannot
 * change it), so each distinct (row, relevant candidates) pair costs at most one scorer run, shared
 * by all rows whose relevant candidates are the same.
 */
export function buildComponents(scorer: PlanScorer, candidates: readonly FixCandidate[], cap = COMBINATION_CAP): ComponentSplit {
  const base = scorer.score([]);
  if (!base) throw new Error(`${scorer.unit.name}: the unit itself does not load`);
  const byKey = new Map<string, FixCandidate[]>();
  for (const c of candidates) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c]);
  const uf = new UnionFind();
  const rowKeys: string[][] = base.checks.map((c) => c.reads.filter((k) => byKey.has(k)));
  for (const keys of rowKeys) for (const k of keys.slice(1)) uf.union(keys[0]!, k);

  let fixedB = 0;
  let fixedW = 0;
  const groups = new Map<string, { keys: string[]; checks: number[] }>();
  for (const key of byKey.keys()) {
    const root = uf.find(key);
    if (!groups.has(root)) groups.set(root, { keys: [], checks: [] });
    groups.get(root)!.keys.push(key);
  }
  rowKeys.forEach((keys, i) => {
    if (keys.length === 0) {
      const s = rowShare(base.checks[i]!);
      fixedB += s.b;
      fixedW += s.w;
    } else groups.get(uf.find(keys[0]!))!.checks.push(i);
  });

  let capped: string | undefined;
  const components: Component[] = [];
  for (const g of groups.values()) {
    const { options, combinations, truncated } = componentOptions(scorer, g.keys, g.checks, byKey, rowKeys, cap);
    if (truncated) capped = `component ${g.keys.join(' ')} has ${combinations} combinations; only the first ${cap} were examined`;
    components.push({ keys: g.keys, checks: g.checks, options, combinations });
  }
  return { components, fixedB, fixedW, ...(capped ? { capped } : {}) };
}

function componentOptions(
  scorer: PlanScorer,
  keys: readonly string[],
  checks: readonly number[],
  byKey: ReadonlyMap<string, readonly FixCandidate[]>,
  rowKeys: readonly string[][],
  cap: number,
): { options: ComponentOption[]; combinations: number; truncated: boolean } {
  const choices = keys.map((k) => [undefined, ...byKey.get(k)!]);
  const combinations = choices.reduce((n, c) => n * c.length, 1);
  const rows = checks.map((check) => componentRow(check, keys, choices, rowKeys));
  // a row's share depends only on the choices at its own keys: one scorer run per distinct choice
  const share = (row: ComponentRow, index: readonly number[]): RowShare | null => {
    const id = row.idOf(index);
    let s = row.shares.get(id);
    if (s === undefined) {
      const relevant = row.positions.map((p) => choices[p]![index[p]!]).filter((c): c is FixCandidate => c !== undefined);
      const report = scorer.score(relevant);
      s = report ? rowShare(report.checks[row.check]!) : null;
      row.shares.set(id, s);
    }
    return s;
  };

  const all: ComponentOption[] = [];
  const index = keys.map(() => 0);
  let examined = 0;
  for (;;) {
    if (examined++ >= cap) break;
    const picks = index.map((i, k) => choices[k]![i]).filter((c): c is FixCandidate => c !== undefined);
    let b = 0;
    let w = 0;
    let refused = false;
    for (const row of rows) {
      const s = share(row, index);
      if (s === null) {
        refused = true;
        break;
      }
      b += s.b;
      w += s.w;
    }
    if (!refused) {
      all.push({ picks, count: picks.length, breakage: picks.reduce((n, p) => n + BREAKAGE_COST[p.fix.breakage], 0), b, w });
    }
    // next combination (odometer)
    let k = 0;
    while (k < index.length && ++index[k]! === choices[k]!.length) index[k++] = 0;
    if (k === index.length) break;
  }
  return { options: pruneDominated(all), combinations, truncated: examined > cap };
}

/** A check of a component: where its keys are among the component's, and its shares so far. */
interface ComponentRow {
  readonly check: number;
  /** Positions (in the component's keys) of the keys the check reads. */
  readonly positions: readonly number[];
  /** The id of a combination's choices at those positions (equal ids: equal share). */
  readonly idOf: (index: readonly number[]) => number | string;
  readonly shares: Map<number | string, RowShare | null>;
}

function componentRow(check: number, keys: readonly string[], choices: ReadonlyArray<readonly unknown[]>, rowKeys: readonly string[][]): ComponentRow {
  const positions = keys.flatMap((k, p) => (rowKeys[check]!.includes(k) ? [p] : []));
  const distinct = positions.reduce((n, p) => n * choices[p]!.length, 1);
  // the choices as one mixed-radix number while that is exact; else as text
  const idOf = Number.isSafeInteger(distinct)
    ? (index: readonly number[]): number => positions.reduce((id, p) => id * choices[p]!.length + index[p]!, 0)
    : (index: readonly number[]): string => positions.map((p) => index[p]).join(',');
  return { check, positions, idOf, shares: new Map() };
}
