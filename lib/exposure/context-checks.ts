/**
 * The exec-context checks systemd runs once a unit's contexts are patched: in 257+
 * unit_verify_contexts() (src/core/unit.c) refuses WorkingDirectory=~ with DynamicUser=, a working
 * directory below an API file system when the unit needs a mount namespace
 * (exec_needs_mount_namespace() in src/core/execute.c) and PrivatePIDs= outside services (262 also
 * with PAMName=, seen on its oracle); every
 * release refuses PAMName= with a KillMode= that leaves processes behind (252: per unit type, in
 * service_verify(), socket_verify(), …). Which rules apply is LoadRules data.
 */
import type { DirectiveReader } from './directive-reader';
import { readPathSetting } from './path-settings';
import { pathStartsWith } from './settings/paths';
import { parseBoolean } from './settings/words';
import { bindPaths, execDirectories, namespacePaths, temporaryFileSystems } from './settings/mount-lists';
import type { LoadRules } from './load-rules';
import type { UnitPrintf } from './unit-printf';

/** What the checks need besides the directives read here (values after the load-time implications). */
export interface ContextFacts {
  readonly isService: boolean;
  readonly dynamicUser: boolean;
  readonly rootDirectory: string | undefined;
  readonly rootImage: string | undefined;
  readonly mountImages: boolean;
  readonly privateDevices: boolean;
  /** PrivateMounts= as set: undefined when never set (257+ tri-state). */
  readonly privateMounts: boolean | undefined;
  readonly privateNetwork: boolean;
  readonly protectSystem: string | undefined;
  readonly protectHome: string | undefined;
  readonly protectKernelTunables: boolean;
  readonly protectKernelModules: boolean;
  readonly protectKernelLogs: boolean;
  readonly protectProc: string | undefined;
  readonly procSubset: string | undefined;
  /** PAMName= after expansion, '' when unset. */
  readonly pamName: string;
}

/** Path lists (config_parse_namespace_path_strv()), each its own list. */
const NAMESPACE_PATHS = ['ReadWritePaths', 'ReadOnlyPaths', 'InaccessiblePaths', 'ExecPaths', 'NoExecPaths', 'ExtensionDirectories'];
const EXEC_DIRECTORIES = ['RuntimeDirectory', 'StateDirectory', 'CacheDirectory', 'LogsDirectory', 'ConfigurationDirectory'];

type Adds = (value: string, printf: UnitPrintf, rules: LoadRules) => number;

/** Entries left in a list after its assignments (`keys` share one list; an empty value clears it). */
function entries(rd: DirectiveReader, keys: readonly string[], adds: Adds): number {
  let n = 0;
  for (const { value } of rd.execAssignments(keys)) n = value === '' ? 0 : n + adds(value, rd.printf, rd.rules);
  return n;
}

/** An exec-directory list: its entries, and whether one is read-only. */
function directories(rd: DirectiveReader, key: string): { count: number; readOnly: boolean } {
  let out = { count: 0, readOnly: false };
  for (const v of rd.exec(key)) {
    if (v === '') out = { count: 0, readOnly: false };
    else {
      const r = execDirectories(v, rd.printf, rd.rules);
      out = { count: out.count + r.count, readOnly: out.readOnly || r.readOnly };
    }
  }
  return out;
}

/** ExtensionImages= (not read in detail): any value left after the last reset. */
function anyValue(rd: DirectiveReader, key: string): boolean {
  return rd.exec(key).reduce((set, v) => (v === '' ? false : set || v.trim() !== ''), false);
}

/** The last value of `key` that `parse` accepts, or `initial`. */
function last<T>(rd: DirectiveReader, key: string, parse: (v: string) => T | undefined, initial: T): T {
  let acc = initial;
  for (const v of rd.exec(key)) acc = parse(v) ?? acc;
  return acc;
}

const bool = (v: string): boolean | undefined => parseBoolean(v);

/** exec_needs_mount_namespace() with no runtime parameters (offline). */
function needsMountNamespace(rd: DirectiveReader, f: ContextFacts): boolean {
  if (f.rootImage !== undefined || f.mountImages || anyValue(rd, 'ExtensionImages')) return true;
  if (NAMESPACE_PATHS.some((k) => entries(rd, [k], namespacePaths) > 0)) return true;
  if (entries(rd, ['BindPaths', 'BindReadOnlyPaths'], bindPaths) > 0 || entries(rd, ['TemporaryFileSystem'], temporaryFileSystems) > 0) return true;
  if (!['', 'shared'].includes(last(rd, 'MountFlags', (v) => (['shared', 'slave', 'private'].includes(v) ? v : undefined), ''))) return true;
  // PrivateTmp=disconnected (DynamicUser= turns `no` into it); plain `yes` needs no namespace offline.
  let privateTmp = last(rd, 'PrivateTmp', (v) => (bool(v) === undefined ? (['connected', 'disconnected'].includes(v) ? v : undefined) : bool(v) ? 'connected' : 'no'), 'no');
  if (f.dynamicUser && privateTmp === 'no') privateTmp = 'disconnected';
  if (privateTmp === 'disconnected') return true;
  const networkNamespace = f.privateNetwork || last(rd, 'NetworkNamespacePath', (v) => v, '') !== '';
  const ipcNamespace = last(rd, 'PrivateIPC', bool, false) || last(rd, 'IPCNamespacePath', (v) => v, '') !== '';
  const pidNamespace = last(rd, 'PrivatePIDs', bool, false);
  const cgroupMount = last(rd, 'ProtectControlGroups', (v) => (bool(v) === undefined ? (['private', 'strict'].includes(v) ? true : undefined) : bool(v)), false);
  if (
    f.privateDevices || f.privateMounts === true || (f.privateMounts === undefined && networkNamespace) ||
    (f.protectSystem ?? 'no') !== 'no' || (f.protectHome ?? 'no') !== 'no' ||
    f.protectKernelTunables || f.protectKernelModules || f.protectKernelLogs || cgroupMount ||
    (f.protectProc ?? 'default') !== 'default' || (f.procSubset ?? 'all') !== 'all' || ipcNamespace || pidNamespace
  ) return true;
  const withRootfs = (f.rootDirectory !== undefined && f.rootDirectory !== '/') || f.rootImage !== undefined;
  const mountApiVfs = last<boolean | undefined>(rd, 'MountAPIVFS', bool, undefined) ?? withRootfs;
  if (f.rootDirectory !== undefined && mountApiVfs) return true;
  const dirs = new Map(EXEC_DIRECTORIES.map((k) => [k, directories(rd, k)]));
  if (f.rootDirectory !== undefined && [...dirs.values()].some((d) => d.count > 0)) return true;
  if (f.dynamicUser && ['StateDirectory', 'CacheDirectory', 'LogsDirectory'].some((k) => dirs.get(k)!.count > 0)) return true;
  const bindLogSockets = last(rd, 'LogNamespace', (v) => v, '') !== '' || (last<boolean | undefined>(rd, 'BindLogSockets', bool, undefined) ?? (mountApiVfs || (withRootfs && f.privateDevices)));
  return bindLogSockets || [...dirs.values()].some((d) => d.readOnly);
}

/** Why unit_verify_contexts() refuses the unit, or undefined. */
export function contextProblem(rd: DirectiveReader, f: ContextFacts): string | undefined {
  const killMode = last(rd, 'KillMode', (v) => (['control-group', 'process', 'mixed', 'none'].includes(v) ? v : undefined), 'control-group');
  const allowed = f.isService ? rd.rules.pamKillModes.service : rd.rules.pamKillModes.other;
  if (f.pamName !== '' && !allowed.includes(killMode)) return 'Unit has PAM enabled. Kill mode must be set to control-group (or mixed). Refusing.';
  if (!rd.rules.contextChecks) return undefined;
  let home = false;
  let workingDirectory: string | undefined;
  for (const v of rd.exec('WorkingDirectory')) {
    const r = readPathSetting('WorkingDirectory', v, rd.printf, rd.rules);
    if (r.kind === 'reset') [home, workingDirectory] = [false, undefined];
    else if (r.kind === 'home') [home, workingDirectory] = [true, undefined];
    else if (r.kind === 'path') [home, workingDirectory] = [false, r.path];
  }
  if (f.dynamicUser && home) return 'WorkingDirectory=~ is not allowed under DynamicUser=yes. Refusing.';
  const belowApi = workingDirectory !== undefined && ['/dev', '/sys', '/proc'].some((d) => pathStartsWith(workingDirectory!, d));
  if (belowApi && needsMountNamespace(rd, f)) return 'WorkingDirectory= may not be below /proc/, /sys/ or /dev/ when using mount namespacing. Refusing.';
  const privatePids = last(rd, 'PrivatePIDs', bool, false);
  if (!f.isService && privatePids) return 'PrivatePIDs= setting is only supported for service units. Refusing.';
  if (rd.rules.pamRefusesPrivatePids && f.pamName !== '' && privatePids) return 'PAM is not supported under PrivatePIDs=. Refusing.';
  return undefined;
}
