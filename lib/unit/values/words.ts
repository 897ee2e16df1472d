/**
 * systemd's word extractor (extract_first_word in src/basic/extract-word.c) and the inverse
 * quoting used when writing words, so that what we write is exactly what systemd reads back.
 */
import { ValueRuleError } from './errors';

/** Flags of systemd's extractor that our directives use. */
export interface ExtractFlags {
  /** EXTRACT_UNQUOTE: '…' and "…" group characters and the quotes are removed. */
  readonly unquote: boolean;
  /** EXTRACT_CUNESCAPE: `\n`, `\t`, `\xNN`, `\uNNNN` … are decoded (ExecStart=, Environment=). */
  readonly cunescape: boolean;
  /** EXTRACT_RETAIN_ESCAPE: a backslash and the character after it are both kept (unit name lists). */
  readonly retainEscape?: boolean;
}

/** The flags of Exec*= and Environment=: UNQUOTE|CUNESCAPE. */
export const UNQUOTE_CUNESCAPE: ExtractFlags = { unquote: true, cunescape: true };
/** The flags of path and name lists: UNQUOTE only (a backslash takes the next character literally). */
export const UNQUOTE_ONLY: ExtractFlags = { unquote: true, cunescape: false };
/** Unit-name lists of [Unit] (After=, Wants=, …): no unquoting, escapes such as `\x2d` kept. */
export const RETAIN_ESCAPE: ExtractFlags = { unquote: false, cunescape: false, retainEscape: true };
/** Unit-name lists of [Install] (WantedBy=, …): unquoting, escapes kept. */
export const UNQUOTE_RETAIN_ESCAPE: ExtractFlags = { unquote: true, cunescape: false, retainEscape: true };
/** No unquoting: quotes are ordinary characters (SystemCallFilter=, RestrictNamespaces=, IP lists). */
export const NO_UNQUOTE: ExtractFlags = { unquote: false, cunescape: false };

const SEPARATORS = ' \t\n\r';
const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'", s: ' ',
};

/** Decodes one C escape at `s[i]` (the character after the backslash); returns [text, length] or undefined. */
function cunescapeOne(s: string, i: number): [string, number] | undefined {
  const c = s[i];
  if (c === undefined) return undefined;
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return [simple, 1];
  const hex = (n: number): number | undefined => {
    const h = s.slice(i + 1, i + 1 + n);
    return h.length === n && /^[0-9a-fA-F]+$/.test(h) ? parseInt(h, 16) : undefined;
  };
  let code: number | undefined;
  let len = 0;
  if (c === 'x') [code, len] = [hex(2), 3];
  else if (c === 'u') [code, len] = [hex(4), 5];
  else if (c === 'U') [code, len] = [hex(8), 9];
  else if (/[0-3]/.test(c)) {
    const o = s.slice(i, i + 3);
    if (/^[0-7]{3}$/.test(o)) [code, len] = [parseInt(o, 8), 3];
  }
  // NUL is refused (accept_nul=false); so are surrogates and values beyond Unicode.
  if (code === undefined || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  // \xNN and octal above 0x7f store a raw byte in systemd; only ASCII round-trips as text.
  if ((c === 'x' || /[0-3]/.test(c)) && code > 0x7f) return undefined;
  return [String.fromCodePoint(code), len];
}

/** Result of splitting a value into words. */
export interface Words {
  /** False when systemd's extractor fails (unbalanced quote, trailing backslash, bad escape). */
  readonly ok: boolean;
  readonly words: string[];
  /** Why the extractor failed. */
  readonly problem?: string;
}

/** Splits `value` into words exactly as extract_first_word() with `flags` does. */
export function extractWords(value: string, flags: ExtractFlags): Words {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  const fail = (problem: string): Words => ({ ok: false, words, problem });
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\') {
      i++;
      if (i >= value.length) return fail('a trailing backslash escapes nothing');
      if (flags.retainEscape) {
        const ch = String.fromCodePoint(value.codePointAt(i)!);
        word = (word ?? '') + '\\' + ch;
        i += ch.length - 1;
      } else if (flags.cunescape) {
        const r = cunescapeOne(value, i);
        if (!r) return fail(`unknown escape sequence "\\${value[i]}"`);
        word = (word ?? '') + r[0];
        i += r[1] - 1;
      } else {
        const cp = value.codePointAt(i)!;
        const ch = String.fromCodePoint(cp);
        word = (word ?? '') + ch;
        i += ch.length - 1;
      }
    } else if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (flags.unquote && (c === '"' || c === "'")) {
      quote = c;
      word = word ?? '';
    } else if (SEPARATORS.includes(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (quote !== undefined) return fail(`unbalanced ${quote} quote`);
  if (word !== undefined) words.push(word);
  return { ok: true, words };
}

/** Characters that never need quoting in a word (and are not special to any directive). */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./~-]+$/;

/** True for characters a unit-file line cannot carry literally. */
function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0);
}

/**
 * Writes `word` so that extract_first_word() with `flags` returns exactly `word`. Plain words stay
 * as they are; others are double-quoted with `\` and `"` escaped. Control characters are C-escaped
 * when the directive decodes escapes (CUNESCAPE) and refused otherwise.
 */
export function quoteWord(word: string, flags: ExtractFlags): string {
  if (word !== '' && PLAIN_WORD.test(word)) return word;
  if (flags.retainEscape) {
    // Escapes are kept verbatim: the word is written as is when it has no blanks, quotes or trailing backslash.
    if (word === '' || /[\s"']/.test(word) || /(^|[^\\])(\\\\)*\\$/.test(word)) {
      throw new ValueRuleError('a word of this list cannot contain blanks, quotes or a trailing backslash');
    }
    checkPlainText(word);
    return word;
  }
  let out = '';
  for (const ch of word) {
    const code = ch.codePointAt(0)!;
    if (code === 0) throw new ValueRuleError('a NUL character cannot be stored in a unit file');
    if (code >= 0xd800 && code <= 0xdfff) throw new ValueRuleError('a lone UTF-16 surrogate is not valid UTF-8 text');
    if (isControl(code)) {
      if (!flags.cunescape) throw new ValueRuleError(`control character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed here`);
      const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };
      out += named[code] ?? (code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
    } else if (ch === '\\' || ch === '"') out += '\\' + ch;
    else out += ch;
  }
  if (!flags.unquote) throw new ValueRuleError('this directive does not unquote its words: a word may not contain blanks, quotes or backslashes');
  return `"${out}"`;
}

/** Joins words written with {@link quoteWord}. */
export function joinWords(words: readonly string[], flags: ExtractFlags): string {
  return words.map((w) => quoteWord(w, flags)).join(' ');
}

/** Rejects control characters and other characters a single-line, non-escaping value cannot carry. */
export function checkPlainText(value: string): void {
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code === 0) throw new ValueRuleError('a NUL character cannot be stored in a unit file');
    if (code >= 0xd800 && code <= 0xdfff) throw new ValueRuleError('a lone UTF-16 surrogate is not valid UTF-8 text');
    if (isControl(code) && code !== 9) {
      const names: Record<number, string> = { 10: 'newline', 13: 'carriage return', 127: 'DEL' };
      throw new ValueRuleError(`control character ${names[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`} is not allowed in this value`, 'remove it: this directive does not decode escapes');
    }
  }
  if (value.includes('\t')) throw new ValueRuleError('a tab is not allowed in this value', 'use a space');
  if (/^\s|\s$/.test(value)) throw new ValueRuleError('leading or trailing blanks would be stripped by systemd', 'trim the value');
  let escaped = false;
  for (const ch of value) escaped = escaped ? false : ch === '\\';
  if (escaped) throw new ValueRuleError('a trailing backslash would join the next line', 'remove it or double it');
}
