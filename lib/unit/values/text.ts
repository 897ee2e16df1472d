/**
 * Literal text versus text with `%` specifiers. Directives that expand specifiers (systemd.unit(5)
 * "Specifiers") read `%%` as a literal percent sign and `%n`, `%i`, … as unit facts. A plain string in
 * the typed model is literal text: every `%` is written as `%%`. To use specifiers, pass
 * `{ specifiers: 'foo@%i.service' }`; its `%x` sequences are written unchanged (each must be a
 * specifier systemd knows).
 */
import { ValueRuleError } from './errors';

/** Text whose `%x` sequences are systemd specifiers (written unchanged). */
export interface WithSpecifiers {
  readonly specifiers: string;
}

/** Literal text, or text with specifiers. */
export type Text = string | WithSpecifiers;

/** Specifier letters systemd knows (systemd.unit(5), union over the releases we support). */
export const SPECIFIER_LETTERS = 'aAbBCdEfgGhHiIjJlLmMnNopPqsStTuUvVwWyY';

/** Specifiers that expand to absolute paths (%f, %h, %t, %S, …): checked as `/x` in path grammars. */
const PATH_SPECIFIERS = 'fhsCELSTtVdyY';

/** True when `v` is the specifier form. */
export function hasSpecifiers(v: unknown): v is WithSpecifiers {
  return typeof v === 'object' && v !== null && typeof (v as WithSpecifiers).specifiers === 'string';
}

/** True when raw text contains a real specifier (a `%` not part of `%%`). */
export function containsSpecifier(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '%') continue;
    if (raw[i + 1] === '%') i++;
    else if (raw[i + 1] !== undefined) return true;
  }
  return false;
}

/** Checks every `%x` of specifier text; returns the text with each specifier replaced by `x` (for grammar checks). */
export function checkSpecifiers(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const n = raw[i + 1];
    if (n === undefined) throw new ValueRuleError('a lone % at the end is ambiguous', "write '%%' for a literal percent sign");
    i++;
    if (n === '%') out += '%';
    else if (PATH_SPECIFIERS.includes(n)) out += '/x';
    else if (SPECIFIER_LETTERS.includes(n)) out += 'x';
    else throw new ValueRuleError(`unknown specifier '%${n}'`, "write '%%' for a literal percent sign (specifiers are a single letter such as %n or %i)");
  }
  return out;
}

/** `%` → `%%`. */
export function escapePercent(s: string): string {
  return s.replace(/%/g, '%%');
}

/** `%%` → `%` (only for text without real specifiers). */
export function unescapePercent(s: string): string {
  return s.replace(/%%/g, '%');
}

/**
 * Builds a Text kind from a grammar on literal text: `check` validates the meaning, `encode` writes
 * it (quoting), `decode` reads it. With `expands` the `%` handling above applies.
 */
export interface TextGrammar {
  check(meaning: string): void;
  encode?(meaning: string): string;
  decode?(raw: string): string;
}

/** Writes a Text value. */
export function textToRaw(value: Text, grammar: TextGrammar, expands: boolean): string {
  const encode = grammar.encode ?? ((s: string) => s);
  if (typeof value === 'string') {
    grammar.check(value);
    const written = encode(value);
    return expands ? escapePercent(written) : written;
  }
  if (!hasSpecifiers(value)) throw new ValueRuleError('expected a string or { specifiers: string }');
  if (!expands) throw new ValueRuleError('this directive does not expand % specifiers', 'pass a plain string');
  grammar.check(checkSpecifiers(value.specifiers));
  return encode(value.specifiers);
}

/** Reads a Text value. */
export function textFromRaw(raw: string, grammar: TextGrammar, expands: boolean): Text {
  const meaning = grammar.decode ? grammar.decode(raw) : raw;
  if (expands && containsSpecifier(meaning)) {
    grammar.check(checkSpecifiers(meaning));
    return { specifiers: meaning };
  }
  const literal = expands ? unescapePercent(meaning) : meaning;
  grammar.check(literal);
  return literal;
}
