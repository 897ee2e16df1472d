/**
 * Exec*= command lines as systemd's config_parse_exec() reads them (src/core/load-fragment.c; 252
 * and 257 read alike except where {@link LoadRules} says, 262 adds the `|` prefix): which commands a
 * line adds, or why it is fatal.
 */
import { SpecifierError } from '../unit/specifiers';
import type { LoadRules } from './load-rules';
import type { ReleaseData } from './release-data';
import { extractFirstWordAndWarn, WHITESPACE } from './settings/extract-word';
import { filenameIsValid, isUtf8Clean, pathIsValid } from './settings/paths';
import type { UnitPrintf } from './unit-printf';

/** One command of an Exec*= line that systemd accepts. */
export interface ExecCommand {
  readonly path: string;
  readonly ignoreFailure: boolean;
}

/** An Exec*= value as config_parse_exec() reads it: the commands it adds, or why it is fatal. */
export interface ExecLine {
  readonly commands: readonly ExecCommand[];
  /** Set when the line makes the unit fail to load (in a drop-in: skips the rest of the file). */
  readonly fatal?: string;
}

/** string_is_safe(): no quotes, backslashes, control characters or DEL. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /["'\\\x01-\x1f\x7f]/;

/** Why systemd rejects an executable path (after specifier expansion), or undefined. */
function executableProblem(path: string, rules: LoadRules): string | undefined {
  if (path === '') return 'Empty path in command line';
  if (UNSAFE.test(path) || (rules.execRefusesGlobAndNonUtf8 && (/[*?[]/.test(path) || !isUtf8Clean(path)))) {
    return 'Executable path contains special characters';
  }
  const directory =
    rules.execDirectory === 'trailing-slash'
      ? path.endsWith('/')
      : path === '.' || path === '..' || path.endsWith('/') || path.endsWith('/.') || path.endsWith('/..');
  if (directory) return 'Executable path specifies a directory';
  if (!(path.startsWith('/') ? pathIsValid(path) : filenameIsValid(path))) return 'Neither a valid executable name nor an absolute path';
  return undefined;
}

/** What the prefix characters of an executable word asked for. */
interface Prefixes {
  rest: string;
  ignoreFailure: boolean;
  separateArgv0: boolean;
  viaShell: boolean;
}

/**
 * Strips the prefix characters like config_parse_exec()'s loop: each kind once, `+` and `!` exclude
 * each other, a second `!` (even not adjacent) turns `!` into `!!`; any other character ends them.
 */
function stripPrefixes(word: string, data: ReleaseData): Prefixes {
  const known = data.parse.execPrefixes;
  const out: Prefixes = { rest: word, ignoreFailure: false, separateArgv0: false, viaShell: false };
  let noEnv = false;
  let privileged = false;
  let noSetuid = false;
  let ambient = false;
  let i = 0;
  for (; i < word.length && known.includes(word[i]!); i++) {
    const c = word[i]!;
    if (c === '-' && !out.ignoreFailure) out.ignoreFailure = true;
    else if (c === '@' && !out.separateArgv0) out.separateArgv0 = true;
    else if (c === ':' && !noEnv) noEnv = true;
    else if (c === '+' && !privileged && !noSetuid && !ambient) privileged = true;
    else if (c === '!' && !privileged && !noSetuid && !ambient) noSetuid = true;
    else if (c === '!' && !privileged && !ambient) {
      noSetuid = false;
      ambient = true;
    } else if (c === '|' && !out.viaShell) out.viaShell = true;
    else break;
  }
  out.rest = word.slice(i);
  return out;
}

/** Characters that need the full reader: quoting, escapes, specifiers, command separators. */
const SPECIAL = /["'\\%;]/;

/**
 * The common line without quotes, backslashes, `%` or `;`: whitespace-separated words, nothing to
 * unquote, unescape or expand (so no expansion can fail or grow), one command.
 */
function parsePlainExecLine(value: string, data: ReleaseData, rules: LoadRules): ExecLine {
  const words = value.split(/[ \t\n\r]+/).filter((w) => w !== '');
  if (words.length === 0) return { commands: [] };
  const prefix = stripPrefixes(words[0]!, data);
  const fail = (reason: string): ExecLine => (prefix.ignoreFailure ? { commands: [] } : { commands: [], fatal: reason });
  const viaShell = prefix.viaShell && rules.execViaShell;
  const problem = viaShell ? undefined : executableProblem(prefix.rest, rules);
  if (problem) return fail(`${problem}: ${prefix.rest}`);
  if (prefix.separateArgv0 && words.length === 1 && !viaShell) return fail('Empty executable name or zeroeth argument');
  return { commands: [{ path: viaShell ? '' : prefix.rest, ignoreFailure: prefix.ignoreFailure }] };
}

/** Reads one command line; see the file header. */
export function parseExecLine(value: string, printf: UnitPrintf, data: ReleaseData, rules: LoadRules): ExecLine {
  if (!SPECIAL.test(value)) return parsePlainExecLine(value, data, rules);
  const WORD_FLAGS = { unquote: true, cunescape: true, rejectSurrogateEscapes: rules.cunescapeRejectsSurrogates };
  const commands: ExecCommand[] = [];
  let pos: number | undefined = 0;
  let semicolon: boolean;
  do {
    semicolon = false;
    const first = extractFirstWordAndWarn(value, pos, WHITESPACE, WORD_FLAGS);
    // An unbalanced quote in the executable word ends the line (earlier commands stay).
    if (first.error || first.word === undefined) return { commands };
    pos = first.next;
    if (first.word === ';') {
      semicolon = true;
      continue;
    }
    const prefix = stripPrefixes(first.word, data);
    const ignore = prefix.ignoreFailure;
    const fail = (reason: string): ExecLine => (ignore ? { commands } : { commands, fatal: reason });
    const viaShell = prefix.viaShell && rules.execViaShell; // `|` is a prefix only where it has this meaning
    let path = '';
    if (!viaShell) {
      try {
        path = printf.path(prefix.rest);
      } catch (e) {
        if (!(e instanceof SpecifierError)) throw e;
        return fail(e.message);
      }
      const problem = executableProblem(path, rules);
      if (problem) return fail(`${problem}: ${path}`);
    }
    let args = prefix.separateArgv0 ? 0 : 1;
    while (pos !== undefined && pos < value.length) {
      // An unquoted `;` separates commands; `\;` is a literal `;` argument.
      if (value[pos] === ';' && (pos + 1 === value.length || WHITESPACE.includes(value[pos + 1]!))) {
        pos = skipWhitespace(value, pos + 1);
        semicolon = true;
        break;
      }
      if (value.startsWith('\\;', pos) && (pos + 2 === value.length || WHITESPACE.includes(value[pos + 2]!))) {
        pos = skipWhitespace(value, pos + 2);
        args++;
        continue;
      }
      const arg = extractFirstWordAndWarn(value, pos, WHITESPACE, WORD_FLAGS);
      if (arg.error) return fail('Unbalanced quoting');
      if (arg.word === undefined) break;
      pos = arg.next;
      try {
        printf.full(arg.word);
      } catch (e) {
        if (!(e instanceof SpecifierError)) throw e;
        return fail(e.message);
      }
      args++;
    }
    if (args === 0 && !viaShell) return fail('Empty executable name or zeroeth argument');
    commands.push({ path, ignoreFailure: ignore });
  } while (semicolon);
  return { commands };
}

function skipWhitespace(s: string, pos: number): number {
  while (pos < s.length && WHITESPACE.includes(s[pos]!)) pos++;
  return pos;
}

/**
 * The Exec*= lines of one unit, each read once: the fatal-value check and the load check (command
 * counts) both need them.
 */
export class ExecLines {
  private readonly read = new Map<string, ExecLine>();

  constructor(
    private readonly printf: UnitPrintf,
    private readonly data: ReleaseData,
    private readonly rules: LoadRules,
  ) {}

  of(value: string): ExecLine {
    let line = this.read.get(value);
    if (line === undefined) {
      line = parseExecLine(value, this.printf, this.data, this.rules);
      this.read.set(value, line);
    }
    return line;
  }
}
