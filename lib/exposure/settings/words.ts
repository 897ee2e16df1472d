/**
 * systemd's low-level value parsers that every directive parser builds on: word extraction
 * (extract_first_word with or without its "unquote" flag) and booleans.
 */

const WHITESPACE = ' \t\n\r';

/**
 * Words of a value. `ok` is false when systemd's extractor fails (unbalanced quote, trailing
 * backslash); `words` then holds the words completed before the failure.
 */
export interface Words {
  readonly ok: boolean;
  readonly words: string[];
}

/**
 * Splits `value` into whitespace-separated words like systemd's extract_first_word(): a backslash
 * takes the next character literally; with `unquote`, '…' and "…" group words and the quotes are
 * removed, without it quotes are ordinary characters that stay part of the word. `relax` accepts an
 * unbalanced quote (systemd's EXTRACT_RELAX).
 */
export function extractWords(value: string, unquote: boolean, relax = false): Words {
  // Most values have nothing to unquote or unescape: plain whitespace splitting gives the same words.
  if (!(unquote ? QUOTE_OR_BACKSLASH : BACKSLASH).test(value)) return { ok: true, words: splitOnWhitespace(value) };
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  let backslash = false;
  for (const c of value) {
    if (backslash) {
      word = (word ?? '') + c;
      backslash = false;
    } else if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\') backslash = true;
      else word += c;
    } else if (unquote && (c === "'" || c === '"')) {
      quote = c;
      word = word ?? '';
    } else if (c === '\\') {
      backslash = true;
    } else if (WHITESPACE.includes(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  // Relaxed (capability lists): an unbalanced quote ends with the value, a trailing backslash is dropped.
  if ((backslash || quote !== undefined) && !relax) return { ok: false, words };
  if (word !== undefined) words.push(word);
  return { ok: true, words };
}

/** A list value with systemd's optional leading `~` (invert: the words are what is denied). */
export interface ListAssignment extends Words {
  readonly invert: boolean;
}

/** Splits a `[~]WORD…` list value (capabilities, syscalls, address families, namespaces). */
export function listAssignment(value: string, unquote: boolean, relax = false): ListAssignment {
  const invert = value.startsWith('~');
  return { invert, ...extractWords(invert ? value.slice(1) : value, unquote, relax) };
}

const QUOTE_OR_BACKSLASH = /["'\\]/;
const BACKSLASH = /\\/;

/** The whitespace-separated words of a value with no quotes or backslashes to interpret. */
function splitOnWhitespace(value: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < value.length; i++) {
    const space = WHITESPACE.includes(value[i]!);
    if (space && start >= 0) {
      words.push(value.slice(start, i));
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  if (start >= 0) words.push(value.slice(start));
  return words;
}

const TRUE_WORDS = ['1', 'yes', 'y', 'true', 't', 'on'];
const FALSE_WORDS = ['0', 'no', 'n', 'false', 'f', 'off'];

/** systemd's parse_boolean(): true/false, or undefined when the value is not a boolean (empty included). */
export function parseBoolean(value: string): boolean | undefined {
  // The usual spellings first, without lower-casing.
  switch (value) {
    case 'yes': case 'true': case 'on': case '1':
      return true;
    case 'no': case 'false': case 'off': case '0': case '':
      return value === '' ? undefined : false;
  }
  const v = value.toLowerCase();
  if (TRUE_WORDS.includes(v)) return true;
  if (FALSE_WORDS.includes(v)) return false;
  return undefined;
}

/** Collapses `//`, drops `.` components and a trailing slash, as systemd's path_simplify(). */
export function simplifyPath(p: string): string {
  // Nothing to collapse, drop or trim: the path is already simple.
  if (p.length > 1 && !p.endsWith('/') && !p.includes('//') && !p.includes('/.') && !p.startsWith('.')) return p;
  const absolute = p.startsWith('/');
  const parts = p.split('/').filter((x) => x !== '' && x !== '.');
  const joined = parts.join('/');
  return absolute ? '/' + joined : joined;
}
