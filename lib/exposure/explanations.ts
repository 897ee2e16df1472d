/**
 * Our own words for every check: a one-line description for each outcome (good, bad, not
 * applicable), why the setting matters, what to change, and the man page. Keyed by json_field;
 * capability, namespace, address-family and syscall-group checks are generated from their parameter.
 */
import type { AssessorRule, CheckData } from './release-data';

/** The texts of one check. */
export interface Explanation {
  readonly good: string;
  readonly bad: string;
  readonly na: string;
  readonly why: string;
  readonly fix: string;
  readonly man: string;
}

const MAN = 'https://www.freedesktop.org/software/systemd/man/latest/';
const exec = (d: string): string => `${MAN}systemd.exec.html#${d}=`;
const resource = (d: string): string => `${MAN}systemd.resource-control.html#${d}=`;

type Texts = Omit<Explanation, 'man' | 'na'> & { na?: string; man?: string };

/** Hand-written texts per json_field; `man` defaults to systemd.exec(5) for the field's directive. */
const FIXED: Record<string, Texts> = {
  UserOrDynamicUser: {
    good: 'Runs under its own unprivileged user',
    bad: 'Runs as root or as the shared nobody user',
    why: 'A process running as root can undo every other restriction; the nobody user is shared by unrelated programs, so files it owns are not private.',
    fix: 'Set DynamicUser=yes, or User= to a dedicated system user.',
    man: exec('User'),
  },
  SupplementaryGroups: {
    good: 'Has no extra groups',
    bad: 'Joins extra groups that widen its file access',
    na: 'Irrelevant while the service runs as root',
    why: 'Each supplementary group grants access to whatever files that group may read or write.',
    fix: 'Remove SupplementaryGroups= or list only the groups the service needs.',
  },
  PrivateDevices: {
    good: 'Sees only pseudo devices in /dev',
    bad: 'Can see and open the physical devices in /dev',
    why: 'Raw device nodes give direct access to disks, memory and hardware.',
    fix: 'Set PrivateDevices=yes unless the service drives hardware.',
  },
  PrivateMounts: {
    good: 'Mount changes stay in its own mount namespace',
    bad: 'Shares the host mount namespace',
    why: 'Without a private mount namespace, mounts made by the service propagate to the host and back.',
    fix: 'Set PrivateMounts=yes (or rely on settings that imply it and do not set PrivateMounts=no).',
  },
  PrivateNetwork: {
    good: 'Has no network access (loopback only)',
    bad: 'Can use the host network',
    why: 'Network access is the main channel for remote attacks and data exfiltration.',
    fix: 'Set PrivateNetwork=yes if the service needs no network, or restrict it with IPAddressDeny=/IPAddressAllow=.',
  },
  PrivateTmp: {
    good: 'Has its own /tmp and /var/tmp',
    bad: 'Shares /tmp and /var/tmp with other processes',
    na: 'Not assessed because DefaultDependencies=no',
    why: 'A shared /tmp enables symlink races and leaks temporary files between services.',
    fix: 'Set PrivateTmp=yes.',
  },
  PrivateUsers: {
    good: 'Runs in its own user namespace',
    bad: 'Sees the host user and group database',
    why: 'A private user namespace maps away all host users except root and the service user.',
    fix: 'Set PrivateUsers=yes (or self/identity where supported).',
  },
  ProtectControlGroups: {
    good: 'Cannot modify the control group tree',
    bad: 'Can write to the control group hierarchy',
    why: 'Writable cgroups let a process change resource limits and escape accounting.',
    fix: 'Set ProtectControlGroups=yes.',
  },
  ProtectKernelModules: {
    good: 'Cannot load kernel modules',
    bad: 'Can load or unload kernel modules',
    why: 'Loading a module runs arbitrary code in the kernel.',
    fix: 'Set ProtectKernelModules=yes.',
  },
  ProtectKernelTunables: {
    good: 'Kernel tunables are read-only',
    bad: 'Can change kernel tunables in /proc/sys and /sys',
    why: 'Kernel tunables change system-wide behaviour, including security switches.',
    fix: 'Set ProtectKernelTunables=yes.',
  },
  ProtectKernelLogs: {
    good: 'Cannot read or write the kernel log',
    bad: 'Can access the kernel log buffer',
    why: 'The kernel log reveals addresses and events useful for attacks and can be spammed.',
    fix: 'Set ProtectKernelLogs=yes.',
  },
  ProtectClock: {
    good: 'Cannot change the system clock',
    bad: 'Can change the system or hardware clock',
    why: 'Changing time breaks certificate checks, logs and timers.',
    fix: 'Set ProtectClock=yes.',
  },
  ProtectHome: {
    good: 'Home directories are hidden',
    bad: 'Can access home directories',
    na: 'Not assessed because DefaultDependencies=no',
    why: 'Home directories hold user secrets such as keys and browser data.',
    fix: 'Set ProtectHome=yes (read-only or tmpfs are partial protection).',
  },
  ProtectHostname: {
    good: 'Cannot change the host name',
    bad: 'Can change the host name',
    why: 'The host name is shared system state that other services rely on.',
    fix: 'Set ProtectHostname=yes.',
  },
  ProtectSystem: {
    good: 'The whole file system hierarchy is read-only',
    bad: 'Can write to system directories',
    na: 'Not assessed because DefaultDependencies=no',
    why: 'Writable /usr, /boot or /etc lets a compromised service persist or tamper with the system.',
    fix: 'Set ProtectSystem=strict and list writable paths with ReadWritePaths= or StateDirectory=.',
  },
  RootDirectoryOrRootImage: {
    good: 'Runs in its own root file system',
    bad: 'Runs in the host root file system',
    na: 'Not assessed because DefaultDependencies=no',
    why: 'A separate root directory or image confines everything the service can see on disk.',
    fix: 'Set RootDirectory= or RootImage= if the service can run from its own tree.',
  },
  LockPersonality: {
    good: 'Execution domain is locked',
    bad: 'Can change its execution domain (personality)',
    why: 'Switching personality can enable legacy behaviours with weaker protections.',
    fix: 'Set LockPersonality=yes.',
  },
  MemoryDenyWriteExecute: {
    good: 'Cannot create writable and executable memory',
    bad: 'Can create memory that is both writable and executable',
    why: 'Writable executable memory is the basis of most code-injection exploits.',
    fix: 'Set MemoryDenyWriteExecute=yes unless the program uses a JIT compiler.',
  },
  NoNewPrivileges: {
    good: 'Cannot gain privileges through setuid programs',
    bad: 'Can gain privileges by executing setuid or file-capability programs',
    why: 'setuid binaries and file capabilities are a classic way to escalate privileges.',
    fix: 'Set NoNewPrivileges=yes.',
  },
  UMask: {
    good: 'New files are private to the service user',
    bad: 'New files are readable or writable by others',
    why: 'A loose umask makes newly created files accessible to other users.',
    fix: 'Set UMask=0077 (or 0027 if the group needs read access).',
  },
  KeyringMode: {
    good: 'Has its own kernel keyring',
    bad: 'Shares a kernel keyring with other processes',
    why: 'Keys in a shared session keyring can be read by other processes of the same user.',
    fix: 'Set KeyringMode=private.',
  },
  ProtectProc: {
    good: 'Cannot see other users\u2019 processes in /proc',
    bad: 'Can inspect every process in /proc',
    why: 'Process details in /proc leak command lines, environments and memory maps.',
    fix: 'Set ProtectProc=invisible.',
  },
  ProcSubset: {
    good: 'Sees only process entries in /proc',
    bad: 'Sees all of /proc, including kernel and system information',
    why: 'Non-process files in /proc expose system configuration and kernel internals.',
    fix: 'Set ProcSubset=pid.',
  },
  NotifyAccess: {
    good: 'Only the main process may send status notifications',
    bad: 'Any of its processes may send status notifications',
    why: 'Child processes able to notify the manager can fake readiness or status.',
    fix: 'Set NotifyAccess=main (or remove NotifyAccess=all).',
    man: `${MAN}systemd.service.html#NotifyAccess=`,
  },
  RemoveIPC: {
    good: 'Its IPC objects are removed when it stops',
    bad: 'May leave IPC objects behind after it stops',
    na: 'Irrelevant while the service runs as root',
    why: 'Left-over System V and POSIX IPC objects can be picked up by later processes.',
    fix: 'Set RemoveIPC=yes.',
  },
  Delegate: {
    good: 'Does not manage its own control groups',
    bad: 'Manages its own control group subtree',
    why: 'Delegation hands cgroup management to the service, outside the manager\u2019s control.',
    fix: 'Remove Delegate= unless the service is a container or cgroup manager.',
    man: resource('Delegate'),
  },
  RestrictRealtime: {
    good: 'Cannot use realtime scheduling',
    bad: 'Can acquire realtime scheduling',
    why: 'Realtime scheduling can starve the rest of the system.',
    fix: 'Set RestrictRealtime=yes.',
  },
  RestrictSUIDSGID: {
    good: 'Cannot create setuid or setgid files',
    bad: 'Can create setuid or setgid files',
    why: 'Creating setuid files is a way to leave a privilege-escalation backdoor.',
    fix: 'Set RestrictSUIDSGID=yes.',
  },
  SystemCallArchitectures: {
    good: 'Only native system calls are allowed',
    bad: 'System calls of other architectures are allowed',
    why: 'Foreign ABIs (such as 32-bit x86) bypass filters written for the native ABI.',
    fix: 'Set SystemCallArchitectures=native.',
  },
  IPAddressDeny: {
    good: 'All IP traffic is denied except what is explicitly allowed',
    bad: 'IP traffic is not restricted to an allow list',
    why: 'A deny-by-default IP policy limits whom a compromised service can talk to.',
    fix: 'Set IPAddressDeny=any and list needed peers in IPAddressAllow= (localhost ideally).',
    man: resource('IPAddressDeny'),
  },
  DeviceAllow: {
    good: 'No device nodes may be accessed',
    bad: 'Device access is not (fully) restricted',
    why: 'The device policy decides which device nodes the service may open.',
    fix: 'Set DevicePolicy=closed (or PrivateDevices=yes) and keep DeviceAllow= minimal.',
    man: resource('DeviceAllow'),
  },
  AmbientCapabilities: {
    good: 'Gets no ambient capabilities',
    bad: 'Keeps capabilities in its ambient set',
    why: 'Ambient capabilities are passed to every program the service runs, even unprivileged ones.',
    fix: 'Remove AmbientCapabilities= or keep only what a non-root service really needs.',
  },
};

function generated(rule: AssessorRule, check: CheckData): Texts | undefined {
  switch (rule.kind) {
    case 'capability_bounding_set': {
      const caps = rule.capabilities.map((c) => c.toUpperCase()).join(', ');
      return {
        good: `Cannot use ${caps}`,
        bad: `May use ${caps}`,
        why: `Capabilities split root's powers; ${caps} in the bounding set can be regained by the service.`,
        fix: `Remove ${caps} from CapabilityBoundingSet= (for example CapabilityBoundingSet=~${rule.capabilities.map((c) => c.toUpperCase()).join(' ')}).`,
        man: exec('CapabilityBoundingSet'),
      };
    }
    case 'restrict_namespaces':
      return {
        good: `Cannot create ${rule.namespace} namespaces`,
        bad: `Can create ${rule.namespace} namespaces`,
        why: 'New namespaces expose kernel code paths that are a frequent source of privilege escalations.',
        fix: `Set RestrictNamespaces=yes, or remove ${rule.namespace} from the allowed list.`,
        man: exec('RestrictNamespaces'),
      };
    case 'address_family': {
      const what = { inet: 'Internet (IPv4/IPv6)', unix: 'local (AF_UNIX)', netlink: 'netlink', packet: 'raw packet', other: 'exotic' }[rule.familyClass];
      return {
        good: `Cannot open ${what} sockets`,
        bad: `Can open ${what} sockets`,
        why: 'Every socket family the service may open is kernel attack surface and a communication channel.',
        fix: 'List only the needed families in RestrictAddressFamilies= (for example AF_UNIX AF_INET AF_INET6).',
        man: exec('RestrictAddressFamilies'),
      };
    }
    case 'system_call_filter':
      return {
        good: `System calls of ${rule.group} are blocked`,
        bad: `System calls of ${rule.group} are not blocked`,
        why: `The ${rule.group} system calls are rarely needed by services and dangerous when abused.`,
        fix: `Use SystemCallFilter=@system-service and add SystemCallFilter=~${rule.group}.`,
        man: exec('SystemCallFilter'),
      };
    default:
      return FIXED[check.jsonField];
  }
}

/** Texts built once per check object (release tables are constant); frozen because they are shared. */
const CACHE = new WeakMap<CheckData, Explanation>();

/** The texts of a check (falls back to a generic text for checks a future release adds). */
export function explanationOf(check: CheckData): Explanation {
  let texts = CACHE.get(check);
  if (texts === undefined) {
    texts = Object.freeze(buildExplanation(check));
    CACHE.set(check, texts);
  }
  return texts;
}

function buildExplanation(check: CheckData): Explanation {
  const t = generated(check.rule, check);
  const directive = check.name.replace(/=.*$/, '');
  return {
    good: t?.good ?? `${check.name} is restrictive`,
    bad: t?.bad ?? `${check.name} is not restrictive`,
    na: t?.na ?? 'Not applicable to this unit',
    why: t?.why ?? `See the documentation of ${check.name}.`,
    fix: t?.fix ?? `Review ${check.name}.`,
    man: t?.man ?? exec(directive),
  };
}
