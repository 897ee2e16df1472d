/**
 * Checks a JSON document (RFC 8259, as JSON.parse accepts it) without building it, and returns the
 * small part a security policy is read from: the top-level object's members whose key is a check's
 * json_field, each reduced to its primitive members among `weight`, `range` and `description_*`.
 * Everything else is checked for syntax and dropped, so a 64 MiB policy of nested arrays costs its
 * bytes, not gigabytes of objects. JSON.parse() of the result gives parseSecurityPolicy() exactly
 * what it would read from the whole document: values of other types become `null`, which it
 * ignores as it ignores any non-object or non-primitive there; duplicate keys keep their order.
 *
 * systemd's JSON parser (src/shared/json.c, sd-json.c in 257+) refuses nesting: a value whose depth
 * is 2048 or more cannot be put into an array or object (DEPTH_MAX; ELNRNG, "Link number out of
 * range"). A scalar has depth 0 and a container one more than its deepest element; an empty array or
 * object has depth 0 up to 257 and 1 in 262 (measured with the real tools: `{"a":[[…]]}` of 2049
 * levels passes 252 and 257 and fails 262). The same limit applies here.
 */

/** A document that is not valid JSON, or one systemd would refuse (`nesting`). */
export class JsonSubsetError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly kind: 'syntax' | 'nesting' | 'size' = 'syntax',
  ) {
    super(message);
    this.name = 'JsonSubsetError';
  }
}

/** systemd's DEPTH_MAX. */
export const JSON_DEPTH_MAX = 2048;
/** Longest key compared with the wanted ones (longer keys cannot be a json_field, escapes included). */
const KEY_MAX = 1024;
/** Longest value kept (a description text, a number): our bound on memory, not systemd's. */
export const KEPT_VALUE_MAX = 1024 * 1024;

const FIELDS = new Set(['weight', 'range', 'description_good', 'description_bad', 'description_na']);

const enum Mode {
  Skip,
  Top,
  Entry,
  Field,
}

/**
 * Returns the reduced JSON text of `bytes` (see the header); `wanted(key)` tells the top-level keys
 * to keep; `emptyContainerDepth` is the release's depth of `[]` and `{}`. Throws {@link JsonSubsetError}
 * for invalid JSON, nesting systemd refuses, or a kept value longer than {@link KEPT_VALUE_MAX}.
 */
export function policySubset(bytes: Uint8Array, wanted: (key: string) => boolean, emptyContainerDepth: 0 | 1 = 0): string {
  let pos = 0;
  const fail = (what: string, kind: JsonSubsetError['kind'] = 'syntax'): never => {
    throw new JsonSubsetError(`${what} at byte ${pos}`, pos, kind);
  };
  const ws = (): void => {
    while (pos < bytes.length) {
      const c = bytes[pos]!;
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      pos++;
    }
  };
  const expect = (c: number, what: string): void => {
    if (bytes[pos] !== c) fail(`expected ${what}`);
    pos++;
  };
  const raw = (start: number): string => {
    if (pos - start > KEPT_VALUE_MAX) fail(`a value of ${pos - start} bytes (more than ${KEPT_VALUE_MAX} are not read)`, 'size');
    return Buffer.from(bytes.buffer, bytes.byteOffset + start, pos - start).toString('utf8');
  };
  const string = (): void => {
    expect(0x22, 'a string');
    for (;;) {
      if (pos >= bytes.length) fail('unterminated string');
      const c = bytes[pos++]!;
      if (c === 0x22) return;
      if (c < 0x20) fail('a control character in a string');
      if (c !== 0x5c) continue;
      const e = bytes[pos++];
      if (e === 0x75) {
        for (let k = 0; k < 4; k++, pos++) if (!isHex(bytes[pos])) fail('a bad \\u escape');
      } else if (e === undefined || !'"\\/bfnrt'.includes(String.fromCharCode(e))) fail('a bad escape');
    }
  };
  const digits = (): void => {
    if (!isDigit(bytes[pos])) fail('a digit');
    while (isDigit(bytes[pos])) pos++;
  };
  const number = (): void => {
    if (bytes[pos] === 0x2d) pos++;
    if (bytes[pos] === 0x30) pos++;
    else digits();
    if (bytes[pos] === 0x2e) {
      pos++;
      digits();
    }
    if (bytes[pos] === 0x65 || bytes[pos] === 0x45) {
      pos++;
      if (bytes[pos] === 0x2b || bytes[pos] === 0x2d) pos++;
      digits();
    }
  };
  const literal = (word: string): void => {
    for (let k = 0; k < word.length; k++, pos++) if (bytes[pos] !== word.charCodeAt(k)) fail(`expected ${word}`);
  };
  // The text of the value parsed last, when its mode keeps one (set before value() returns).
  let kept: string | undefined;
  // Returns the value's depth; `nesting` counts open containers: past DEPTH_MAX + 1 of them the
  // document is refused anyway.
  const value = (mode: Mode, nesting: number): number => {
    ws();
    const start = pos;
    const c = bytes[pos];
    kept = undefined;
    if (c === 0x7b || c === 0x5b) {
      if (nesting > JSON_DEPTH_MAX) fail(`nesting deeper than systemd's limit of ${JSON_DEPTH_MAX} levels`, 'nesting');
      const object = c === 0x7b;
      const members = object && (mode === Mode.Top || mode === Mode.Entry) ? ([] as string[]) : undefined;
      let max = -1;
      pos++;
      ws();
      if (bytes[pos] === (object ? 0x7d : 0x5d)) pos++;
      else {
        for (;;) {
          let key: string | undefined;
          let childMode = Mode.Skip;
          if (object) {
            ws();
            const k = pos;
            string();
            if (members !== undefined && pos - k <= KEY_MAX) {
              const name = JSON.parse(raw(k)) as string;
              if (mode === Mode.Top ? wanted(name) : FIELDS.has(name)) {
                key = raw(k);
                childMode = mode === Mode.Top ? Mode.Entry : Mode.Field;
              }
            }
            ws();
            expect(0x3a, "':'");
          }
          const d = value(childMode, nesting + 1);
          if (d >= JSON_DEPTH_MAX) fail(`nesting deeper than systemd's limit of ${JSON_DEPTH_MAX} levels`, 'nesting');
          if (d > max) max = d;
          if (key !== undefined) members!.push(`${key}:${kept ?? 'null'}`);
          ws();
          if (bytes[pos] === 0x2c) {
            pos++;
            continue;
          }
          expect(object ? 0x7d : 0x5d, object ? "',' or '}'" : "',' or ']'");
          break;
        }
      }
      kept = members === undefined ? undefined : `{${members.join(',')}}`;
      return max < 0 ? emptyContainerDepth : max + 1;
    }
    if (c === 0x22) string();
    else if (c === 0x2d || isDigit(c)) number();
    else if (c === 0x74) literal('true');
    else if (c === 0x66) literal('false');
    else if (c === 0x6e) literal('null');
    else fail(pos >= bytes.length ? 'unexpected end of input' : 'unexpected character');
    kept = mode === Mode.Field ? raw(start) : undefined;
    return 0;
  };

  value(Mode.Top, 0);
  const top = kept;
  ws();
  if (pos < bytes.length) fail('unexpected data after the JSON value');
  return top ?? 'null';
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}
