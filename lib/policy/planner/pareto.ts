/**
 * Dominance pruning for the planner's options and states. An item dominates another when it has no
 * more settings, no more breakage, a row sum b no larger and a weight sum w no smaller: the overall
 * exposure ceil(100·b/w) only grows with b and shrinks with w, so whatever is added later, the
 * dominated item can never give a plan that is better under the planner's order (settings, breakage,
 * exposure) or under its order for unreachable budgets (exposure, settings, breakage).
 */

/** What dominance compares. */
export interface Weighed {
  readonly count: number;
  readonly breakage: number;
  readonly b: number;
  readonly w: number;
}

/**
 * The items no other item dominates (of identical ones, the first in `list` order). Items are
 * grouped by (count, breakage); within a group the 2-D front over (b, w) is a sweep in b order; an
 * item of a group is then checked against the fronts of the groups with no more settings and
 * breakage, each by binary search (on a front sorted by b, w rises with b).
 */
export function pruneDominated<T extends Weighed>(list: readonly T[]): T[] {
  const groups = new Map<string, T[]>();
  for (const item of list) {
    const key = `${item.count},${item.breakage}`;
    const g = groups.get(key);
    if (g) g.push(item);
    else groups.set(key, [item]);
  }
  const fronts: Array<{ count: number; breakage: number; front: T[] }> = [];
  const ordered = [...groups.values()].sort((x, y) => x[0]!.count - y[0]!.count || x[0]!.breakage - y[0]!.breakage);
  for (const g of ordered) {
    // Stable sort: among equal (b, w) the earliest item comes first and is the one kept.
    const byB = [...g].sort((x, y) => x.b - y.b || y.w - x.w);
    const own: T[] = [];
    for (const item of byB) {
      const last = own[own.length - 1];
      if (last && last.w >= item.w) continue;
      own.push(item);
    }
    const { count, breakage } = g[0]!;
    const earlier = fronts.filter((f) => f.count <= count && f.breakage <= breakage);
    const front = own.filter((item) => !earlier.some((f) => maxWUpTo(f.front, item.b) >= item.w));
    if (front.length > 0) fronts.push({ count, breakage, front });
  }
  return fronts.flatMap((f) => f.front);
}

/** The largest w among the front's items with b ≤ `b` (−∞ when none): the last such item's. */
function maxWUpTo<T extends Weighed>(front: readonly T[], b: number): number {
  let lo = 0;
  let hi = front.length - 1;
  let found = -Infinity;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (front[mid]!.b <= b) {
      found = front[mid]!.w;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
