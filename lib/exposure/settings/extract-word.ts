/**
 * systemd's extract_first_word() with every flag the parsers we follow use (src/basic/extract-word.c,
 * the same in 252, 257 and 262), and extract_first_word_and_warn()'s retry. Words are texts in the
 * byte convention of lib/unit/specifiers.ts: a C escape such as `\xff` yields the raw byte.
 */
import { bytesToText, RAW_BYTE_BASE, textToBytes } from '../../unit/specifiers';

/** Flags of extract_first_word() (ExtractFlags). */
export interface ExtractFlags {
  readonly relax?: boolean;
  readonly cunescape?: boolean;
  readonly unescapeRelax?: boolean;
  readonly unescapeSeparators?: boolean;
  readonly keepQuote?: boolean;
  readonly unquote?: boolean;
  readonly dontCoalesceSeparators?: boolean;
  readonly retainSeparators?: boolean;
  readonly retainEscape?: boolean;
  /** 262: `\uXXXX` of a surrogate (D800–DFFF) is not a valid escape. */
  readonly rejectSurrogateEscapes?: boolean;
}

/** One extraction: `word` undefined at the end; `error` for EINVAL (the position is then meaningless). */
export interface Extracted {
  readonly word?: string;
  /** Where the next extraction starts; undefined once the input is used up (systemd's `*p = NULL`). */
  readonly next: number | undefined;
  readonly error?: true;
}

export const WHITESPACE = ' \t\n\r';

const hex = (c: string | undefined): number => (c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);
const oct = (c: string | undefined): number => (c !== undefined && /^[0-7]$/.test(c) ? parseInt(c, 8) : -1);

/** unichar_is_valid(). */
export function validCodePoint(c: number): boolean {
  return c < 0x110000 && (c & 0xfffff800) !== 0xd800 && !(c >= 0xfdd0 && c <= 0xfdef) && (c & 0xfffe) !== 0xfffe;
}

/** A byte as text (raw-byte code point above 0x7f). */
const byteChar = (b: number): string => String.fromCharCode(b < 0x80 ? b : RAW_BYTE_BASE + b);

/** utf8_encode_unichar() of any code point below 0x10000, surrogates included (as their three bytes). */
function encodeUnit(c: number): string {
  if (c < 0xd800 || c > 0xdfff) return String.fromCharCode(c);
  return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map(byteChar).join('');
}

/**
 * systemd's cunescape_one() at `s[i]` (the character after the backslash): the decoded text and how
 * many characters it used, or undefined for an invalid sequence. A NUL is accepted only with
 * `acceptNul` (UNESCAPE_ACCEPT_NUL).
 */
export function cunescapeOne(s: string, i: number, acceptNul = false, rejectSurrogates = false): { text: string; used: number } | undefined {
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'", s: ' ' };
  const c = s[i];
  if (c === undefined) return undefined;
  if (simple[c] !== undefined && Object.prototype.hasOwnProperty.call(simple, c)) return { text: simple[c]!, used: 1 };
  if (c === 'x') {
    const a = hex(s[i + 1]);
    const b = hex(s[i + 2]);
    if (a < 0 || b < 0 || (a === 0 && b === 0 && !acceptNul)) return undefined;
    return { text: byteChar((a << 4) | b), used: 3 };
  }
  if (c === 'u' || c === 'U') {
    const n = c === 'u' ? 4 : 8;
    let v = 0;
    for (let k = 1; k <= n; k++) {
      const d = hex(s[i + k]);
      if (d < 0) return undefined;
      v = v * 16 + d;
    }
    if (v === 0 && !acceptNul) return undefined;
    if (c === 'U' && !validCodePoint(v)) return undefined;
    if (c === 'u' && rejectSurrogates && v >= 0xd800 && v <= 0xdfff) return undefined;
    return { text: c === 'u' ? encodeUnit(v) : String.fromCodePoint(v), used: n + 1 };
  }
  if (c >= '0' && c <= '7') {
    const a = oct(s[i]);
    const b = oct(s[i + 1]);
    const d = oct(s[i + 2]);
    if (a < 0 || b < 0 || d < 0 || (a === 0 && b === 0 && d === 0 && !acceptNul)) return undefined;
    const m = (a << 6) | (b << 3) | d;
    return m > 255 ? undefined : { text: byteChar(m), used: 3 };
  }
  return undefined;
}

/** cunescape() without UNESCAPE_RELAX: does every backslash start a valid escape? */
export function cunescapeValid(s: string, acceptNul: boolean): boolean {
  for (let i = s.indexOf('\\'); i >= 0; i = s.indexOf('\\', i)) {
    const r = cunescapeOne(s, i + 1, acceptNul);
    if (!r) return false;
    i += 1 + r.used;
  }
  return true;
}

/** Joins the pieces of a word and re-reads its bytes (so `\xc3\xa9` becomes `é`). */
const finish = (word: string): string => (/[\udc80-\udcff]/.test(word) ? bytesToText(textToBytes(word)) : word);

/**
 * extract_first_word(&p, &ret, separators, flags) from position `pos` of `s`: the word and the next
 * position, like systemd's loop character by character.
 */
export function extractFirstWord(s: string, pos: number | undefined, separators: string = WHITESPACE, flags: ExtractFlags = {}): Extracted {
  if (pos === undefined) return { next: undefined };
  let i = pos;
  let word: string | undefined;
  let quote = '';
  let backslash = false;
  if (flags.dontCoalesceSeparators) word = '';
  // Leading separators.
  for (;; i++) {
    const c = s[i];
    if (c === undefined) return word === undefined ? { next: undefined } : { word: finish(word), next: undefined };
    if (separators.includes(c)) {
      if (flags.dontCoalesceSeparators) {
        if (!flags.retainSeparators) i++;
        return { word: finish(word ?? ''), next: i };
      }
    } else {
      word ??= '';
      break;
    }
  }
  for (;;) {
    const c = s[i];
    if (backslash) {
      if (c === undefined) {
        if (flags.unescapeRelax && (quote === '' || flags.relax)) return { word: finish(word + '\\'), next: undefined };
        if (flags.relax) return { word: finish(word), next: undefined };
        return { next: undefined, error: true };
      }
      if (flags.cunescape || flags.unescapeSeparators) {
        const decoded = flags.cunescape ? cunescapeOne(s, i, false, flags.rejectSurrogateEscapes) : undefined;
        if (decoded) {
          word += decoded.text;
          i += decoded.used - 1;
        } else if (flags.unescapeSeparators && (separators.includes(c) || c === '\\')) word += c;
        else if (flags.unescapeRelax) word += '\\' + c;
        else return { next: undefined, error: true };
      } else word += c;
      backslash = false;
      i++;
    } else if (quote !== '') {
      for (;; i++) {
        const q = s[i];
        if (q === undefined) {
          if (flags.relax) return { word: finish(word!), next: undefined };
          return { next: undefined, error: true };
        }
        if (q === quote) {
          quote = '';
          if (flags.unquote) {
            i++;
            break;
          }
        } else if (q === '\\' && !flags.retainEscape) {
          backslash = true;
          i++;
          break;
        }
        word += q;
        if (quote === '') {
          i++;
          break;
        }
      }
    } else {
      for (;; i++) {
        const q = s[i];
        if (q === undefined) return { word: finish(word!), next: undefined };
        if ((q === "'" || q === '"') && (flags.keepQuote || flags.unquote)) {
          quote = q;
          if (flags.unquote) {
            i++;
            break;
          }
        } else if (q === '\\' && !flags.retainEscape) {
          backslash = true;
          i++;
          break;
        } else if (separators.includes(q)) {
          if (flags.dontCoalesceSeparators) {
            if (!flags.retainSeparators) i++;
            return { word: finish(word!), next: i };
          }
          if (!flags.retainSeparators) {
            for (; s[i] !== undefined && separators.includes(s[i]!); i++);
            if (s[i] === undefined) return { word: finish(word!), next: undefined };
          }
          return { word: finish(word!), next: i };
        }
        word += q;
        if (quote !== '') {
          i++;
          break;
        }
      }
    }
  }
}

/**
 * extract_first_word_and_warn(): on EINVAL it tries again keeping unknown escapes verbatim
 * (EXTRACT_UNESCAPE_RELAX); what still fails is unbalanced quoting.
 */
export function extractFirstWordAndWarn(s: string, pos: number | undefined, separators: string = WHITESPACE, flags: ExtractFlags = {}): Extracted {
  const first = extractFirstWord(s, pos, separators, flags);
  if (!first.error || flags.unescapeRelax) return first;
  return extractFirstWord(s, pos, separators, { ...flags, unescapeRelax: true });
}

/** extract_many_words() with `count` outputs: the words found (fewer at the end), or an error. */
export function extractManyWords(s: string, pos: number | undefined, separators: string, flags: ExtractFlags, count: number): { words: string[]; next: number | undefined; error?: true } {
  const words: string[] = [];
  let next = pos;
  for (let k = 0; k < count; k++) {
    const r = extractFirstWord(s, next, separators, flags);
    if (r.error) return { words, next: undefined, error: true };
    if (r.word === undefined) break;
    words.push(r.word);
    next = r.next;
  }
  return { words, next };
}
