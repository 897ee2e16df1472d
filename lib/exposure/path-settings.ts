/**
 * Settings whose value is one path, each read like its config_parse_*() (src/core/load-fragment.c,
 * src/shared/conf-parser.c; the same in 252, 257 and 262 except for the checks {@link LoadRules}
 * holds): expand the specifiers (unit_path_printf(), at most PATH_MAX-1 bytes), then
 * path_simplify_and_warn(). What a failure does is data: the unit is refused (fatal) or the line is
 * ignored.
 */
import type { LoadRules } from './load-rules';
import { simplifyAndCheck, type PathCheck } from './settings/paths';
import { UnitPrintf } from './unit-printf';

/** How one path setting is read. */
export interface PathSetting {
  /** A failing specifier expansion. */
  readonly printfError: 'fatal' | 'ignore';
  /** A path path_simplify_and_warn() refuses. */
  readonly checkError: 'fatal' | 'ignore';
  /** The checks of path_simplify_and_warn(), per release. */
  readonly check: (rules: LoadRules) => PathCheck;
  /** A leading `-` makes every failure only ignore the line (WorkingDirectory=). */
  readonly dashIgnores?: boolean;
  /** `~` (after an optional `-`) is the user's home, not a path (WorkingDirectory=). */
  readonly tilde?: boolean;
  /** An expansion to nothing resets the setting (config_parse_path()); otherwise it is checked. */
  readonly emptyExpansionResets?: boolean;
  /** A relative path is taken below the runtime directory (PIDFile=). */
  readonly relativeToRuntime?: boolean;
}

const ABSOLUTE: PathCheck = { absolute: true };

/** config_parse_unit_path_printf() with `fatal`, then config_parse_path(). */
const ROOT_PATH: PathSetting = { printfError: 'fatal', checkError: 'fatal', check: () => ABSOLUTE, emptyExpansionResets: true };
/** config_parse_ip_filter_bpf_progs(): every failure ignores the line. */
const FILTER_PATH: PathSetting = { printfError: 'ignore', checkError: 'ignore', check: () => ABSOLUTE };

/** The path settings by directive name (the section decides where they apply; see the callers). */
export const PATH_SETTINGS: Readonly<Record<string, PathSetting>> = {
  RootDirectory: ROOT_PATH,
  RootImage: ROOT_PATH,
  RootVerity: ROOT_PATH,
  // config_parse_working_directory().
  WorkingDirectory: { printfError: 'fatal', checkError: 'fatal', check: () => ABSOLUTE, dashIgnores: true, tilde: true },
  // config_parse_pid_file(): an unexpandable value is ignored, a bad path fails the file (EINVAL).
  PIDFile: { printfError: 'ignore', checkError: 'fatal', check: (r) => r.pidFile, relativeToRuntime: true },
  IPIngressFilterPath: FILTER_PATH,
  IPEgressFilterPath: FILTER_PATH,
};

/** What one assignment of a path setting does. */
export type PathOutcome =
  | { readonly kind: 'reset' }
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'home' }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'fatal'; readonly reason: string };

/** Reads `key=value` (a key of {@link PATH_SETTINGS}). */
export function readPathSetting(key: string, value: string, printf: UnitPrintf, rules: LoadRules): PathOutcome {
  const setting = PATH_SETTINGS[key]!;
  if (value === '') return { kind: 'reset' };
  let v = value;
  let forgiving = false;
  if (setting.dashIgnores && v.startsWith('-')) {
    forgiving = true;
    v = v.slice(1);
  }
  if (setting.tilde && v === '~') return { kind: 'home' };
  const failure = (how: 'fatal' | 'ignore', reason: string): PathOutcome =>
    how === 'fatal' && !forgiving ? { kind: 'fatal', reason: `${key}=${value}: ${reason}` } : { kind: 'ignored', reason };
  const expanded = UnitPrintf.orUndefined(() => printf.path(v));
  if (expanded === undefined) return failure(setting.printfError, 'failed to resolve unit specifiers');
  if (setting.emptyExpansionResets && expanded === '') return { kind: 'reset' };
  const full = setting.relativeToRuntime && !expanded.startsWith('/') ? joinPath(printf.runtimeDir(), expanded) : expanded;
  const checked = simplifyAndCheck(full, setting.check(rules), rules.paths);
  if ('problem' in checked) return failure(setting.checkError, `path ${checked.problem}`);
  return { kind: 'path', path: checked.path };
}

/** path_join(): one slash between the parts, an empty part skipped. */
function joinPath(dir: string, rel: string): string {
  if (rel === '') return dir;
  return dir.endsWith('/') ? dir + rel : `${dir}/${rel}`;
}
