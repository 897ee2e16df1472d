/** "Did you mean …?" suggestions for misspelt names. */

/** Optimal string alignment distance: edits, and swaps of two neighbouring characters, cost 1. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest known name to `word` (case-insensitive), if it is close enough to be a typo. */
export function closest(word: string, known: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  if (w.length > 64) return undefined; // no name is that long: not a typo
  const limit = Math.max(2, Math.floor(w.length / 4));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    if (Math.abs(k.length - w.length) > limit) continue;
    const d = distance(w, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

/** `did you mean X?` or undefined. */
export function didYouMean(word: string, known: Iterable<string>): string | undefined {
  const c = closest(word, known);
  return c === undefined ? undefined : `did you mean ${c}?`;
}
