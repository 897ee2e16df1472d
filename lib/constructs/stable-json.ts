/**
 * Writes a document as cdktf writes cdk.tf.json — `json-stable-stringify(document, { space: 2 })`:
 * keys sorted by UTF-16 code units, two-space indents, `undefined` members left out and `undefined`
 * array items written as null, `toJSON()` honoured, an empty object or array still broken over two
 * lines — byte for byte, but in one pass into a file. json-stable-stringify builds the text of every
 * subtree and joins it into its parent's, which at tens of megabytes costs seconds and a second copy
 * of the document's text in memory.
 */
import { withFileWriter } from '../report/text-file';

/** Writes `document` to `file` (see the header). */
export function writeStableJson(file: string, document: unknown): void {
  withFileWriter(file, (put) => {
    const value = jsonOf(document);
    if (value !== undefined) writeValue(put, value, '\n', []);
  });
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
function writeValue(put: (text: string) => void, value: unknown, indent: string, ancestors: object[]): void {
  if (typeof value !== 'object' || value === null) {
    put(JSON.stringify(value));
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    put('[');
    for (let i = 0; i < value.length; i++) {
      put(i === 0 ? inner : ',' + inner);
      const item = jsonOf(value[i]);
      if (item === undefined) put('null');
      else writeValue(put, item, inner, ancestors);
    }
    put(indent + ']');
    return;
  }
  if (ancestors.includes(value)) throw new TypeError('Converting circular structure to JSON');
  ancestors.push(value);
  const record = value as Record<string, unknown>;
  put('{');
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const item = jsonOf(record[key]);
    if (item === undefined) continue;
    put((first ? inner : ',' + inner) + JSON.stringify(key) + ': ');
    first = false;
    writeValue(put, item, inner, ancestors);
  }
  ancestors.pop();
  put(indent + '}');
}
