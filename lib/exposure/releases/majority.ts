/**
 * The rule that picks a base value from the releases' values (used by the generators, never when
 * scoring): the value most releases have, so that each difference is written once, by the releases
 * that differ.
 */

/** Stands for "this release has no such item" among the candidates. */
export const ABSENT: unique symbol = Symbol('absent');

/**
 * The value most of `values` have (compared as JSON); on a tie the one the latest entry has.
 * `values` are ordered oldest release first, so ties go to the newest release.
 */
export function majority<T>(values: ReadonlyArray<T | typeof ABSENT>): T | typeof ABSENT {
  if (values.length === 0) throw new Error('majority of no values');
  const counts = new Map<string, { value: T | typeof ABSENT; count: number }>();
  // Newest first: among equal counts the first seen (newest) stays the winner.
  for (const value of [...values].reverse()) {
    const key = value === ABSENT ? '' : JSON.stringify(value);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { value, count: 1 });
  }
  let best: { value: T | typeof ABSENT; count: number } | undefined;
  for (const entry of counts.values()) if (best === undefined || entry.count > best.count) best = entry;
  return best!.value;
}

/** True when both values have the same JSON text (key order included: the generated text keeps it). */
export const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
