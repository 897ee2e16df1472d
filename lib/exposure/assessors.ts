/**
 * The shared rule implementations: one function per assessor kind, turning the security record into
 * a badness (0…range) or N/A. Which check uses which rule, and with what parameter, is release data.
 */
import type { AssessorRule, ReleaseData } from './release-data';
import type { SecurityRecord } from './security-record';
import { capabilityMask } from './settings/capabilities';
import { familyClassUsable } from './settings/address-families';
import { isLocalhostLive, isLocalhostOffline } from './settings/ip-prefixes';
import { expandSyscalls } from './settings/syscall-filter';

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
type RuleImpl = { [K in AssessorRule['kind']]: (r: SecurityRecord, rule: RuleOf<K>, ctx: AssessContext) => Badness };

/** Badness per setting value (tables built once, not per check). */
const PROTECT_HOME_BADNESS = { yes: 0, tmpfs: 1, 'read-only': 5, no: 10 } as const;
const PROTECT_SYSTEM_BADNESS = { strict: 0, full: 3, yes: 5, no: 10 } as const;
const PROTECT_PROC_BADNESS = { invisible: 0, ptraceable: 0, noaccess: 1, default: 3 } as const;

const RULES: RuleImpl = {
  user: (r, _rule, { data }) => {
    if (r.user === 'nobody') return 9;
    if (r.dynamicUser && !isRoot(r.user)) return 0;
    if (r.user !== undefined && !isRoot(r.user)) return 0;
    return r.scope === 'user' && data.parse.userScopeUnprivileged ? 0 : 10;
  },
  supplementary_groups: (r, _rule, { data }) => (runsPrivileged(r, data) ? null : r.supplementaryGroups.length > 0 ? 1 : 0),
  remove_ipc: (r, _rule, { data }) => {
    if (r.scope === 'user' && data.parse.userScopeUnprivileged) return null;
    if (runsPrivileged(r, data)) return null;
    return r.removeIPC ? 0 : 1;
  },
  flag: (r, rule, { mode }) => {
    const on = rule.flag === 'privateMounts' && mode === 'live' && r.hasExecContext ? privateMountsLive(r) : r.flags[rule.flag];
    return on === rule.badWhen ? 1 : 0;
  },
  protect_home: (r) => PROTECT_HOME_BADNESS[r.protectHome ?? 'no'],
  protect_system: (r) => PROTECT_SYSTEM_BADNESS[r.protectSystem ?? 'no'],
  root_directory: (r) => ((r.rootDirectory && r.rootDirectory !== '/') || (r.rootImage && r.rootImage !== '/') ? 0 : 1),
  capability_bounding_set: (r, rule, { data }) => ((r.capabilityBoundingSet & capabilityMask(rule.capabilities, data)) !== 0n ? 1 : 0),
  umask: (r) => {
    if (!(r.umask & 0o002)) return 10;
    if (!(r.umask & 0o004)) return 5;
    if (!(r.umask & 0o020)) return 2;
    if (!(r.umask & 0o040)) return 1;
    return 0;
  },
  keyring_mode: (r) => (r.keyringMode === 'private' ? 0 : 1),
  protect_proc: (r) => PROTECT_PROC_BADNESS[r.protectProc ?? 'default'],
  proc_subset: (r) => (r.procSubset === 'pid' ? 0 : 1),
  notify_access: (r) => (r.notifyAccess === 'all' ? 1 : 0),
  restrict_namespaces: (r, rule) => (r.namespaces.allowed.has(rule.namespace) ? 1 : 0),
  address_family: (r, rule) => (familyClassUsable(r.addressFamilies, rule.familyClass) ? 1 : 0),
  system_call_architectures: (r) => {
    if (r.architectures.size === 0) return 10;
    return r.architectures.size === 1 && r.architectures.has('native') ? 0 : 8;
  },
  system_call_filter: (r, rule, { data }) => {
    const f = r.syscallFilter;
    if (f.mode === 'none' || (f.mode === 'deny' && f.entries.size === 0)) return 10;
    const members = data.syscalls.assessedGroups[rule.group] ?? expandSyscalls(rule.group, data);
    if (f.mode === 'deny') return members.every((s) => f.entries.has(s)) ? 0 : 10;
    return members.some((s) => f.entries.get(s)?.errno === false) ? 9 : 0;
  },
  ip_address_allow: (r, _rule, { mode }) => {
    if (r.ipFilterPaths) return 0;
    const denyAll = r.ipDeny.some((p) => p.family === 4 && p.length === 0) && r.ipDeny.some((p) => p.family === 6 && p.length === 0);
    if (!denyAll) return 10;
    const localhost = mode === 'live' ? isLocalhostLive : isLocalhostOffline;
    if (r.ipAllow.some((p) => !localhost(p))) return 5;
    if (r.ipAllow.length > 0) return 2;
    return 0;
  },
  device_allow: (r) => (r.devicePolicy === 'auto' ? 10 : r.deviceAllow.length === 0 ? 0 : 5),
  ambient_capabilities: (r) => (r.ambientCapabilities !== 0n ? 1 : 0),
};

/** Badness of one check for a record. */
export function assess(rule: AssessorRule, record: SecurityRecord, ctx: AssessContext): Badness {
  const impl = RULES[rule.kind] as (r: SecurityRecord, rule: AssessorRule, ctx: AssessContext) => Badness;
  return impl(record, rule, ctx);
}
