/**
 * Splits the rank tables of every release into the base table and per-release differences
 * (rank-diff.ts). Used by scripts/gen-row-ranks.ts and the tests, never when scoring.
 */
import { byteCompare } from '../format-report';
import { ABSENT, majority, sameJson } from '../releases/majority';
import { materializeRowRanks, type RowRankDiff, type RowRanks } from './rank-diff';

/** The base table and each release's differences, in the order the tables were given. */
export interface SplitRowRanks {
  readonly base: RowRanks;
  readonly diffs: readonly RowRankDiff[];
}

/**
 * Base and differences of the rank tables of the releases (oldest first, each with the oracle it was
 * taken from): each variant is in the base
 * when most releases show it, with the rank most of those have (ties: the newest's). Throws when a
 * table would not come back exactly (key order included) from base + its difference.
 */
export function splitRowRanks(releases: ReadonlyArray<{ readonly oracle: string; readonly ranks: RowRanks }>): SplitRowRanks {
  const tables = releases.map((r) => r.ranks);
  const keys = [...new Set(tables.flatMap((t) => Object.keys(t)))].sort(byteCompare);
  const base: Record<string, number> = {};
  for (const key of keys) {
    const present = majority(tables.map((t) => (Object.hasOwn(t, key) ? true : ABSENT)));
    // Present in most tables: the rank most holders have (absent ones do not vote on the value).
    if (present !== ABSENT) base[key] = majority(tables.filter((t) => Object.hasOwn(t, key)).map((t) => t[key]!)) as number;
  }
  const diffs = tables.map((table, i) => {
    const diff = diffRowRanks(base, table, releases[i]!.oracle);
    if (!sameJson(materializeRowRanks(base, diff), table)) throw new Error(`the ranks of ${diff.oracle} are not expressible as base + difference (are its keys in byte order?)`);
    return diff;
  });
  return { base, diffs };
}

function diffRowRanks(base: RowRanks, table: RowRanks, oracle: string): RowRankDiff {
  const removed = Object.keys(base).filter((key) => !Object.hasOwn(table, key));
  const added: Record<string, number> = {};
  const changed: Record<string, number> = {};
  for (const [key, rank] of Object.entries(table)) {
    if (!Object.hasOwn(base, key)) added[key] = rank;
    else if (base[key] !== rank) changed[key] = rank;
  }
  return {
    oracle,
    ...(removed.length > 0 ? { removed } : {}),
    ...(Object.keys(added).length > 0 ? { added } : {}),
    ...(Object.keys(changed).length > 0 ? { changed } : {}),
  };
}
