/**
 * Exec*= command lines (systemd.service(5) "Command lines"). The raw syntax is
 * `[PREFIXES]EXECUTABLE ARG…`, words split like extract_first_word(UNQUOTE|CUNESCAPE).
 *
 * - Prefixes: `-` (failure ignored), `@` (argv[0] given separately), `:` (no environment variable
 *   substitution), `+` (full privileges), `!` (no user/group change), `!!` (like `!` without ambient
 *   capabilities), `|` (run through the user's login shell; 257's systemd-analyze refuses it, 262 accepts it,
 *   so 258 is taken as its first release).
 * - The executable must be an absolute path or a plain file name (looked up in systemd's fixed PATH).
 * - `$VAR` is replaced by the variable's value split into words, `${VAR}` by the value as one word;
 *   `$$` is a literal `$`. `%` specifiers are expanded; `%%` is a literal `%`.
 *
 * The typed model takes a command line either as raw syntax (a string, validated, written unchanged)
 * or as {@link CommandLine}: literal argv words that are quoted and escaped so that systemd hands
 * exactly these words to the program (`$` → `$$`, `%` → `%%`, quotes and C escapes as needed).
 */
import { ValueRuleError } from './errors';
import type { ValueKind } from './kind';
import { checkSpecifiers } from './text';
import { extractWords, quoteWord, UNQUOTE_CUNESCAPE } from './words';
import { absolutePathProblem } from './strings';
import { NAME_MAX } from '../path-rules';
import { byteLength } from '../specifiers';

/** Exec prefixes and the first release that accepts each. */
export const EXEC_PREFIX_SINCE: Readonly<Record<string, number>> = { '-': 0, '@': 0, ':': 243, '+': 231, '!': 231, '!!': 231, '|': 258 };

/** A command line as literal words. */
export interface CommandLine {
  /** Prefix characters, e.g. `-` or `+` (see {@link EXEC_PREFIX_SINCE}). */
  readonly prefixes?: string;
  /** Absolute path or plain file name of the program. */
  readonly executable: string;
  /** Arguments (argv[1..]); with the `@` prefix, the first one is argv[0]. */
  readonly args?: readonly string[];
}

/** A command line in the typed model: raw systemd syntax or literal words. */
export type CommandLineValue = string | CommandLine;

const PREFIX_CHARS = '-@:+!|';

/** Splits the prefix run off a raw command line. */
export function splitPrefixes(raw: string): { prefixes: string; rest: string } {
  let i = 0;
  while (i < raw.length && PREFIX_CHARS.includes(raw[i]!)) i++;
  return { prefixes: raw.slice(0, i), rest: raw.slice(i) };
}

function checkPrefixes(prefixes: string): void {
  if (/[+!]/.test(prefixes) && /\+/.test(prefixes) && /!/.test(prefixes)) throw new ValueRuleError("prefixes '+' and '!' cannot be combined");
  const bang = (prefixes.match(/!/g) ?? []).length;
  if (bang > 2 || /!.+!/.test(prefixes.replace('!!', '!'))) throw new ValueRuleError("'!' may appear once, or as '!!'");
  for (const c of '-@:+|') if (prefixes.split(c).length > 2) throw new ValueRuleError(`prefix '${c}' given twice`);
}

function checkExecutable(exe: string): void {
  if (exe === '') throw new ValueRuleError('the executable is missing');
  if (exe.includes('/')) {
    const problem = absolutePathProblem(exe);
    if (problem) throw new ValueRuleError(`executable ${problem}`, `use an absolute path or a plain program name`);
    if (exe.endsWith('/')) throw new ValueRuleError('the executable must not end in /');
  } else if (exe === '.' || exe === '..') throw new ValueRuleError('the executable must be a file name');
  if (/[*?[\]]/.test(exe)) throw new ValueRuleError('the executable must not contain glob characters (* ? [ ])');
  // string_is_safe() in config_parse_exec(): systemd refuses the line ("contains special characters").
  if (/["'\\\x00-\x1f\x7f]/.test(exe)) throw new ValueRuleError('the executable must not contain quotes, backslashes or control characters');
  if (!exe.includes('/') && byteLength(exe) > NAME_MAX) throw new ValueRuleError(`the executable name is longer than ${NAME_MAX} bytes`);
  // A specifier such as %i is empty outside an instance: "Empty path in command line".
  if (/^(%[a-zA-Z])+$/.test(exe)) throw new ValueRuleError('the executable must not be only specifiers (it can expand to nothing)', 'write a path such as /usr/bin/%i');
  if (PREFIX_CHARS.includes(exe[0]!)) throw new ValueRuleError(`the executable must not start with a prefix character (${PREFIX_CHARS})`);
}

/** Checks one word for characters that cannot be written (NUL, lone surrogates). */
function checkWordChars(w: string): void {
  for (const ch of w) {
    const c = ch.codePointAt(0)!;
    if (c === 0) throw new ValueRuleError('a NUL character cannot be passed in a command line');
    if (c >= 0xd800 && c <= 0xdfff) throw new ValueRuleError('a lone UTF-16 surrogate is not valid UTF-8 text');
  }
}

/** True when an unquoted `;` stands alone as a word (systemd's command separator). */
function hasLoneSemicolon(raw: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\') i++;
    else if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ';' && (i === 0 || /\s/.test(raw[i - 1]!)) && (i + 1 === raw.length || /\s/.test(raw[i + 1]!))) return true;
  }
  return false;
}

/** Parses raw command-line syntax into prefixes and words (after unquoting/unescaping). Throws on bad syntax. */
export function parseCommandLine(raw: string): { prefixes: string; words: string[] } {
  if (typeof raw !== 'string') throw new ValueRuleError('expected a command line string or { executable, args }');
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(raw)) throw new ValueRuleError('a control character cannot appear in a unit file line', 'pass the command as { executable, args } to have it escaped');
  if (raw !== raw.trim()) throw new ValueRuleError('leading or trailing blanks would be stripped by systemd');
  const { prefixes, rest } = splitPrefixes(raw);
  checkPrefixes(prefixes);
  // The prefixes belong to the first word: '- /bin/x' is the prefix '-' with an empty path ("Empty path in command line").
  if (prefixes !== '' && /^\s/.test(rest)) throw new ValueRuleError('the prefixes must be written right before the executable', `write ${prefixes}${rest.trim()}`);
  const words = extractWords(rest, UNQUOTE_CUNESCAPE);
  if (!words.ok) throw new ValueRuleError(`cannot split the command line: ${words.problem}`);
  if (hasLoneSemicolon(rest)) throw new ValueRuleError("a lone ';' separates commands", "write one command per assignment, or '\\;' for a literal semicolon");
  const exe = words.words[0];
  if (exe === undefined) throw new ValueRuleError('the command line is empty', 'use an empty assignment (a reset) instead');
  checkExecutable(exe);
  // A program name is looked up only when it has no '/': a specifier may expand to one (%C is /var/cache).
  if (!exe.startsWith('/') && /%[^%]/.test(exe.replace(/%%/g, ''))) throw new ValueRuleError('a program name without a path must not use specifiers (they can expand to paths)', 'write an absolute path');
  if (prefixes.includes('@') && words.words.length < 2) throw new ValueRuleError("with the '@' prefix the executable is followed by argv[0]");
  checkSpecifiers(rest.replace(/%%/g, ''));
  return { prefixes, words: words.words };
}

/** Writes literal words as command-line syntax. */
export function renderCommandLine(cmd: CommandLine): string {
  if (typeof cmd !== 'object' || cmd === null || typeof cmd.executable !== 'string') throw new ValueRuleError('expected { executable, args }');
  const prefixes = cmd.prefixes ?? '';
  if (!/^[-@:+!|]*$/.test(prefixes)) throw new ValueRuleError("prefixes are characters from - @ : + ! |");
  checkPrefixes(prefixes);
  checkExecutable(cmd.executable);
  const words = [cmd.executable, ...(cmd.args ?? [])];
  if (prefixes.includes('@') && words.length < 2) throw new ValueRuleError("with the '@' prefix the first argument is argv[0]");
  for (const w of words) {
    if (typeof w !== 'string') throw new ValueRuleError('every argument must be a string');
    checkWordChars(w);
  }
  // `$` → `$$` unless the ':' prefix turns substitution off; `%` → `%%` always (specifiers are expanded).
  const literal = (w: string): string => {
    const s = prefixes.includes(':') ? w : w.replace(/\$/g, '$$$$');
    const q = quoteWord(s, UNQUOTE_CUNESCAPE);
    // A word that begins with a prefix character would be read as a prefix: quote the executable then.
    return q.replace(/%/g, '%%');
  };
  const [exe, ...args] = words.map(literal);
  return [prefixes + exe!, ...args].join(' ');
}

/** Reads raw syntax back into literal words (undoing `$$` and `%%`; fails on `$VAR` and specifiers). */
export function commandLineWords(raw: string): CommandLine {
  const { prefixes, words } = parseCommandLine(raw);
  const unescape = (w: string): string => {
    if (/%[^%]/.test(w.replace(/%%/g, ''))) throw new ValueRuleError('the command line uses % specifiers');
    const s = w.replace(/%%/g, '%');
    if (prefixes.includes(':')) return s;
    if (/\$[^$]/.test(s.replace(/\$\$/g, '')) || /(^|[^$])(\$\$)*\$$/.test(s)) throw new ValueRuleError('the command line uses $VARIABLE substitution');
    return s.replace(/\$\$/g, '$');
  };
  const [executable, ...args] = words.map(unescape);
  return { ...(prefixes ? { prefixes } : {}), executable: executable!, ...(args.length ? { args } : {}) };
}

/** An Exec*= command line: raw syntax (validated, written as is) or literal words (escaped). Read back as raw syntax. */
export const commandLineKind: ValueKind<CommandLineValue> = {
  name: 'command-line',
  tsType: 'CommandLineValue',
  expandsSpecifiers: true,
  rule: 'a command line: optional prefixes (- @ : + ! !! |), an absolute executable path or a program name, then arguments',
  toRaw(v) {
    if (typeof v === 'string') {
      parseCommandLine(v);
      return v;
    }
    const raw = renderCommandLine(v);
    parseCommandLine(raw);
    return raw;
  },
  fromRaw(raw) {
    parseCommandLine(raw);
    return raw;
  },
  sinceOf(v) {
    const prefixes = typeof v === 'string' ? splitPrefixes(v).prefixes : v.prefixes ?? '';
    return prefixes.includes('|') ? EXEC_PREFIX_SINCE['|'] : undefined;
  },
};
