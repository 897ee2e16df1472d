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

/** One command of an Exec*= line and, if any, why its executable is bad. */
export interface ExecCommand {
  readonly path: string;
  readonly ignoreFailure: boolean;
  readonly problem?: string;
}

/**
 * Splits an Exec*= value into commands like config_parse_exec(): a lone `;` separates commands,
 * prefixes (`-@:+!`, `!!`, per release more) are stripped from the executable. Throws
 * SpecifierError for an unknown specifier in any word.
 */
export function execCommands(value: string, unit: string, data: ReleaseData): ExecCommand[] {
  const raw = extractWords(value, false);
  const tokens = raw.ok ? raw.words : [];
  tokens.forEach((t) => expandSpecifiers(t, { unitName: unit }));
  const out: ExecCommand[] = [];
  let start = true;
  for (const token of tokens) {
    if (token === ';') {
      start = true;
      continue;
    }
    if (!start) continue;
    start = false;
    const first = expandSpecifiers(extractWords(token, true).words[0] ?? '', { unitName: unit });
    const seen = new Set<string>();
    let i = 0;
    while (i < first.length && data.parse.execPrefixes.includes(first[i]!) && !seen.has(first[i]!)) {
      seen.add(first[i]!);
      i += first.startsWith('!!', i) ? 2 : 1; // `!!` is one prefix
    }
    const path = first.slice(i);
    const problem =
      path === '' ? 'Empty path in command line'
      // eslint-disable-next-line no-control-regex
      : /["'\\\x00-\x1f\x7f]/.test(path) ? 'Executable name contains special characters'
      : !path.startsWith('/') && !validFilename(path) ? 'Neither a valid executable name nor an absolute path'
      : path.endsWith('/') ? 'Executable path specifies a directory'
      : undefined;
    out.push({ path, ignoreFailure: seen.has('-'), problem });
  }
  return out;
}

/** Command-line settings per section (their bad executables are fatal). */
const EXEC_KEYS: Record<string, readonly string[]> = {
  Service: ['ExecCondition', 'ExecStartPre', 'ExecStart', 'ExecStartPost', 'ExecReload', 'ExecStop', 'ExecStopPost'],
  Socket: ['ExecStartPre', 'ExecStartPost', 'ExecStopPre', 'ExecStopPost'],
};

/** A fatal assignment: why, and what of it systemd had applied before failing (if anything). */
interface Fatal {
  readonly problem: string;
  /** The value as far as it was applied (SupplementaryGroups= keeps the words before a bad one). */
  readonly applied?: string;
}

/** Why an assignment is fatal, or undefined. */
export function fatalProblem(section: string, entry: UnitEntry, unit: string, data: ReleaseData): Fatal | undefined {
  const problem = fatalReason(section, entry, unit, data);
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

function fatalReason(section: string, entry: UnitEntry, unit: string, data: ReleaseData): string | undefined {
  const { key, value } = entry;
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
          const bad = execCommands(value, unit, data).find((c) => c.problem !== undefined && !c.ignoreFailure);
          return bad ? `${key}=${value}: ${bad.problem}` : undefined;
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
export function dropFatalDropInLines(doc: UnitDocument, execSection: string, unit: string, data: ReleaseData): UnitDocument {
  const cutAt = new Map<string, number>(); // drop-in file → first fatal line
  const partial = new Map<UnitEntry, string>(); // fatal line → the part systemd applied
  for (const section of doc.sections) {
    if (section.name !== execSection) continue;
    for (const e of section.entries) {
      const fatal = fatalProblem(section.name, e, unit, data);
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
