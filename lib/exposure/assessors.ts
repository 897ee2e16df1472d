/**
 * The shared rule implementations: one function per assessor kind, turning the security record into
 * a badness (0…range) or N/A. Which check uses which rule, and with what parameter, is release data.
 */
import type { AssessorRule, ReleaseData } from './release-data';
import type { SecurityRecord } from './security-record';
import { capabilityMask } from './settings/capabilities';
import { namespaceBit } from './settings/namespaces';
import { familyClassUsable } from './settings/address-families';
import { isLocalhostLive, isLocalhostOffline } from './settings/ip-prefixes';
import { expandSyscalls, syscallIds, SyscallState } from './settings/syscall-filter';

/** How the unit is analysed: offline from its file, or live with D-Bus property semantics (spec i). */
export type AnalysisMode = 'offline' | 'live';

/** What a rule sees besides the record. */
export interface AssessContext {
  readonly data: ReleaseData;
  readonly mode: AnalysisMode;
}

/** A rule's verdict: badness, or `null` for N/A. */
export type Badness = number | null;

const isRoot = (user: string | undefined): boolean => user === 'root' || user === '0';

/** systemd's "runs privileged": root, or no user and no DynamicUser (never in 262 user scope). */
export function runsPrivileged(r: SecurityRecord, data: ReleaseData): boolean {
  if (r.scope === 'user' && data.parse.userScopeUnprivileged) return false;
  if (isRoot(r.user)) return true;
  if (r.dynamicUser) return false;
  return r.user === undefined || r.user === '';
}

/** Live mode reports PrivateMounts= as on when any mount-namespace-creating setting is on (spec i). */
function privateMountsLive(r: SecurityRecord): boolean {
  return (
    r.privateMountsSetting === true || r.flags.privateDevices || r.flags.privateTmp || r.flags.protectControlGroups ||
    r.flags.protectKernelTunables || r.flags.protectKernelModules || (r.protectHome !== undefined && r.protectHome !== 'no') ||
    (r.protectSystem !== undefined && r.protectSystem !== 'no') || r.rootImage !== undefined
  );
}

type RuleOf<K extends AssessorRule['kind']> = Extract<AssessorRule, { kind: K }>;

/** A check's rule with its parameters bound: the record and the mode in, badness (or N/A) out. */
export type RuleEvaluator = (r: SecurityRecord, mode: AnalysisMode) => Badness;

type RuleCompilers = { [K in AssessorRule['kind']]: (rule: RuleOf<K>, data: ReleaseData) => RuleEvaluator };

/** Badness per setting value (tables built once, not per check). */
const PROTECT_HOME_BADNESS = { yes: 0, tmpfs: 1, 'read-only': 5, no: 10 } as const;
const PROTECT_SYSTEM_BADNESS = { strict: 0, full: 3, yes: 5, no: 10 } as const;
const PROTECT_PROC_BADNESS = { invisible: 0, ptraceable: 0, noaccess: 1, default: 3 } as const;

const LOW32 = 0xffffffffn;

/**
 * Each rule kind bound to its parameters once per release (capability masks split into 32-bit
 * halves, syscall groups expanded), so scoring a unit does no table look-ups or BigInt work.
 */
const COMPILERS: RuleCompilers = {
  user: (_rule, data) => (r) => {
    if (r.user === 'nobody') return 9;
    if (r.dynamicUser && !isRoot(r.user)) return 0;
    if (r.user !== undefined && !isRoot(r.user)) return 0;
    return r.scope === 'user' && data.parse.userScopeUnprivileged ? 0 : 10;
  },
  supplementary_groups: (_rule, data) => (r) => (runsPrivileged(r, data) ? null : r.supplementaryGroups.length > 0 ? 1 : 0),
  remove_ipc: (_rule, data) => (r) => {
    if (r.scope === 'user' && data.parse.userScopeUnprivileged) return null;
    if (runsPrivileged(r, data)) return null;
    return r.removeIPC ? 0 : 1;
  },
  flag: ({ flag, badWhen }) => {
    if (flag === 'privateMounts') {
      return (r, mode) => ((mode === 'live' && r.hasExecContext ? privateMountsLive(r) : r.flags.privateMounts) === badWhen ? 1 : 0);
    }
    return (r) => (r.flags[flag] === badWhen ? 1 : 0);
  },
  protect_home: () => (r) => PROTECT_HOME_BADNESS[r.protectHome ?? 'no'],
  protect_system: () => (r) => PROTECT_SYSTEM_BADNESS[r.protectSystem ?? 'no'],
  root_directory: () => (r) => ((r.rootDirectory && r.rootDirectory !== '/') || (r.rootImage && r.rootImage !== '/') ? 0 : 1),
  capability_bounding_set: ({ capabilities }, data) => {
    const mask = capabilityMask(capabilities, data);
    const low = Number(mask & LOW32) | 0;
    const high = Number((mask >> 32n) & LOW32) | 0;
    return (r) => ((r.capabilityBoundingSetLow & low) !== 0 || (r.capabilityBoundingSetHigh & high) !== 0 ? 1 : 0);
  },
  umask: () => (r) => {
    if (!(r.umask & 0o002)) return 10;
    if (!(r.umask & 0o004)) return 5;
    if (!(r.umask & 0o020)) return 2;
    if (!(r.umask & 0o040)) return 1;
    return 0;
  },
  keyring_mode: () => (r) => (r.keyringMode === 'private' ? 0 : 1),
  protect_proc: () => (r) => PROTECT_PROC_BADNESS[r.protectProc ?? 'default'],
  proc_subset: () => (r) => (r.procSubset === 'pid' ? 0 : 1),
  notify_access: () => (r) => (r.notifyAccess === 'all' ? 1 : 0),
  restrict_namespaces: ({ namespace }) => {
    const bit = namespaceBit(namespace);
    return (r) => ((r.namespaces.allowed & bit) !== 0 ? 1 : 0);
  },
  address_family: ({ familyClass }) => (r) => (familyClassUsable(r.addressFamilies, familyClass) ? 1 : 0),
  system_call_architectures: () => (r) => {
    if (r.architectures.size === 0) return 10;
    return r.architectures.size === 1 && r.architectures.has('native') ? 0 : 8;
  },
  system_call_filter: ({ group }, data) => {
    const members = syscallIds(data.syscalls.assessedGroups[group] ?? expandSyscalls(group, data), data);
    // A member that does not resolve is never in a filter: a deny list cannot cover the group.
    const coverable = !members.includes(-1);
    return (r) => {
      const f = r.syscallFilter;
      if (f.mode === 'none' || (f.mode === 'deny' && f.count === 0)) return 10;
      if (f.mode === 'deny') return coverable && members.every((id) => f.state[id] !== SyscallState.Absent) ? 0 : 10;
      return members.some((id) => id >= 0 && f.state[id] === SyscallState.Listed) ? 9 : 0;
    };
  },
  ip_address_allow: () => (r, mode) => {
    if (r.ipFilterPaths) return 0;
    const denyAll = r.ipDeny.some((p) => p.family === 4 && p.length === 0) && r.ipDeny.some((p) => p.family === 6 && p.length === 0);
    if (!denyAll) return 10;
    const localhost = mode === 'live' ? isLocalhostLive : isLocalhostOffline;
    if (r.ipAllow.some((p) => !localhost(p))) return 5;
    if (r.ipAllow.length > 0) return 2;
    return 0;
  },
  device_allow: () => (r) => (r.devicePolicy === 'auto' ? 10 : r.deviceAllow.length === 0 ? 0 : 5),
  ambient_capabilities: () => (r) => (r.ambientCapabilities !== 0n ? 1 : 0),
};

/** Binds a check's rule to its parameters and the release (do it once per check, not per unit). */
export function compileRule(rule: AssessorRule, data: ReleaseData): RuleEvaluator {
  const compile = COMPILERS[rule.kind] as (rule: AssessorRule, data: ReleaseData) => RuleEvaluator;
  return compile(rule, data);
}

/** Badness of one check for a record (compiles the rule on each call: for one-off use). */
export function assess(rule: AssessorRule, record: SecurityRecord, ctx: AssessContext): Badness {
  return compileRule(rule, ctx.data)(record, ctx.mode);
}
