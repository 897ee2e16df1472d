/**
 * Writes `JSON.stringify(value, null, 2) + '\n'` to a file without ever holding the whole text: the
 * outer levels are written piece by piece, and an array may be given as {@link StreamedArray} chunks
 * made one at a time (a stack report of 10,000 units would otherwise be a string of ~100 MB next to
 * the tree it was made from). The bytes are the same as those of the one-string form.
 */
import { withFileWriter } from './text-file';

/** Levels written piece by piece by default; deeper values are stringified whole (they are small). */
const SPLIT_LEVELS = 4;

/**
 * An array written as the concatenation of its chunks, each made when it is written. It must sit in
 * the outer levels (those written piece by piece); deeper, writing it throws.
 */
export class StreamedArray<T> {
  constructor(readonly chunks: Iterable<readonly T[]>) {}

  /** Reached only when the array sits too deep to be streamed. */
  toJSON(): never {
    throw new Error('a StreamedArray must sit in the levels written piece by piece (see writeJsonFile)');
  }
}

/** What `JSON.stringify` leaves out of an object (and writes as null in an array). */
function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/**
 * Writes `value` as `JSON.stringify(value, null, 2)` followed by a newline. Values at the first
 * `splitLevels` levels (the root is level 0) are written piece by piece, deeper ones stringified
 * whole: with 2, the root object member by member and its arrays element by element.
 */
export function writeJsonFile(file: string, value: unknown, splitLevels: number = SPLIT_LEVELS): void {
  withFileWriter(file, (put) => writeJson(put, value, splitLevels));
}

/** The pieces of {@link writeJsonFile}'s text, given to `put` in order. */
function writeJson(put: (s: string) => void, value: unknown, splitLevels: number): void {
  const items = (list: Iterable<unknown>, indent: string, level: number): void => {
    const inner = `${indent}  `;
    let first = true;
    for (const item of list) {
      put(first ? `[\n${inner}` : `,\n${inner}`);
      first = false;
      emit(skipped(item) ? null : item, inner, level + 1);
    }
    put(first ? '[]' : `\n${indent}]`);
  };
  // a chunk stringified as one array, its brackets cut: the elements as an array would hold them
  const chunks = (list: StreamedArray<unknown>, indent: string): void => {
    let first = true;
    for (const chunk of list.chunks) {
      if (chunk.length === 0) continue;
      const text = JSON.stringify(chunk, null, 2);
      put(`${first ? '[' : ','}\n${indent}${text.slice(2, -2).replace(/\n/g, `\n${indent}`)}`);
      first = false;
    }
    put(first ? '[]' : `\n${indent}]`);
  };
  const emit = (v: unknown, indent: string, level: number): void => {
    if (v instanceof StreamedArray) {
      chunks(v as StreamedArray<unknown>, indent);
      return;
    }
    const plain = v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
    if (!plain || level >= splitLevels) {
      const text = JSON.stringify(v, null, 2);
      // structural newlines only: newlines inside strings are escaped
      put(indent === '' ? text : text.replace(/\n/g, `\n${indent}`));
      return;
    }
    if (Array.isArray(v)) {
      items(v, indent, level);
      return;
    }
    const inner = `${indent}  `;
    let first = true;
    for (const key of Object.keys(v)) {
      const member = (v as Record<string, unknown>)[key];
      if (skipped(member)) continue;
      put(`${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `);
      first = false;
      emit(member, inner, level + 1);
    }
    put(first ? '{}' : `\n${indent}}`);
  };
  emit(value, '', 0);
  put('\n');
}
