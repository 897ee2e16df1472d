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

const TRUE_WORDS = ['1', 'yes', 'y', 'true', 't', 'on'];
const FALSE_WORDS = ['0', 'no', 'n', 'false', 'f', 'off'];

/** systemd's parse_boolean(): true/false, or undefined when the value is not a boolean (empty included). */
export function parseBoolean(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (TRUE_WORDS.includes(v)) return true;
  if (FALSE_WORDS.includes(v)) return false;
  return undefined;
}

/** Collapses `//`, drops `.` components and a trailing slash, as systemd's path_simplify(). */
export function simplifyPath(p: string): string {
  const absolute = p.startsWith('/');
  const parts = p.split('/').filter((x) => x !== '' && x !== '.');
  const joined = parts.join('/');
  return absolute ? '/' + joined : joined;
}
