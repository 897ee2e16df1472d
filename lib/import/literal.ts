/**
 * TypeScript source text for plain data (the typed values of the catalog: strings, booleans,
 * numbers, arrays and `{ specifiers }`-like objects) and for comments. Strings are single-quoted
 * with every character that could end or bend the literal escaped; comments never contain a line
 * terminator, whatever the unit file held.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A single-quoted string literal that reads back as exactly `s`. */
export function stringLiteral(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff)) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + "'";
}

/** A property name: bare when it is an identifier, else quoted. */
export function propertyName(name: string): string {
  return IDENTIFIER.test(name) ? name : stringLiteral(name);
}

/** TypeScript source for a plain value. */
export function literal(value: unknown): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{ ${fields.map(([k, v]) => `${propertyName(k)}: ${literal(v)}`).join(', ')} }`;
  }
  throw new Error(`cannot write ${String(value)} as TypeScript`);
}

/** `//` comment lines for `text` (a unit-file comment or our note); line terminators cannot break out. */
export function commentLines(text: string): string[] {
  return text.split(/\r\n|\r|\n|\u2028|\u2029/).map((l) => (`// ${l}`).replace(/[ \t]+$/, ''));
}
