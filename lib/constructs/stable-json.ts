/**
 * Writes a document as cdktf writes cdk.tf.json — `json-stable-stringify(document, { space: 2 })`:
 * keys sorted by UTF-16 code units, two-space indents, `undefined` members left out and `undefined`
 * array items written as null, `toJSON()` honoured, an empty object or array still broken over two
 * lines — byte for byte, but in one pass into a file. json-stable-stringify builds the text of every
 * subtree and joins it into its parent's, which at tens of megabytes costs seconds and a second copy
 * of the document's text in memory.
 */
import * as fs from 'node:fs';

/** Text gathered before each write to the file. */
const CHUNK = 1 << 20;

/** Writes `document` to `file` (see the header). */
export function writeStableJson(file: string, document: unknown): void {
  const fd = fs.openSync(file, 'w');
  try {
    const writer = new ChunkWriter(fd);
    const value = jsonOf(document);
    if (value !== undefined) writeValue(writer, value, '\n', []);
    writer.flush();
  } finally {
    fs.closeSync(fd);
  }
}

/** Gathers text and writes it in chunks. */
class ChunkWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}

  push(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    fs.writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/** `value` as json-stable-stringify writes it: through its toJSON(), and undefined when it is left out. */
function jsonOf(value: unknown): unknown {
  if (value && typeof (value as { toJSON?: unknown }).toJSON === 'function') value = (value as { toJSON(): unknown }).toJSON();
  // functions and symbols have no JSON text: left out of objects, null in arrays (as undefined)
  return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
}

/**
 * Writes `value` (already through {@link jsonOf}, not undefined) at the depth whose line break and
 * indent is `indent`. `ancestors`: the objects being written, for the library's cycle check.
 */
function writeValue(w: ChunkWriter, value: unknown, indent: string, ancestors: object[]): void {
  if (typeof value !== 'object' || value === null) {
    w.push(JSON.stringify(value));
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    w.push('[');
    for (let i = 0; i < value.length; i++) {
      w.push(i === 0 ? inner : ',' + inner);
      const item = jsonOf(value[i]);
      if (item === undefined) w.push('null');
      else writeValue(w, item, inner, ancestors);
    }
    w.push(indent + ']');
    return;
  }
  if (ancestors.includes(value)) throw new TypeError('Converting circular structure to JSON');
  ancestors.push(value);
  const record = value as Record<string, unknown>;
  w.push('{');
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const item = jsonOf(record[key]);
    if (item === undefined) continue;
    w.push((first ? inner : ',' + inner) + JSON.stringify(key) + ': ');
    first = false;
    writeValue(w, item, inner, ancestors);
  }
  ancestors.pop();
  w.push(indent + '}');
}
