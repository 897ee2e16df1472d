/**
 * Rendering the raw model to unit-file text. Deterministic (same document, same bytes) and
 * injection-proof: anything that systemd's parser would read differently from what the document says
 * (a line break, a trailing backslash that starts a continuation, surrounding whitespace that would be
 * stripped, a key or section name that is not a plain word) is refused with a {@link UnitRenderError}.
 */
import type { UnitDocument } from './model';

/** Thrown when a document cannot be written so that systemd reads back exactly the same assignments. */
export class UnitRenderError extends Error {
  constructor(
    /** `Section.Key` (or `[Section]` for a bad section name). */
    readonly directive: string,
    readonly value: string,
    /** The rule that the value breaks. */
    readonly rule: string,
  ) {
    super(`${directive}: cannot write ${JSON.stringify(value)}: ${rule}`);
    this.name = 'UnitRenderError';
  }
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const SECTION = /^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/;

/** The first character that may not appear in a unit-file line, or undefined. */
export function forbiddenCharacter(value: string): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return value[i];
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return value[i];
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return value[i];
  }
  return undefined;
}

function describeChar(ch: string): string {
  const c = ch.charCodeAt(0);
  const names: Record<number, string> = { 0: 'NUL', 10: 'newline', 13: 'carriage return', 127: 'DEL' };
  return names[c] ?? `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Checks that `value` survives systemd's line parser unchanged; throws otherwise. */
export function checkRawValue(directive: string, value: string): void {
  const bad = forbiddenCharacter(value);
  if (bad !== undefined) {
    throw new UnitRenderError(directive, value, `control character ${describeChar(bad)} is not allowed in a unit file value`);
  }
  if (/^[ \t]|[ \t]$/.test(value)) {
    throw new UnitRenderError(directive, value, 'leading or trailing whitespace would be stripped by systemd');
  }
  let escaped = false;
  for (const ch of value) {
    if (escaped) escaped = false;
    else if (ch === '\\') escaped = true;
  }
  if (escaped) {
    throw new UnitRenderError(directive, value, 'a trailing unescaped backslash would join the next line');
  }
}

/** Renders a raw document. Sections in document order, entries in order; one blank line between sections. */
export function renderDocument(doc: UnitDocument): string {
  const out: string[] = [];
  for (const section of doc.sections) {
    if (!SECTION.test(section.name)) {
      throw new UnitRenderError(`[${section.name}]`, section.name, 'a section name must be a plain word like Service or X-Custom');
    }
    if (out.length > 0) out.push('');
    out.push(`[${section.name}]`);
    for (const { key, value } of section.entries) {
      const directive = `${section.name}.${key}`;
      if (!KEY.test(key)) throw new UnitRenderError(directive, key, 'a directive name must be a plain word like ExecStart');
      checkRawValue(directive, value);
      out.push(`${key}=${value}`);
    }
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
