/**
 * A unified diff (`diff -u` format, 3 lines of context) of a file and the edits made to it. The edits
 * are known, so the changed lines are too: no diff algorithm (and no dependency) is needed.
 */
import type { TextEdit } from './edit';

/** Lines changed by one group of edits: old lines [from, to) became `lines`. */
interface Block {
  from: number;
  to: number;
  lines: string[];
}

const CONTEXT = 3;

function lineOf(starts: readonly number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Applies non-overlapping edits to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Changed-line blocks of `edits`, with the lines both sides share trimmed off. */
function blocksOf(text: string, edits: readonly TextEdit[]): Block[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  let p = 0;
  for (const l of lines) {
    starts.push(p);
    p += l.length + 1;
  }
  const spans = [...edits]
    .sort((a, b) => a.start - b.start)
    .map((e) => ({ from: lineOf(starts, e.start), to: lineOf(starts, Math.max(e.start, e.end - (e.end > e.start && text[e.end - 1] === '\n' ? 1 : 0))) + 1, edits: [e] }));
  const merged: typeof spans = [];
  for (const s of spans) {
    const prev = merged[merged.length - 1];
    if (prev && s.from < prev.to) {
      prev.to = Math.max(prev.to, s.to);
      prev.edits.push(...s.edits);
    } else merged.push({ ...s, edits: [...s.edits] });
  }
  return merged.map((m) => {
    const startPos = starts[m.from]!;
    // the block's lines with their newlines, so that an edit removing a whole line removes it here too
    const withNewline = m.to < starts.length;
    const endPos = withNewline ? starts[m.to]! : text.length;
    const shifted = m.edits.map((e) => ({ start: e.start - startPos, end: e.end - startPos, text: e.text }));
    const before = lines.slice(m.from, m.to);
    const after = applyEdits(text.slice(startPos, endPos), shifted).split('\n');
    if (withNewline && after[after.length - 1] === '') after.pop();
    let from = m.from;
    while (before.length > 0 && after.length > 0 && before[0] === after[0]) {
      before.shift();
      after.shift();
      from++;
    }
    while (before.length > 0 && after.length > 0 && before[before.length - 1] === after[after.length - 1]) {
      before.pop();
      after.pop();
    }
    return { from, to: from + before.length, lines: after };
  });
}

/** The unified diff of `file` (named `a/FILE` and `b/FILE`) under `edits`; empty when nothing changes. */
export function unifiedDiff(file: string, text: string, edits: readonly TextEdit[]): string {
  const old = text.split('\n');
  const blocks = blocksOf(text, edits).filter((b) => b.to > b.from || b.lines.length > 0);
  if (blocks.length === 0) return '';
  const out = [`--- a/${file}`, `+++ b/${file}`];
  let delta = 0;
  let i = 0;
  while (i < blocks.length) {
    // blocks whose context would touch share one hunk
    let j = i;
    while (j + 1 < blocks.length && blocks[j + 1]!.from - blocks[j]!.to <= 2 * CONTEXT) j++;
    const start = Math.max(0, blocks[i]!.from - CONTEXT);
    const end = Math.min(old.length, blocks[j]!.to + CONTEXT);
    const body: string[] = [];
    let at = start;
    let added = 0;
    for (let k = i; k <= j; k++) {
      const b = blocks[k]!;
      for (; at < b.from; at++) body.push(` ${old[at]}`);
      for (; at < b.to; at++) body.push(`-${old[at]}`);
      for (const l of b.lines) body.push(`+${l}`);
      added += b.lines.length - (b.to - b.from);
    }
    for (; at < end; at++) body.push(` ${old[at]}`);
    const oldLen = end - start;
    const newLen = oldLen + added;
    const range = (s: number, n: number) => `${n === 0 ? s : s + 1},${n}`;
    out.push(`@@ -${range(start, oldLen)} +${range(start + delta, newLen)} @@`, ...body);
    delta += added;
    i = j + 1;
  }
  return out.join('\n') + '\n';
}
