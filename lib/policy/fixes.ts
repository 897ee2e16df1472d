/**
 * For each exposure check, the setting that makes it pass — machine-applicable, so the budget report
 * can re-score the unit with it and rank fixes by the exposure they really gain. One table, keyed by
 * systemd's json_field. Checks without an entry (RootDirectory=/RootImage=) need a human decision.
 */

/** One assignment to add to the unit's own section (usually [Service]). */
export interface FixAssignment {
  readonly key: string;
  readonly value: string;
}

/**
 * What applying a fix may cost, as a class the fix planner sums to break ties (free 0, may-break 1,
 * decision 2; see {@link BREAKAGE_COST}):
 * - `free`: ordinary services do not notice it;
 * - `may-break`: some services break (the caveat says which);
 * - `decision`: it changes what the service is (its user, its network) and needs a human decision.
 */
export type BreakageClass = 'free' | 'may-break' | 'decision';

/** The cost of each class in the planner's tie-break (lowest sum wins among plans of equal size). */
export const BREAKAGE_COST: Readonly<Record<BreakageClass, number>> = { free: 0, 'may-break': 1, decision: 2 };

/** A fix and the caveat a user should know before applying it blindly. */
export interface CheckFix {
  readonly set: readonly FixAssignment[];
  readonly caveat?: string;
  /** What it may break, as a class (absent in fixes written before the planner: read as `may-break` with a caveat, else `free`). */
  readonly breakage?: BreakageClass;
}

/** A fix's breakage class (see {@link CheckFix.breakage}). */
export function breakageOf(fix: CheckFix): BreakageClass {
  return fix.breakage ?? (fix.caveat ? 'may-break' : 'free');
}

const yes = (key: string, breakage: BreakageClass = 'free', caveat?: string): CheckFix => ({ set: [{ key, value: 'yes' }], breakage, ...(caveat ? { caveat } : {}) });
const dropCaps = (...caps: string[]): CheckFix => ({
  set: [{ key: 'CapabilityBoundingSet', value: '~' + caps.map((c) => `CAP_${c}`).join(' ') }],
  breakage: 'may-break',
  caveat: 'a service that needs one of these capabilities will fail with EPERM',
});
const denyCalls = (group: string): CheckFix => ({
  set: [{ key: 'SystemCallFilter', value: `~@${group}` }],
  breakage: 'may-break',
  caveat: `calls in @${group} then fail (the process is killed unless SystemCallErrorNumber= is set)`,
});
const restrictNs = (ns: string): CheckFix => ({
  set: [{ key: 'RestrictNamespaces', value: `~${ns}` }],
  breakage: 'may-break',
  caveat: `the service can no longer create ${ns} namespaces (container tools and sandboxes need them)`,
});
const set = (key: string, value: string, breakage: BreakageClass, caveat?: string): CheckFix => ({ set: [{ key, value }], breakage, ...(caveat ? { caveat } : {}) });

/** Fix per json_field. */
export const CHECK_FIXES: Readonly<Record<string, CheckFix>> = {
  UserOrDynamicUser: set('DynamicUser', 'yes', 'decision', 'the service then runs as a transient user; files it owns must live in StateDirectory=/CacheDirectory=/LogsDirectory='),
  SupplementaryGroups: set('SupplementaryGroups', '', 'free'),
  PrivateDevices: yes('PrivateDevices', 'may-break', 'the service then sees only pseudo devices such as /dev/null'),
  PrivateMounts: yes('PrivateMounts'),
  PrivateNetwork: yes('PrivateNetwork', 'decision', 'the service then has only its own loopback: no network at all'),
  PrivateTmp: yes('PrivateTmp', 'may-break', 'the service then has its own /tmp and /var/tmp, not shared with other services'),
  PrivateUsers: yes('PrivateUsers', 'may-break', 'other users and groups appear as nobody inside the service'),
  ProtectControlGroups: yes('ProtectControlGroups'),
  ProtectKernelModules: yes('ProtectKernelModules'),
  ProtectKernelTunables: yes('ProtectKernelTunables'),
  ProtectKernelLogs: yes('ProtectKernelLogs'),
  ProtectClock: yes('ProtectClock'),
  ProtectHome: yes('ProtectHome', 'may-break', 'the service then cannot read /home, /root or /run/user'),
  ProtectHostname: yes('ProtectHostname'),
  ProtectSystem: set('ProtectSystem', 'strict', 'may-break', 'the whole file system is read-only except paths in ReadWritePaths= and the *Directory= settings'),
  LockPersonality: yes('LockPersonality'),
  MemoryDenyWriteExecute: yes('MemoryDenyWriteExecute', 'may-break', 'breaks JIT runtimes (Node.js, Java, .NET, LuaJIT, PCRE JIT)'),
  NoNewPrivileges: yes('NoNewPrivileges', 'may-break', 'setuid programs such as sudo stop working inside the service'),
  CapabilityBoundingSet_CAP_SYS_ADMIN: dropCaps('SYS_ADMIN'),
  CapabilityBoundingSet_CAP_SET_UID_GID_PCAP: dropCaps('SETUID', 'SETGID', 'SETPCAP'),
  CapabilityBoundingSet_CAP_SYS_PTRACE: dropCaps('SYS_PTRACE'),
  CapabilityBoundingSet_CAP_SYS_TIME: dropCaps('SYS_TIME'),
  CapabilityBoundingSet_CAP_NET_ADMIN: dropCaps('NET_ADMIN'),
  CapabilityBoundingSet_CAP_SYS_RAWIO: dropCaps('SYS_RAWIO'),
  CapabilityBoundingSet_CAP_SYS_MODULE: dropCaps('SYS_MODULE'),
  CapabilityBoundingSet_CAP_AUDIT: dropCaps('AUDIT_CONTROL', 'AUDIT_READ', 'AUDIT_WRITE'),
  CapabilityBoundingSet_CAP_SYSLOG: dropCaps('SYSLOG'),
  CapabilityBoundingSet_CAP_SYS_NICE_RESOURCE: dropCaps('SYS_NICE', 'SYS_RESOURCE'),
  CapabilityBoundingSet_CAP_MKNOD: dropCaps('MKNOD'),
  CapabilityBoundingSet_CAP_CHOWN_FSETID_SETFCAP: dropCaps('CHOWN', 'FSETID', 'SETFCAP'),
  CapabilityBoundingSet_CAP_DAC_FOWNER_IPC_OWNER: dropCaps('DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'IPC_OWNER'),
  CapabilityBoundingSet_CAP_KILL: dropCaps('KILL'),
  'CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)': dropCaps('NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_RAW'),
  CapabilityBoundingSet_CAP_SYS_BOOT: dropCaps('SYS_BOOT'),
  CapabilityBoundingSet_CAP_MAC: dropCaps('MAC_ADMIN', 'MAC_OVERRIDE'),
  CapabilityBoundingSet_CAP_LINUX_IMMUTABLE: dropCaps('LINUX_IMMUTABLE'),
  CapabilityBoundingSet_CAP_IPC_LOCK: dropCaps('IPC_LOCK'),
  CapabilityBoundingSet_CAP_SYS_CHROOT: dropCaps('SYS_CHROOT'),
  CapabilityBoundingSet_CAP_BLOCK_SUSPEND: dropCaps('BLOCK_SUSPEND'),
  CapabilityBoundingSet_CAP_WAKE_ALARM: dropCaps('WAKE_ALARM'),
  CapabilityBoundingSet_CAP_LEASE: dropCaps('LEASE'),
  CapabilityBoundingSet_CAP_SYS_TTY_CONFIG: dropCaps('SYS_TTY_CONFIG'),
  CapabilityBoundingSet_CAP_SYS_PACCT: dropCaps('SYS_PACCT'),
  CapabilityBoundingSet_CAP_BPF: dropCaps('BPF'),
  UMask: set('UMask', '0077', 'may-break', 'files the service creates are then private to its user'),
  KeyringMode: set('KeyringMode', 'private', 'free'),
  ProtectProc: set('ProtectProc', 'invisible', 'free'),
  ProcSubset: set('ProcSubset', 'pid', 'may-break', 'tools that read /proc/meminfo, /proc/cpuinfo or /proc/sys break'),
  NotifyAccess: set('NotifyAccess', 'main', 'free'),
  RemoveIPC: yes('RemoveIPC'),
  Delegate: set('Delegate', 'no', 'free', 'only container managers need cgroup delegation'),
  RestrictRealtime: yes('RestrictRealtime'),
  RestrictSUIDSGID: yes('RestrictSUIDSGID'),
  RestrictNamespaces_user: restrictNs('user'),
  RestrictNamespaces_mnt: restrictNs('mnt'),
  RestrictNamespaces_ipc: restrictNs('ipc'),
  RestrictNamespaces_pid: restrictNs('pid'),
  RestrictNamespaces_cgroup: restrictNs('cgroup'),
  RestrictNamespaces_net: restrictNs('net'),
  RestrictNamespaces_uts: restrictNs('uts'),
  RestrictAddressFamilies_AF_INET_INET6: set('RestrictAddressFamilies', '~AF_INET AF_INET6', 'decision', 'no IP networking at all'),
  RestrictAddressFamilies_AF_UNIX: set('RestrictAddressFamilies', '~AF_UNIX', 'may-break', 'no unix sockets: logging to the journal via syslog() and D-Bus break'),
  RestrictAddressFamilies_AF_NETLINK: set('RestrictAddressFamilies', '~AF_NETLINK', 'may-break', 'no netlink sockets: tools that read network interfaces or routes break'),
  RestrictAddressFamilies_AF_PACKET: set('RestrictAddressFamilies', '~AF_PACKET', 'free'),
  RestrictAddressFamilies_OTHER: set('RestrictAddressFamilies', 'AF_UNIX AF_INET AF_INET6', 'may-break', 'allows only unix and IP sockets; add the families the service really uses'),
  SystemCallArchitectures: set('SystemCallArchitectures', 'native', 'free'),
  SystemCallFilter_swap: denyCalls('swap'),
  SystemCallFilter_obsolete: denyCalls('obsolete'),
  SystemCallFilter_clock: denyCalls('clock'),
  SystemCallFilter_cpu_emulation: denyCalls('cpu-emulation'),
  SystemCallFilter_debug: denyCalls('debug'),
  SystemCallFilter_mount: denyCalls('mount'),
  SystemCallFilter_module: denyCalls('module'),
  SystemCallFilter_raw_io: denyCalls('raw-io'),
  SystemCallFilter_reboot: denyCalls('reboot'),
  SystemCallFilter_privileged: denyCalls('privileged'),
  SystemCallFilter_resources: denyCalls('resources'),
  IPAddressDeny: set('IPAddressDeny', 'any', 'decision', 'then list what the service may reach in IPAddressAllow='),
  DeviceAllow: set('DevicePolicy', 'closed', 'may-break', 'only pseudo devices and the DeviceAllow= entries stay accessible'),
  AmbientCapabilities: set('AmbientCapabilities', '', 'may-break', 'a non-root service that was given capabilities (e.g. CAP_NET_BIND_SERVICE) loses them'),
};

/** Renders a fix as `Key=value` lines. */
export function describeFix(fix: CheckFix): string {
  return fix.set.map((a) => `${a.key}=${a.value}`).join(', ');
}
