/**
 * Edits between two ordered lists of distinct strings (syscall groups, their members, group names):
 * how a release's list differs from the base's, and the way back.
 */

/** How a release's list differs from the base's; order is kept exactly. */
export interface ListEdit {
  /** Items of the base list the release does not have at that place. */
  readonly remove?: readonly string[];
  /** Items the release has beyond the rest of the base list: `[index in the release's list, item]`, ascending. */
  readonly insert?: ReadonlyArray<readonly [number, string]>;
}

/** The release's list: `base` without the removed items, with the inserted ones at their indices. */
export function applyListEdit(base: readonly string[], edit: ListEdit | undefined): readonly string[] {
  if (edit === undefined) return base;
  const removed = new Set(edit.remove ?? []);
  const out = removed.size > 0 ? base.filter((item) => !removed.has(item)) : base.slice();
  // Ascending final indices: each insert lands where it belongs among the items before it.
  for (const [index, item] of edit.insert ?? []) out.splice(index, 0, item);
  return out;
}

/**
 * The edit that turns `base` into `target` (undefined when they are equal): the items outside their
 * longest common subsequence. `base` must not repeat an item, since removals name items.
 */
export function diffList(base: readonly string[], target: readonly string[]): ListEdit | undefined {
  if (new Set(base).size !== base.length) throw new Error(`a base list repeats an item: ${JSON.stringify(base)}`);
  const common = commonSubsequence(base, target);
  const keptBase = new Set<number>(common.map(([b]) => b));
  const keptTarget = new Set<number>(common.map(([, t]) => t));
  const remove = base.filter((_, i) => !keptBase.has(i));
  const insert = target.flatMap((item, i): Array<readonly [number, string]> => (keptTarget.has(i) ? [] : [[i, item]]));
  if (remove.length === 0 && insert.length === 0) return undefined;
  return { ...(remove.length > 0 ? { remove } : {}), ...(insert.length > 0 ? { insert } : {}) };
}

/** Index pairs `[in a, in b]` of one longest common subsequence (classic dynamic programme). */
function commonSubsequence(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  const width = b.length + 1;
  // lengths[i * width + j]: length of the longest common subsequence of a[i..] and b[j..].
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) i++;
    else j++;
  }
  return pairs;
}
