/**
 * Settings whose bad values are fatal: their parser fails the file (-ENOEXEC, or -EINVAL for
 * PIDFile=). In the unit's own file that refuses the unit; in a drop-in systemd logs it and skips the
 * rest of that drop-in file (later drop-ins still apply) — verified with the oracles on 252, 257 and
 * 262. Which settings, and how each is read, is the table {@link FATAL_SETTINGS}.
 */
import type { UnitDocument, UnitEntry } from '../unit/model';
import { UnitLoadError } from './errors';
import type { ExecLines } from './exec-line';
import type { LoadRules } from './load-rules';
import { readPathSetting } from './path-settings';
import { userNameProblem } from './settings/user-name';
import { extractFirstWord, WHITESPACE } from './settings/extract-word';
import { parseBoolean } from './settings/words';
import { UnitPrintf } from './unit-printf';

/** How a fatal setting is read. */
type FatalKind =
  /** config_parse_user_group_compat(): unit_full_printf(), then a valid user/group name. */
  | 'user'
  /** config_parse_user_group_strv_compat(): words (no unquoting), each a valid name. */
  | 'groups'
  /** config_parse_bool() with `fatal`. */
  | 'boolean'
  /** A PATH_SETTINGS entry (path-settings.ts). */
  | 'path'
  /** config_parse_exec_{selinux_context,apparmor_profile,smack_process_label}(): `-` forgives a failing expansion. */
  | 'label'
  /** config_parse_exec(). */
  | 'exec';

const EXEC_CONTEXT: Readonly<Record<string, FatalKind>> = {
  User: 'user', Group: 'user', SupplementaryGroups: 'groups', DynamicUser: 'boolean',
  RootDirectory: 'path', RootImage: 'path', RootVerity: 'path', WorkingDirectory: 'path',
  SELinuxContext: 'label', AppArmorProfile: 'label', SmackProcessLabel: 'label',
};

const execKeys = (...keys: string[]): Record<string, FatalKind> => Object.fromEntries(keys.map((k) => [k, 'exec' as const]));

/** The fatal settings of each section that has them. */
export const FATAL_SETTINGS: Readonly<Record<string, Readonly<Record<string, FatalKind>>>> = {
  Service: {
    ...EXEC_CONTEXT, PIDFile: 'path',
    ...execKeys('ExecCondition', 'ExecStartPre', 'ExecStart', 'ExecStartPost', 'ExecReload', 'ExecStop', 'ExecStopPost'),
  },
  Socket: { ...EXEC_CONTEXT, SocketUser: 'user', SocketGroup: 'user', ...execKeys('ExecStartPre', 'ExecStartPost', 'ExecStopPre', 'ExecStopPost') },
  Mount: EXEC_CONTEXT,
  Swap: EXEC_CONTEXT,
};

/** A fatal assignment: why, and what of it systemd had applied before failing (if anything). */
export interface Fatal {
  readonly problem: string;
  /**
   * The value as far as it was applied: SupplementaryGroups= keeps the words before a bad one; an
   * Exec*= line keeps its commands before the failing one (ExecLine.commands holds just those).
   */
  readonly applied?: string;
}

/** What fatal checks need of the unit being read. */
export interface FatalContext {
  readonly printf: UnitPrintf;
  readonly rules: LoadRules;
  readonly execLines: ExecLines;
}

/** SupplementaryGroups=: the words before the first bad one, and the problem (if any). */
function readGroups(value: string, printf: UnitPrintf): Fatal | undefined {
  const good: string[] = [];
  let problem: string | undefined;
  for (let pos: number | undefined = 0; ; ) {
    const r = extractFirstWord(value, pos, WHITESPACE);
    if (r.error) {
      problem = 'Invalid syntax';
      break;
    }
    if (r.word === undefined) break;
    pos = r.next;
    const k = UnitPrintf.orUndefined(() => printf.full(r.word!));
    const bad = k === undefined ? 'failed to resolve unit specifiers' : userNameProblem(k);
    if (bad) {
      problem = `invalid group name '${r.word}' (${bad})`;
      break;
    }
    good.push(r.word);
  }
  if (problem === undefined) return undefined;
  return { problem: `SupplementaryGroups=${value}: ${problem}`, applied: good.length > 0 ? good.join(' ') : undefined };
}

/** Why an assignment is fatal, or undefined. */
export function fatalProblem(section: string, entry: UnitEntry, ctx: FatalContext): Fatal | undefined {
  const { key, value } = entry;
  const kind = FATAL_SETTINGS[section]?.[key];
  if (kind === undefined) return undefined;
  // An empty value resets every one of these settings, except a boolean (config_parse_bool() has no reset).
  if (value === '' && kind !== 'boolean') return undefined;
  switch (kind) {
    case 'user': {
      const k = UnitPrintf.orUndefined(() => ctx.printf.full(value));
      const problem = k === undefined ? 'failed to resolve unit specifiers' : userNameProblem(k);
      return problem ? { problem: `${key}=${value}: invalid user/group name or numeric ID (${problem})` } : undefined;
    }
    case 'groups':
      return readGroups(value, ctx.printf);
    case 'boolean':
      return parseBoolean(value) === undefined ? { problem: `${key}=${value}: not a boolean (use yes or no)` } : undefined;
    case 'path': {
      const r = readPathSetting(key, value, ctx.printf, ctx.rules);
      return r.kind === 'fatal' ? { problem: r.reason } : undefined;
    }
    case 'label': {
      const v = value.startsWith('-') ? undefined : value;
      return v !== undefined && UnitPrintf.orUndefined(() => ctx.printf.full(v)) === undefined
        ? { problem: `${key}=${value}: failed to resolve unit specifiers` }
        : undefined;
    }
    default: {
      // The commands before the failing one were already added (the command counts read them).
      const line = ctx.execLines.of(value);
      if (!line.fatal) return undefined;
      return { problem: `${key}=${value}: ${line.fatal}`, ...(line.commands.length > 0 ? { applied: value } : {}) };
    }
  }
}

const isDropIn = (e: UnitEntry): boolean => /\.d\//.test(e.position?.file ?? '');

/**
 * Throws {@link UnitLoadError} for a fatal value in the unit's own file; drops a fatal drop-in line
 * and every later line of that drop-in file.
 */
export function dropFatalDropInLines(doc: UnitDocument, execSection: string, unit: string, ctx: FatalContext): UnitDocument {
  const cutAt = new Map<string, number>(); // drop-in file → first fatal line
  const partial = new Map<UnitEntry, string>(); // fatal line → the part systemd applied
  for (const section of doc.sections) {
    if (section.name !== execSection) continue;
    for (const e of section.entries) {
      const fatal = fatalProblem(section.name, e, ctx);
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
