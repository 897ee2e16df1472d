/**
 * The shared rule implementations: one function per assessor kind, turning the security record into
 * a badness (0…range) or N/A. Which check uses which rule, and with what parameter, is release data.
 */
import { flagBit, type AssessorRule, type ReleaseData } from './release-data';
import type { SecurityRecord } from './security-record';
import type { FamilyClass } from './release-data';
import { capabilityMask } from './settings/capabilities';
import { namespaceBit } from './settings/namespaces';
import { familyClassUsable } from './settings/address-families';
import { isLocalhostLive, isLocalhostOffline } from './settings/ip-prefixes';
import { expandSyscalls, syscallIds, SyscallState } from './settings/syscall-filter';

/** How the unit is analysed: offline from its file, or live with D-Bus property semantics (spec i). */
export type AnalysisMode = 'offline' | 'live';

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

/**
 * A check's rule bound to a release: its kind and its parameters pre-computed (capability masks
 * split into 32-bit halves, syscall groups expanded to ids, flag and namespace bits). One object
 * shape for every kind, evaluated by one switch: scoring a unit does no table look-ups, no BigInt
 * work and no megamorphic calls.
 */
export interface BoundRule {
  readonly kind: AssessorRule['kind'];
  readonly data: ReleaseData;
  /** Flag bit (flag), namespace bit (restrict_namespaces). */
  readonly bit: number;
  /** flag: the value that is bad; true for privateMounts' live-mode reading. */
  readonly badWhen: boolean;
  readonly privateMounts: boolean;
  /** capability_bounding_set: mask bits 0–31 and 32–63. */
  readonly low: number;
  readonly high: number;
  /** system_call_filter: the group's syscall ids; `coverable` false when one does not resolve. */
  readonly members: Int32Array;
  readonly coverable: boolean;
  /** address_family. */
  readonly familyClass: FamilyClass;
}

/** Badness per setting value (tables built once, not per check). */
const PROTECT_HOME_BADNESS = { yes: 0, tmpfs: 1, 'read-only': 5, no: 10 } as const;
const PROTECT_SYSTEM_BADNESS = { strict: 0, full: 3, yes: 5, no: 10 } as const;
const PROTECT_PROC_BADNESS = { invisible: 0, ptraceable: 0, noaccess: 1, default: 3 } as const;

const LOW32 = 0xffffffffn;
const NO_MEMBERS: Int32Array = new Int32Array(0);

/** Binds a check's rule to its parameters and the release (once per check, not per unit). */
export function bindRule(rule: AssessorRule, data: ReleaseData): BoundRule {
  let bit = 0;
  let badWhen = false;
  let privateMounts = false;
  let low = 0;
  let high = 0;
  let members = NO_MEMBERS;
  let familyClass: FamilyClass = 'other';
  switch (rule.kind) {
    case 'flag':
      bit = flagBit(rule.flag);
      badWhen = rule.badWhen;
      privateMounts = rule.flag === 'privateMounts';
      break;
    case 'restrict_namespaces':
      bit = namespaceBit(rule.namespace);
      break;
    case 'capability_bounding_set': {
      const mask = capabilityMask(rule.capabilities, data);
      low = Number(mask & LOW32) | 0;
      high = Number((mask >> 32n) & LOW32) | 0;
      break;
    }
    case 'system_call_filter':
      members = syscallIds(data.syscalls.assessedGroups[rule.group] ?? expandSyscalls(rule.group, data), data);
      break;
    case 'address_family':
      familyClass = rule.familyClass;
      break;
    default:
      break;
  }
  return Object.freeze({ kind: rule.kind, data, bit, badWhen, privateMounts, low, high, members, coverable: !members.includes(-1), familyClass });
}

/** Badness of a bound rule for a record (the most frequent kinds first: 26 capability checks, 17 flags, …). */
export function evaluateRule(b: BoundRule, r: SecurityRecord, mode: AnalysisMode): Badness {
  switch (b.kind) {
    case 'capability_bounding_set':
      return (r.capabilityBoundingSetLow & b.low) !== 0 || (r.capabilityBoundingSetHigh & b.high) !== 0 ? 1 : 0;
    case 'flag': {
      const on = b.privateMounts && mode === 'live' && r.hasExecContext ? privateMountsLive(r) : (r.flagBits & b.bit) !== 0;
      return on === b.badWhen ? 1 : 0;
    }
    case 'system_call_filter':
      return syscallFilterBadness(b, r.syscallFilter);
    case 'restrict_namespaces':
      return (r.namespaces.allowed & b.bit) !== 0 ? 1 : 0;
    case 'address_family':
      return familyClassUsable(r.addressFamilies, b.familyClass) ? 1 : 0;
    case 'user':
      if (r.user === 'nobody') return 9;
      if (r.dynamicUser && !isRoot(r.user)) return 0;
      if (r.user !== undefined && !isRoot(r.user)) return 0;
      return r.scope === 'user' && b.data.parse.userScopeUnprivileged ? 0 : 10;
    case 'supplementary_groups':
      return runsPrivileged(r, b.data) ? null : r.supplementaryGroups.length > 0 ? 1 : 0;
    case 'remove_ipc':
      if (r.scope === 'user' && b.data.parse.userScopeUnprivileged) return null;
      if (runsPrivileged(r, b.data)) return null;
      return r.removeIPC ? 0 : 1;
    case 'protect_home':
      return PROTECT_HOME_BADNESS[r.protectHome ?? 'no'];
    case 'protect_system':
      return PROTECT_SYSTEM_BADNESS[r.protectSystem ?? 'no'];
    case 'root_directory':
      return (r.rootDirectory && r.rootDirectory !== '/') || (r.rootImage && r.rootImage !== '/') ? 0 : 1;
    case 'umask':
      if (!(r.umask & 0o002)) return 10;
      if (!(r.umask & 0o004)) return 5;
      if (!(r.umask & 0o020)) return 2;
      if (!(r.umask & 0o040)) return 1;
      return 0;
    case 'keyring_mode':
      return r.keyringMode === 'private' ? 0 : 1;
    case 'protect_proc':
      return PROTECT_PROC_BADNESS[r.protectProc ?? 'default'];
    case 'proc_subset':
      return r.procSubset === 'pid' ? 0 : 1;
    case 'notify_access':
      return r.notifyAccess === 'all' ? 1 : 0;
    case 'system_call_architectures':
      if (r.architectures.size === 0) return 10;
      return r.architectures.size === 1 && r.architectures.has('native') ? 0 : 8;
    case 'ip_address_allow':
      return ipAddressAllowBadness(r, mode);
    case 'device_allow':
      return r.devicePolicy === 'auto' ? 10 : r.deviceAllow.length === 0 ? 0 : 5;
    case 'ambient_capabilities':
      return r.ambientCapabilities !== 0n ? 1 : 0;
  }
}

function syscallFilterBadness(b: BoundRule, f: SecurityRecord['syscallFilter']): Badness {
  if (f.mode === 'none' || (f.mode === 'deny' && f.count === 0)) return 10;
  const members = b.members;
  if (f.mode === 'deny') {
    // A member that does not resolve is never in a filter: a deny list cannot cover the group.
    if (!b.coverable) return 10;
    for (let i = 0; i < members.length; i++) if (f.state[members[i]!] === SyscallState.Absent) return 10;
    return 0;
  }
  for (let i = 0; i < members.length; i++) {
    const id = members[i]!;
    if (id >= 0 && f.state[id] === SyscallState.Listed) return 9;
  }
  return 0;
}

function ipAddressAllowBadness(r: SecurityRecord, mode: AnalysisMode): Badness {
  if (r.ipFilterPaths) return 0;
  const denyAll = r.ipDeny.some((p) => p.family === 4 && p.length === 0) && r.ipDeny.some((p) => p.family === 6 && p.length === 0);
  if (!denyAll) return 10;
  const localhost = mode === 'live' ? isLocalhostLive : isLocalhostOffline;
  if (r.ipAllow.some((p) => !localhost(p))) return 5;
  if (r.ipAllow.length > 0) return 2;
  return 0;
}
