/**
 * Settings whose bad values are fatal. In the unit's own file such a value refuses the unit; in a
 * drop-in systemd logs it and skips the rest of that drop-in file (later drop-ins still apply) —
 * verified with the oracles on 252, 257 and 262.
 */
import type { UnitDocument, UnitEntry } from '../unit/model';
import { expandSpecifiers, SpecifierError } from '../unit/specifiers';
import { UnitLoadError } from './errors';
import type { ReleaseData } from './release-data';
import { userNameProblem } from './settings/user-name';
import { extractWords, parseBoolean, simplifyPath } from './settings/words';

/** systemd's filename_is_valid(). */
function validFilename(s: string): boolean {
  return s !== '' && s !== '.' && s !== '..' && !s.includes('/') && s.length <= 255;
}

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

const EXEC_WHITESPACE = ' \t\n\r';

/**
 * The next word of an Exec*= value from `pos`, unquoted like extract_first_word() with
 * EXTRACT_UNQUOTE (a backslash takes the next character); `unbalanced` for an unterminated quote or
 * a trailing backslash. `word` is undefined at the end of the value.
 */
function nextExecWord(s: string, pos: number): { word?: string; next: number; unbalanced?: boolean } {
  let i = pos;
  while (i < s.length && EXEC_WHITESPACE.includes(s[i]!)) i++;
  if (i >= s.length) return { next: i };
  let word = '';
  let quote: string | undefined;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      if (i + 1 >= s.length) return { next: s.length, unbalanced: true };
      word += s[++i];
    } else if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") quote = c;
    else if (EXEC_WHITESPACE.includes(c)) break;
    else word += c;
  }
  return quote !== undefined ? { next: s.length, unbalanced: true } : { word, next: i };
}

/** A raw `;` (or `\\;`) token at `pos`, followed by whitespace or the end. */
function tokenAt(s: string, pos: number, token: string): boolean {
  return s.startsWith(token, pos) && (pos + token.length >= s.length || EXEC_WHITESPACE.includes(s[pos + token.length]!));
}

/** Why systemd rejects an executable path, or undefined. */
function executableProblem(path: string): string | undefined {
  if (path === '') return 'Empty path in command line';
  // eslint-disable-next-line no-control-regex
  if (/["'\\\x00-\x1f\x7f]/.test(path)) return 'Executable name contains special characters'; // string_is_safe()
  if (path.endsWith('/')) return 'Executable path specifies a directory';
  if (!path.startsWith('/') && !validFilename(path)) return 'Neither a valid executable name nor an absolute path';
  return undefined;
}

/**
 * Reads an Exec*= value like config_parse_exec() (verified with the oracles on 252, 257 and 262):
 * every word is unquoted; a `;` word separates commands (`\\;` is a literal argument); prefixes
 * (`-@:+!`, `!!`, per release more) are stripped from the executable. An unbalanced quote in the
 * executable word drops the rest of the line (earlier commands stay); a bad executable or a bad
 * argument (unbalanced quote, unknown specifier) is fatal, or with the `-` prefix drops that command
 * and the rest of the line.
 */
export function parseExecLine(value: string, unit: string, data: ReleaseData): ExecLine {
  if (!EXEC_SPECIAL.test(value)) return parsePlainExecLine(value, data);
  const commands: ExecCommand[] = [];
  let pos = 0;
  for (;;) {
    const first = nextExecWord(value, pos);
    if (first.unbalanced || first.word === undefined) return { commands };
    pos = first.next;
    if (first.word === ';') continue;
    const prefix = execPrefixLength(first.word, data);
    const ignoreFailure = prefix.ignoreFailure;
    let path: string;
    try {
      path = expandSpecifiers(first.word.slice(prefix.length), { unitName: unit });
    } catch (e) {
      if (!(e instanceof SpecifierError)) throw e;
      return ignoreFailure ? { commands } : { commands, fatal: e.message };
    }
    const problem = executableProblem(path);
    if (problem) return ignoreFailure ? { commands } : { commands, fatal: problem };
    let separated = false;
    while (pos < value.length && !separated) {
      while (pos < value.length && EXEC_WHITESPACE.includes(value[pos]!)) pos++;
      if (tokenAt(value, pos, ';')) {
        pos++;
        separated = true;
      } else if (tokenAt(value, pos, '\\;')) {
        pos += 2;
      } else {
        const arg = nextExecWord(value, pos);
        if (arg.unbalanced) return ignoreFailure ? { commands } : { commands, fatal: 'Unbalanced quoting' };
        if (arg.word === undefined) break;
        pos = arg.next;
        try {
          expandSpecifiers(arg.word, { unitName: unit });
        } catch (e) {
          if (!(e instanceof SpecifierError)) throw e;
          return ignoreFailure ? { commands } : { commands, fatal: e.message };
        }
      }
    }
    commands.push({ path, ignoreFailure });
    if (!separated) return { commands };
  }
}

/** Characters that need the full reader: quoting, escapes, specifiers, command separators. */
const EXEC_SPECIAL = /["'\\%;]/;

/** The prefix characters at the start of an executable word, as parseExecLine strips them. */
function execPrefixLength(word: string, data: ReleaseData): { length: number; ignoreFailure: boolean } {
  let seen = ''; // prefix characters met so far (a handful at most)
  let i = 0;
  while (i < word.length && data.parse.execPrefixes.includes(word[i]!) && !seen.includes(word[i]!)) {
    seen += word[i]!;
    i += word.startsWith('!!', i) ? 2 : 1; // `!!` is one prefix
  }
  return { length: i, ignoreFailure: seen.includes('-') };
}

/**
 * parseExecLine() for the common line without quotes, backslashes, `%` or `;`: one command whose
 * words need no unquoting and whose arguments cannot fail, so only the executable is checked.
 */
function parsePlainExecLine(value: string, data: ReleaseData): ExecLine {
  let start = 0;
  while (start < value.length && EXEC_WHITESPACE.includes(value[start]!)) start++;
  if (start === value.length) return { commands: [] };
  let end = start;
  while (end < value.length && !EXEC_WHITESPACE.includes(value[end]!)) end++;
  const word = value.slice(start, end);
  const prefix = execPrefixLength(word, data);
  const path = word.slice(prefix.length);
  const problem = executableProblem(path);
  if (problem) return prefix.ignoreFailure ? { commands: [] } : { commands: [], fatal: problem };
  return { commands: [{ path, ignoreFailure: prefix.ignoreFailure }] };
}

/**
 * The Exec*= lines of one unit, each read once: the fatal-value check and the load check (command
 * counts) both need them, with the unit's own name for specifiers.
 */
export class ExecLines {
  private readonly read = new Map<string, ExecLine>();

  constructor(
    private readonly unit: string,
    private readonly data: ReleaseData,
  ) {}

  of(value: string): ExecLine {
    let line = this.read.get(value);
    if (line === undefined) {
      line = parseExecLine(value, this.unit, this.data);
      this.read.set(value, line);
    }
    return line;
  }
}

/** Command-line settings per section (their bad executables are fatal). */
const EXEC_KEYS: Record<string, readonly string[]> = {
  Service: ['ExecCondition', 'ExecStartPre', 'ExecStart', 'ExecStartPost', 'ExecReload', 'ExecStop', 'ExecStopPost'],
  Socket: ['ExecStartPre', 'ExecStartPost', 'ExecStopPre', 'ExecStopPost'],
};

/** Settings with a fatal check of their own in {@link fatalReason} (besides the Exec*= lines). */
const FATAL_KEYS: ReadonlySet<string> = new Set(['User', 'Group', 'DynamicUser', 'SupplementaryGroups', 'RootDirectory', 'RootImage']);

/** A fatal assignment: why, and what of it systemd had applied before failing (if anything). */
interface Fatal {
  readonly problem: string;
  /** The value as far as it was applied (SupplementaryGroups= keeps the words before a bad one). */
  readonly applied?: string;
}

/** Why an assignment is fatal, or undefined. */
export function fatalProblem(section: string, entry: UnitEntry, unit: string, execLines: ExecLines): Fatal | undefined {
  const problem = fatalReason(section, entry, unit, execLines);
  if (!problem) return undefined;
  if (entry.key === 'SupplementaryGroups') {
    const good: string[] = [];
    for (const w of extractWords(entry.value, false).words) {
      let ok = false;
      try {
        ok = userNameProblem(expandSpecifiers(w, { unitName: unit })) === undefined;
      } catch {
        ok = false;
      }
      if (!ok) break;
      good.push(w);
    }
    return { problem, applied: good.length > 0 ? good.join(' ') : undefined };
  }
  return { problem };
}

function fatalReason(section: string, entry: UnitEntry, unit: string, execLines: ExecLines): string | undefined {
  const { key, value } = entry;
  // Most lines are none of the fatal kinds: answer them before building anything.
  if (!FATAL_KEYS.has(key) && !(value !== '' && EXEC_KEYS[section]?.includes(key))) return undefined;
  const expand = (v: string): string => expandSpecifiers(v, { unitName: unit });
  try {
    switch (key) {
      case 'User':
      case 'Group': {
        if (value === '') return undefined;
        const problem = userNameProblem(expand(value));
        return problem ? `${key}=${value}: invalid user/group name or numeric ID (${problem})` : undefined;
      }
      case 'DynamicUser':
        return parseBoolean(value) === undefined ? `DynamicUser=${value}: not a boolean (use yes or no)` : undefined;
      case 'SupplementaryGroups': {
        const words = extractWords(value, false);
        for (const w of words.words) {
          const problem = userNameProblem(expand(w));
          if (problem) return `SupplementaryGroups=${value}: invalid group name '${w}' (${problem})`;
        }
        return undefined;
      }
      case 'RootDirectory':
      case 'RootImage': {
        if (value === '') return undefined;
        const p = expand(value);
        if (!p.startsWith('/')) return `${key}=${value}: path is not absolute`;
        if (simplifyPath(p).split('/').includes('..')) return `${key}=${value}: path is not normalized (contains '..')`;
        return undefined;
      }
      default:
        if (EXEC_KEYS[section]?.includes(key) && value !== '') {
          const fatal = execLines.of(value).fatal;
          return fatal ? `${key}=${value}: ${fatal}` : undefined;
        }
        return undefined;
    }
  } catch (e) {
    if (e instanceof SpecifierError) return `${key}=${value}: ${e.message}`;
    throw e;
  }
}

const isDropIn = (e: UnitEntry): boolean => /\.d\//.test(e.position?.file ?? '');

/**
 * Throws {@link UnitLoadError} for a fatal value in the unit's own file; drops a fatal drop-in line
 * and every later line of that drop-in file.
 */
export function dropFatalDropInLines(doc: UnitDocument, execSection: string, unit: string, execLines: ExecLines): UnitDocument {
  const cutAt = new Map<string, number>(); // drop-in file → first fatal line
  const partial = new Map<UnitEntry, string>(); // fatal line → the part systemd applied
  for (const section of doc.sections) {
    if (section.name !== execSection) continue;
    for (const e of section.entries) {
      const fatal = fatalProblem(section.name, e, unit, execLines);
      if (!fatal) continue;
      if (!isDropIn(e)) throw new UnitLoadError(unit, fatal.problem);
      const file = e.position!.file;
      if (e.position!.line < (cutAt.get(file) ?? Infinity)) cutAt.set(file, e.position!.line);
      if (fatal.applied !== undefined) partial.set(e, fatal.applied);
    }
  }
  if (cutAt.size === 0) return doc;
  const rewrite = (e: UnitEntry): UnitEntry[] => {
    const cut = e.position ? cutAt.get(e.position.file) : undefined;
    if (cut === undefined || e.position!.line < cut) return [e];
    const applied = e.position!.line === cut ? partial.get(e) : undefined;
    return applied !== undefined ? [{ ...e, value: applied }] : [];
  };
  return { sections: doc.sections.map((s) => ({ name: s.name, entries: s.entries.flatMap(rewrite) })) };
}
