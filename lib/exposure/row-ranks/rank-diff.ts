/**
 * The rank tables as one base table (`base.ts`) plus each release's differences (`v<NNN>.ts`);
 * {@link materializeRowRanks} puts a release's table back together. Pure data handling.
 */
import { byteCompare } from '../format-report';

/** `"<json_field> <variant>"` → place of its description among the release's texts (1 = first). */
export type RowRanks = Readonly<Record<string, number>>;

/** How one release's ranks differ from the base's. */
export interface RowRankDiff {
  /** `systemd-analyze --version` of the oracle the release's ranks were taken from. */
  readonly oracle: string;
  /** Variants of the base the release does not show. */
  readonly removed?: readonly string[];
  /** Variants the base does not have, with their ranks. */
  readonly added?: RowRanks;
  /** Base variants whose rank differs (a text added or dropped before theirs moves them). */
  readonly changed?: RowRanks;
}

/** The full rank table of one release: `base` with `diff` applied, keys in byte order (as generated). */
export function materializeRowRanks(base: RowRanks, diff: RowRankDiff): RowRanks {
  const removed = new Set(diff.removed ?? []);
  const changed = diff.changed ?? {};
  const entries: Array<[string, number]> = Object.entries(base)
    .filter(([key]) => !removed.has(key))
    .map(([key, rank]) => [key, Object.hasOwn(changed, key) ? changed[key]! : rank]);
  entries.push(...Object.entries(diff.added ?? {}));
  return Object.fromEntries(entries.sort(([a], [b]) => byteCompare(a, b)));
}
