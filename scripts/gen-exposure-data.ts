/**
 * Generates lib/exposure/releases/ from the shared spec (assessors.json, syscall-groups/,
 * capabilities.json) plus the per-release parse facts below (each verified with the oracles: the
 * cases under test/exposure/cases exercise them): `base.ts`, what the releases share, and
 * `v<NNN>.ts`, how each release differs from it (releases/release-diff.ts puts them back together).
 *
 *   npx tsx scripts/gen-exposure-data.ts [SPEC_DIR]      (default: ../shared/spec beside the repo)
 *
 * The generated files are committed, so the library never needs the spec at run time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AssessorRule, CheckData, FamilyClass, FlagName, NamespaceType, ParseFlavour, ReleaseData } from '../lib/exposure/release-data';
import type { SystemdRelease } from '../lib/exposure/release';
import { splitReleases } from '../lib/exposure/releases/split-releases';

/** The spec the repository's data comes from by default. */
export const DEFAULT_SPEC_DIR = path.resolve(__dirname, '../../shared/spec');
const OUT_DIR = path.join(__dirname, '../lib/exposure/releases');

interface SpecAssessor {
  name: string;
  json_field: string | null;
  weight: number;
  range: number;
  since_version: string;
  until_version: string | null;
  order: number;
  assess: string;
  default_dependencies_only: boolean;
  reads: string[];
  capabilities?: string[];
  namespace?: string;
  syscall_group?: string;
}

const readJson = <T>(specDir: string, file: string): T => JSON.parse(fs.readFileSync(path.join(specDir, file), 'utf8')) as T;

/** json_field → the flag a plain boolean check reads; Delegate= is the one that is bad when on. */
const FLAGS: Record<string, { flag: FlagName; badWhen: boolean }> = {
  PrivateDevices: { flag: 'privateDevices', badWhen: false },
  PrivateMounts: { flag: 'privateMounts', badWhen: false },
  PrivateNetwork: { flag: 'privateNetwork', badWhen: false },
  PrivateTmp: { flag: 'privateTmp', badWhen: false },
  PrivateUsers: { flag: 'privateUsers', badWhen: false },
  ProtectControlGroups: { flag: 'protectControlGroups', badWhen: false },
  ProtectKernelModules: { flag: 'protectKernelModules', badWhen: false },
  ProtectKernelTunables: { flag: 'protectKernelTunables', badWhen: false },
  ProtectKernelLogs: { flag: 'protectKernelLogs', badWhen: false },
  ProtectClock: { flag: 'protectClock', badWhen: false },
  ProtectHostname: { flag: 'protectHostname', badWhen: false },
  LockPersonality: { flag: 'lockPersonality', badWhen: false },
  MemoryDenyWriteExecute: { flag: 'memoryDenyWriteExecute', badWhen: false },
  NoNewPrivileges: { flag: 'noNewPrivileges', badWhen: false },
  Delegate: { flag: 'delegate', badWhen: true },
  RestrictRealtime: { flag: 'restrictRealtime', badWhen: false },
  RestrictSUIDSGID: { flag: 'restrictSUIDSGID', badWhen: false },
};

const FAMILY_CLASSES: Record<string, FamilyClass> = {
  RestrictAddressFamilies_AF_INET_INET6: 'inet',
  RestrictAddressFamilies_AF_UNIX: 'unix',
  RestrictAddressFamilies_AF_NETLINK: 'netlink',
  RestrictAddressFamilies_AF_PACKET: 'packet',
  RestrictAddressFamilies_OTHER: 'other',
};

function ruleOf(a: SpecAssessor): AssessorRule {
  const field = a.json_field ?? '';
  switch (a.assess) {
    case 'bool': {
      const family = FAMILY_CLASSES[field];
      if (family) return { kind: 'address_family', familyClass: family };
      const flag = FLAGS[field];
      if (!flag) throw new Error(`no flag mapping for boolean check ${field}`);
      return { kind: 'flag', ...flag };
    }
    case 'capability_bounding_set':
      return { kind: 'capability_bounding_set', capabilities: (a.capabilities ?? []).map((c) => c.toLowerCase()) };
    case 'restrict_namespaces':
      return { kind: 'restrict_namespaces', namespace: a.namespace as NamespaceType };
    case 'system_call_filter':
      return { kind: 'system_call_filter', group: a.syscall_group! };
    case 'user': case 'supplementary_groups': case 'remove_ipc': case 'protect_home': case 'protect_system':
    case 'root_directory': case 'umask': case 'keyring_mode': case 'protect_proc': case 'proc_subset':
    case 'notify_access': case 'system_call_architectures': case 'ip_address_allow': case 'device_allow':
    case 'ambient_capabilities':
      return { kind: a.assess } as AssessorRule;
    default:
      throw new Error(`unknown assessor kind '${a.assess}' (${a.name})`);
  }
}

/** Kernel AF_* numbers; every name was checked against all three oracles (case-insensitive lookup). */
const ADDRESS_FAMILIES: Record<string, number> = {
  AF_UNIX: 1, AF_LOCAL: 1, AF_FILE: 1, AF_INET: 2, AF_AX25: 3, AF_IPX: 4, AF_APPLETALK: 5, AF_NETROM: 6,
  AF_BRIDGE: 7, AF_ATMPVC: 8, AF_X25: 9, AF_INET6: 10, AF_ROSE: 11, AF_DECNET: 12, AF_NETBEUI: 13,
  AF_SECURITY: 14, AF_KEY: 15, AF_NETLINK: 16, AF_ROUTE: 16, AF_PACKET: 17, AF_ASH: 18, AF_ECONET: 19,
  AF_ATMSVC: 20, AF_RDS: 21, AF_SNA: 22, AF_IRDA: 23, AF_PPPOX: 24, AF_WANPIPE: 25, AF_LLC: 26, AF_IB: 27,
  AF_MPLS: 28, AF_CAN: 29, AF_TIPC: 30, AF_BLUETOOTH: 31, AF_IUCV: 32, AF_RXRPC: 33, AF_ISDN: 34,
  AF_PHONET: 35, AF_IEEE802154: 36, AF_CAIF: 37, AF_ALG: 38, AF_NFC: 39, AF_VSOCK: 40, AF_KCM: 41,
  AF_QIPCRTR: 42, AF_SMC: 43, AF_XDP: 44, AF_MCTP: 45,
};

/** libseccomp architecture names accepted by SystemCallArchitectures= (plus systemd's `native`). */
const ARCHITECTURES = [
  'native', 'x86', 'x86-64', 'x32', 'arm', 'arm64', 'loongarch64', 'm68k', 'mips', 'mips64', 'mips64-n32',
  'mipsel', 'mipsel64', 'mipsel64-n32', 'parisc', 'parisc64', 'ppc', 'ppc64', 'ppc64-le', 'riscv64', 's390', 's390x',
];

/** API file systems refused as .mount units (probed with each oracle). */
const API_MOUNTS_252 = [
  '/proc', '/sys', '/dev', '/dev/shm', '/dev/pts', '/run', '/run/lock', '/run/host', '/sys/kernel/security',
  '/sys/fs/cgroup', '/sys/fs/cgroup/*', '/sys/fs/pstore', '/sys/firmware/efi/efivars', '/sys/fs/bpf',
  '/sys/fs/selinux', '/sys/fs/smackfs',
];
const API_MOUNTS_257 = API_MOUNTS_252.filter((m) => m !== '/run/lock');

const TYPES_252 = ['simple', 'exec', 'forking', 'oneshot', 'dbus', 'notify', 'idle'];
const TYPES_257 = [...TYPES_252, 'notify-reload'];
const PREFIXES_252 = ['-', '@', ':', '+', '!'];
const PREFIXES_262 = [...PREFIXES_252, '|'];

const SUCCESS_252 = ['exit', 'exit-force', 'poweroff', 'poweroff-force', 'poweroff-immediate', 'reboot', 'reboot-force', 'reboot-immediate'];
const SUCCESS_257 = [...SUCCESS_252, 'halt', 'halt-force', 'halt-immediate', 'kexec', 'kexec-force', 'soft-reboot', 'soft-reboot-force'];

/** Per-release parse behaviour (spec c, d.4; each row verified with the oracles). */
const FLAVOURS: Record<SystemdRelease, ParseFlavour> = {
  '252': {
    templateInstance: 'i', liveTemplateInstance: 'test-instance', privateMounts: 'boolean', privateTmpValues: [], privateUsersValues: [], privateUsersExclusiveValues: [],
    protectControlGroupsValues: [], protectHostnameValues: [], protectHostnameNameSuffix: false,
    protectHostnameEmptyResets: false, dynamicUserPrivateTmp: 'yes', encryptedCredentialDevice: '/dev/tpmrm0',
    imageDirectives: ['RootImage', 'MountImages'], maxCapabilityNumber: 63, capabilityParser: 'complement64', capabilityUnbalancedQuote: 'stop',
    kernelLastCap: 40, addressFamilyUnknownWord: 'skip', userScopeUnprivileged: false,
    userScopeRefusesDynamicUser: false, successActions: SUCCESS_252, successActionsUser: SUCCESS_252, serviceTypes: TYPES_252, execPrefixes: PREFIXES_252,
    policyNonObject: 'ignore', emptyDescriptionOrder: 'glibc-merge', apiMountPoints: API_MOUNTS_252, credentialMountPoint: null,
  },
  '257': {
    templateInstance: 'test_instance', liveTemplateInstance: 'test_instance', privateMounts: 'tristate', privateTmpValues: ['connected', 'disconnected'],
    privateUsersValues: ['self', 'identity'], privateUsersExclusiveValues: [], protectControlGroupsValues: ['private', 'strict'],
    protectHostnameValues: [], protectHostnameNameSuffix: false, protectHostnameEmptyResets: false,
    dynamicUserPrivateTmp: 'disconnected', encryptedCredentialDevice: 'char-tpm',
    imageDirectives: ['RootImage', 'MountImages'], maxCapabilityNumber: 62, capabilityParser: 'complement64', capabilityUnbalancedQuote: 'relax',
    kernelLastCap: 40, addressFamilyUnknownWord: 'skip', userScopeUnprivileged: false,
    userScopeRefusesDynamicUser: true, successActions: SUCCESS_257, successActionsUser: ['exit', 'exit-force'],
    serviceTypes: TYPES_257, execPrefixes: PREFIXES_252,
    policyNonObject: 'ignore', emptyDescriptionOrder: 'glibc-merge', apiMountPoints: API_MOUNTS_257, credentialMountPoint: '/run/credentials',
  },
  '262': {
    templateInstance: 'test_instance', liveTemplateInstance: 'test_instance', privateMounts: 'tristate', privateTmpValues: ['connected', 'disconnected'],
    privateUsersValues: ['self', 'identity', 'full', 'managed'], privateUsersExclusiveValues: ['managed'], protectControlGroupsValues: ['private', 'strict'],
    protectHostnameValues: ['private'], protectHostnameNameSuffix: true, protectHostnameEmptyResets: true,
    dynamicUserPrivateTmp: 'disconnected', encryptedCredentialDevice: null,
    imageDirectives: ['RootImage', 'MountImages', 'RootMStack'], maxCapabilityNumber: 62, capabilityParser: 'known-caps', capabilityUnbalancedQuote: 'relax',
    kernelLastCap: 40, addressFamilyUnknownWord: 'stop', userScopeUnprivileged: true,
    userScopeRefusesDynamicUser: true, successActions: SUCCESS_257, successActionsUser: ['exit', 'exit-force'],
    serviceTypes: TYPES_257, execPrefixes: PREFIXES_262,
    policyNonObject: 'error', emptyDescriptionOrder: 'first', apiMountPoints: API_MOUNTS_257, credentialMountPoint: '/run/credentials',
  },
};

interface SyscallFile {
  systemd: string;
  libseccomp: string;
  groups: Record<string, string[]>;
  x86_64_resolvable: string[];
  assessed_groups_effective: Record<string, string[]>;
}

function inRelease(a: SpecAssessor, release: number): boolean {
  return Number(a.since_version) <= release && (a.until_version === null || release <= Number(a.until_version));
}

function generate(specDir: string, release: SystemdRelease): ReleaseData {
  const spec = readJson<{ assessors: SpecAssessor[] }>(specDir, 'assessors.json');
  const syscalls = readJson<SyscallFile>(specDir, `syscall-groups/v${release}.json`);
  const caps = readJson<Record<string, Record<string, number>>>(specDir, 'capabilities.json')[release]!;
  const checks: CheckData[] = spec.assessors
    .filter((a) => inRelease(a, Number(release)))
    .sort((a, b) => a.order - b.order)
    .map((a) => ({
      order: a.order, name: a.name, jsonField: a.json_field!, weight: a.weight, range: a.range,
      defaultDependenciesOnly: a.default_dependencies_only,
      reads: a.reads.filter((r) => r !== 'DefaultDependencies'), rule: ruleOf(a),
    }));
  checks.forEach((c, i) => {
    if (c.order !== i) throw new Error(`release ${release}: table order has a gap at ${i}`);
  });
  return {
    release,
    systemdVersion: syscalls.systemd,
    checks,
    parse: FLAVOURS[release],
    syscalls: {
      libseccomp: syscalls.libseccomp,
      groups: syscalls.groups,
      resolvable: syscalls.x86_64_resolvable,
      assessedGroups: syscalls.assessed_groups_effective,
    },
    capabilities: caps,
    addressFamilies: ADDRESS_FAMILIES,
    architectures: ARCHITECTURES,
  };
}

/** The full data of every release with a parse flavour, oldest first, computed from the spec. */
export function generateReleases(specDir: string = DEFAULT_SPEC_DIR): ReleaseData[] {
  const releases = (Object.keys(FLAVOURS) as SystemdRelease[]).sort((a, b) => Number(a) - Number(b));
  return releases.map((release) => generate(specDir, release));
}

const HEADER = '// Generated by scripts/gen-exposure-data.ts from the shared spec — do not edit.\n';

/** The text of every generated file (`base.ts`, `v<NNN>.ts`) by file name, in writing order. */
export function renderReleaseFiles(releases: readonly ReleaseData[]): Map<string, string> {
  const { base, diffs } = splitReleases(releases);
  const files = new Map<string, string>();
  files.set(
    'base.ts',
    HEADER +
      `import type { ReleaseBase } from './release-diff';\n\n` +
      `/** What the releases' scoring data shares (per item, the value most releases have; ties: the newest's). */\n` +
      `export const RELEASE_BASE: ReleaseBase = ${JSON.stringify(base, null, 1)};\n`,
  );
  diffs.forEach((diff, i) => {
    const data = releases[i]!;
    files.set(
      `v${data.release}.ts`,
      HEADER +
        `import type { ReleaseDiff } from './release-diff';\n\n` +
        `/** How the scoring data of systemd ${data.release} (${data.systemdVersion}, libseccomp ${data.syscalls.libseccomp}) differs from base.ts. */\n` +
        `export const RELEASE_${data.release}_DIFF: ReleaseDiff = ${JSON.stringify(diff, null, 1)};\n`,
    );
  });
  return files;
}

function main(): void {
  const specDir = path.resolve(process.argv[2] ?? DEFAULT_SPEC_DIR);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, text] of renderReleaseFiles(generateReleases(specDir))) {
    fs.writeFileSync(path.join(OUT_DIR, name), text);
    process.stdout.write(`wrote releases/${name} (${Buffer.byteLength(text)} bytes)\n`);
  }
}

if (require.main === module) main();
