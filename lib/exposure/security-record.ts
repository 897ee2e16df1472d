/**
 * From a merged unit document to the record the checks read — what systemd's loader and the
 * analyser's copy step produce: each directive parsed with the release's own rules (invalid values
 * ignored, empty assignments resetting or ignored, order kept), then the load-time implications
 * (DynamicUser=, capability drops, device policy). Units systemd refuses raise UnitLoadError.
 */
import type { UnitDocument } from '../unit/model';
import { indexDocument } from './document-index';
import { DirectiveReader, fold, lastWord } from './directive-reader';
import { dropFatalDropInLines, ExecLines } from './fatal-settings';
import { parseUnitName, type UnitName, type UnitType } from '../unit/unit-name';
import { UnitLoadError } from './errors';
import { verifyUnitLoads } from './load-checks';
import { FLAG_NAMES, flagBit, type FlagName, type ReleaseData } from './release-data';
import { applyAddressFamilies, unrestrictedFamilies, type AddressFamilies } from './settings/address-families';
import { applyCapabilityAssignment, capabilityStart } from './settings/capabilities';
import { applyPrefixes, type IpPrefix } from './settings/ip-prefixes';
import { applyNamespaces, unrestrictedNamespaces, type Namespaces } from './settings/namespaces';
import { applySyscallFilter, emptySyscallFilter, type SyscallFilter } from './settings/syscall-filter';
import { dynamicUserName, userNameProblem } from './settings/user-name';
import { extractWords, parseBoolean, simplifyPath } from './settings/words';

/** Manager scope of the analysis. */
export type Scope = 'system' | 'user';

/** Everything the checks read, after parsing and implications. */
export interface SecurityRecord {
  readonly unit: string;
  readonly type: UnitType;
  readonly scope: Scope;
  readonly hasExecContext: boolean;
  readonly defaultDependencies: boolean;
  readonly user: string | undefined;
  readonly dynamicUser: boolean;
  readonly supplementaryGroups: readonly string[];
  readonly flags: Readonly<Record<FlagName, boolean>>;
  /** `flags` as bits (see flagBit): what the checks test, without a keyed look-up per check. */
  readonly flagBits: number;
  readonly privateMountsSetting: boolean | undefined;
  readonly protectHome: 'no' | 'yes' | 'read-only' | 'tmpfs' | undefined;
  readonly protectSystem: 'no' | 'yes' | 'full' | 'strict' | undefined;
  readonly rootDirectory: string | undefined;
  readonly rootImage: string | undefined;
  readonly capabilityBoundingSet: bigint;
  /** The bounding set's bits 0–31 and 32–63 as 32-bit integers (what the checks test). */
  readonly capabilityBoundingSetLow: number;
  readonly capabilityBoundingSetHigh: number;
  readonly ambientCapabilities: bigint;
  readonly umask: number;
  readonly keyringMode: 'inherit' | 'private' | 'shared' | undefined;
  readonly protectProc: 'default' | 'noaccess' | 'invisible' | 'ptraceable' | undefined;
  readonly procSubset: 'all' | 'pid' | undefined;
  readonly notifyAccess: 'none' | 'main' | 'exec' | 'all' | undefined;
  readonly removeIPC: boolean;
  readonly namespaces: Namespaces;
  readonly addressFamilies: AddressFamilies;
  readonly architectures: ReadonlySet<string>;
  readonly syscallFilter: SyscallFilter;
  readonly ipDeny: readonly IpPrefix[];
  readonly ipAllow: readonly IpPrefix[];
  readonly ipFilterPaths: boolean;
  readonly devicePolicy: 'auto' | 'closed' | 'strict';
  readonly deviceAllow: readonly string[];
}

const EXEC_SECTIONS: Partial<Record<UnitType, string>> = { service: 'Service', socket: 'Socket', mount: 'Mount', swap: 'Swap' };
const CGROUP_SECTIONS: Partial<Record<UnitType, string>> = { ...EXEC_SECTIONS, slice: 'Slice', scope: 'Scope' };
const DELEGATING: readonly UnitType[] = ['service', 'scope'];

function validHostname(s: string): boolean {
  return s.length > 0 && s.length <= 64 && /^[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)*\.?$/.test(s);
}

/** ProtectHostname= per release (spec d.4): boolean, `private`, optional `:NAME` (262). */
function protectHostnameStep(data: ReleaseData) {
  const p = data.parse;
  return (v: string): boolean | undefined => {
    if (v === '') return p.protectHostnameEmptyResets ? false : undefined;
    let word = v;
    let hasName = false;
    const colon = v.indexOf(':');
    if (p.protectHostnameNameSuffix && colon >= 0) {
      if (!validHostname(v.slice(colon + 1))) return undefined;
      word = v.slice(0, colon);
      hasName = true;
    }
    const on = parseBoolean(word) ?? (p.protectHostnameValues.includes(word) ? true : undefined);
    if (on === undefined || (on === false && hasName)) return undefined;
    return on;
  };
}

/** MountImages=: one valid `[-]SOURCE:DEST[:OPTIONS]` entry (both absolute) makes it count. */
function mountImagesValid(value: string, expand: (v: string) => string | undefined): boolean {
  const words = extractWords(value, true);
  return words.words.some((w) => {
    const [source, dest] = w.split(':');
    const src = source === undefined ? undefined : expand(source.replace(/^-/, ''));
    const dst = dest === undefined ? undefined : expand(dest);
    return src?.startsWith('/') === true && dst?.startsWith('/') === true;
  });
}

const HOME_WORDS = ['read-only', 'tmpfs'] as const;
const SYSTEM_WORDS = ['full', 'strict'] as const;
const YES_NO = { yes: 'yes', no: 'no' } as const;
const KEYRING_WORDS = ['inherit', 'private', 'shared'] as const;
const PROC_WORDS = ['default', 'noaccess', 'invisible', 'ptraceable'] as const;
const SUBSET_WORDS = ['all', 'pid'] as const;
const NOTIFY_WORDS = ['none', 'main', 'exec', 'all'] as const;
const DEVICE_POLICY_WORDS = ['auto', 'closed', 'strict'] as const;

/** Bit of each flag (FLAG_NAMES order). */
const BIT = Object.fromEntries(FLAG_NAMES.map((f) => [f, flagBit(f)])) as Readonly<Record<FlagName, number>>;

/** `flags` as bits, with named reads (a loop over names would be a keyed look-up per flag). */
function bitsOf(f: Readonly<Record<FlagName, boolean>>): number {
  return (
    (f.privateDevices ? BIT.privateDevices : 0) | (f.privateMounts ? BIT.privateMounts : 0) |
    (f.privateNetwork ? BIT.privateNetwork : 0) | (f.privateTmp ? BIT.privateTmp : 0) |
    (f.privateUsers ? BIT.privateUsers : 0) | (f.protectControlGroups ? BIT.protectControlGroups : 0) |
    (f.protectKernelModules ? BIT.protectKernelModules : 0) | (f.protectKernelTunables ? BIT.protectKernelTunables : 0) |
    (f.protectKernelLogs ? BIT.protectKernelLogs : 0) | (f.protectClock ? BIT.protectClock : 0) |
    (f.protectHostname ? BIT.protectHostname : 0) | (f.lockPersonality ? BIT.lockPersonality : 0) |
    (f.memoryDenyWriteExecute ? BIT.memoryDenyWriteExecute : 0) | (f.noNewPrivileges ? BIT.noNewPrivileges : 0) |
    (f.delegate ? BIT.delegate : 0) | (f.restrictRealtime ? BIT.restrictRealtime : 0) |
    (f.restrictSUIDSGID ? BIT.restrictSUIDSGID : 0)
  );
}

/** The device node of a DeviceAllow= value systemd accepts, or undefined for a line it ignores. */
function deviceAllowNode(value: string, rd: DirectiveReader): string | undefined {
  const words = extractWords(value, true);
  if (!words.ok || words.words.length === 0) return undefined;
  const [rawNode, perms = ''] = words.words;
  if (!/^[rwm]*$/.test(perms)) return undefined;
  const node = rd.expandOrSkip(rawNode!); // an unknown specifier drops the line
  if (node === undefined) return undefined;
  if (node.startsWith('char-') || node.startsWith('block-')) return node;
  // A device node path must be normalized and lie in /dev (or systemd's inaccessible nodes).
  const nodePath = simplifyPath(node);
  const okPath =
    !nodePath.split('/').includes('..') &&
    (nodePath === '/dev' || nodePath.startsWith('/dev/') || nodePath.startsWith('/run/systemd/inaccessible/'));
  return okPath ? node : undefined;
}

/** Inputs of {@link buildSecurityRecord}. */
export interface RecordInput {
  /** The unit name as analysed (a template already instantiated). */
  readonly unit: string;
  /** `unit` taken apart, when the caller already validated it (else it is parsed here). */
  readonly parsedName?: UnitName;
  readonly document: UnitDocument;
  readonly data: ReleaseData;
  readonly scope: Scope;
}

/** Parses the unit like systemd's loader; throws {@link UnitLoadError} when systemd refuses it. */
export function buildSecurityRecord(input: RecordInput): SecurityRecord {
  const { unit, data, scope } = input;
  const name = input.parsedName ?? parseUnitName(unit);
  const type = name.type;
  const p = data.parse;
  const execSection = EXEC_SECTIONS[type];
  const execLines = new ExecLines(unit, data);
  const document = execSection ? dropFatalDropInLines(input.document, execSection, unit, execLines) : input.document;
  const index = indexDocument(document);
  const rd = new DirectiveReader(index, execSection, CGROUP_SECTIONS[type], unit, scope);

  // The root slice and root mount are perpetual units without default dependencies.
  const perpetual = unit === '-.slice' || unit === '-.mount';
  const defaultDependencies = !perpetual && fold(index.values('Unit', 'DefaultDependencies'), true, (v) => parseBoolean(v));
  const hasExecContext = execSection !== undefined;

  verifyUnitLoads(unit, type, document, data, scope, index, execLines);

  // Identity.
  let user = rd.userOrGroup('User');
  rd.userOrGroup('Group');
  const dynamicUser = fold(rd.exec('DynamicUser'), false, (v) => {
    const b = parseBoolean(v);
    if (b === undefined) rd.fail(`DynamicUser=${v}: not a boolean (use yes or no)`);
    return b;
  });
  const supplementaryGroups = fold<string[]>(rd.exec('SupplementaryGroups'), [], (v, acc) => {
    if (v === '') return [];
    const words = extractWords(v, false);
    if (!words.ok) return undefined;
    const groups = words.words.map((w) => rd.expand('SupplementaryGroups', w));
    for (const g of groups) {
      const problem = userNameProblem(g);
      if (problem) rd.fail(`SupplementaryGroups=${v}: invalid group name '${g}' (${problem})`);
    }
    return [...acc, ...groups];
  });

  // Plain and extended booleans.
  const flags: Record<FlagName, boolean> = {
    privateDevices: rd.bool('PrivateDevices'),
    privateMounts: false,
    privateNetwork: rd.bool('PrivateNetwork'),
    privateTmp: rd.boolOrWords('PrivateTmp', p.privateTmpValues),
    privateUsers: rd.boolOrWords('PrivateUsers', p.privateUsersValues),
    protectControlGroups: rd.boolOrWords('ProtectControlGroups', p.protectControlGroupsValues),
    protectKernelModules: rd.bool('ProtectKernelModules'),
    protectKernelTunables: rd.bool('ProtectKernelTunables'),
    protectKernelLogs: rd.bool('ProtectKernelLogs'),
    protectClock: rd.bool('ProtectClock'),
    protectHostname: fold(rd.exec('ProtectHostname'), false, protectHostnameStep(data)),
    lockPersonality: rd.bool('LockPersonality'),
    memoryDenyWriteExecute: rd.bool('MemoryDenyWriteExecute'),
    noNewPrivileges: rd.bool('NoNewPrivileges'),
    delegate: DELEGATING.includes(type)
      ? fold(rd.cgroup('Delegate'), false, (v) => (v === '' ? true : parseBoolean(v) ?? true))
      : false,
    restrictRealtime: rd.bool('RestrictRealtime'),
    restrictSUIDSGID: rd.bool('RestrictSUIDSGID'),
  };
  // 252: a plain boolean; 257+: a tri-state where an empty assignment returns to "unset".
  let privateMounts: boolean | undefined = p.privateMounts === 'tristate' ? undefined : false;
  for (const v of rd.exec('PrivateMounts')) {
    if (v === '' && p.privateMounts === 'tristate') privateMounts = undefined;
    else privateMounts = parseBoolean(v) ?? privateMounts;
  }
  flags.privateMounts = hasExecContext && (p.privateMounts === 'tristate' ? privateMounts !== false : privateMounts === true);

  let protectHome = hasExecContext
    ? rd.word<NonNullable<SecurityRecord['protectHome']>>('ProtectHome', HOME_WORDS, 'no', YES_NO)
    : undefined;
  let protectSystem = hasExecContext
    ? rd.word<NonNullable<SecurityRecord['protectSystem']>>('ProtectSystem', SYSTEM_WORDS, 'no', YES_NO)
    : undefined;
  const rootDirectory = rd.path('RootDirectory');
  const rootImage = rd.path('RootImage');

  let capabilityBoundingSet = hasExecContext
    ? fold(rd.exec('CapabilityBoundingSet'), capabilityStart('bounding', data), (v, acc) => applyCapabilityAssignment(acc, v, 'bounding', data))
    : capabilityStart('bounding', data);
  const ambientCapabilities = fold(rd.exec('AmbientCapabilities'), 0n, (v, acc) => applyCapabilityAssignment(acc, v, 'ambient', data));

  const umask = hasExecContext
    ? fold(rd.exec('UMask'), 0o022, (v) => (/^[0-7]+$/.test(v) && parseInt(v, 8) <= 0o7777 ? parseInt(v, 8) : undefined))
    : 0o002;
  const defaultKeyring = scope === 'user' ? 'inherit' : type === 'service' ? 'private' : 'shared';
  const keyringMode = hasExecContext
    ? rd.word('KeyringMode', KEYRING_WORDS, defaultKeyring)
    : undefined;
  const protectProc = hasExecContext
    ? rd.word<NonNullable<SecurityRecord['protectProc']>>('ProtectProc', PROC_WORDS, 'default')
    : undefined;
  const procSubset = hasExecContext ? rd.word<NonNullable<SecurityRecord['procSubset']>>('ProcSubset', SUBSET_WORDS, 'all') : undefined;
  const notifyAccess =
    type === 'service' ? rd.word<NonNullable<SecurityRecord['notifyAccess']>>('NotifyAccess', NOTIFY_WORDS, 'none') : undefined;
  let removeIPC = rd.bool('RemoveIPC');

  const namespaces = unrestrictedNamespaces();
  rd.exec('RestrictNamespaces').forEach((v) => applyNamespaces(namespaces, v));
  const addressFamilies = unrestrictedFamilies();
  rd.exec('RestrictAddressFamilies').forEach((v) => applyAddressFamilies(addressFamilies, v, data));
  const architectures = fold<Set<string>>(rd.exec('SystemCallArchitectures'), new Set(), (v, acc) => {
    if (v === '') return new Set();
    const words = extractWords(v, true);
    if (!words.ok) return undefined;
    return new Set([...acc, ...words.words.filter((w) => data.architectures.includes(w))]);
  });
  const syscallFilter = emptySyscallFilter();
  rd.exec('SystemCallFilter').forEach((v) => applySyscallFilter(syscallFilter, v, data));

  const ipDeny = fold<IpPrefix[]>(rd.cgroup('IPAddressDeny'), [], (v, acc) => applyPrefixes(acc, v));
  const ipAllow = fold<IpPrefix[]>(rd.cgroup('IPAddressAllow'), [], (v, acc) => applyPrefixes(acc, v));
  const ipFilterPaths = rd.filterPaths('IPIngressFilterPath') + rd.filterPaths('IPEgressFilterPath') > 0;

  let devicePolicy = lastWord<SecurityRecord['devicePolicy']>(rd.cgroup('DevicePolicy'), DEVICE_POLICY_WORDS, 'auto');
  const deviceAllow: string[] = [];
  for (const v of rd.cgroup('DeviceAllow')) {
    if (v === '') deviceAllow.length = 0;
    else {
      const node = deviceAllowNode(v, rd);
      if (node !== undefined) deviceAllow.push(node);
    }
  }

  // PrivateUsers=managed (262) cannot be combined with an explicit identity.
  const privateUsersWord = fold(rd.exec('PrivateUsers'), 'no', (v) => {
    const b = parseBoolean(v);
    return b !== undefined ? (b ? 'yes' : 'no') : p.privateUsersValues.includes(v) ? v : undefined;
  });
  if (p.privateUsersExclusiveValues.includes(privateUsersWord)) {
    const group = fold(rd.exec('Group'), '', (v) => v);
    const pam = fold(rd.exec('PAMName'), '', (v) => v);
    if (user !== undefined || dynamicUser || group !== '' || pam !== '') {
      rd.fail(`PrivateUsers=${privateUsersWord} may not be used in combination with User=/DynamicUser=/Group=/PAMName=. Refusing.`);
    }
  }

  // Load-time implications (spec c.1, c.2, c.10).
  if (hasExecContext && dynamicUser) {
    if (scope === 'user' && p.userScopeRefusesDynamicUser) rd.fail('DynamicUser=yes is not supported in --user scope');
    if (user === undefined) user = dynamicUserName(name.prefix);
    flags.privateTmp = true;
    removeIPC = true;
    protectSystem = 'strict';
    flags.noNewPrivileges = true;
    flags.restrictSUIDSGID = true;
    if (protectHome === 'no') protectHome = 'read-only';
  }
  if (hasExecContext) {
    const drop = (...caps: string[]): void => {
      for (const c of caps) capabilityBoundingSet &= ~(1n << BigInt(data.capabilities[c]!));
    };
    if (flags.privateDevices) drop('cap_mknod', 'cap_sys_rawio');
    if (flags.protectKernelModules) drop('cap_sys_module');
    if (flags.protectKernelLogs) drop('cap_syslog');
    if (flags.protectClock) drop('cap_sys_time', 'cap_wake_alarm');
    if (flags.privateDevices && devicePolicy === 'auto') devicePolicy = 'closed';
    const addDevices = (...entries: string[]): void => {
      if (devicePolicy !== 'auto' || deviceAllow.length > 0) deviceAllow.push(...entries);
    };
    const usesImages = p.imageDirectives.some((d) =>
      fold(rd.exec(d), false, (v) => (v === '' ? false : d === 'MountImages' ? mountImagesValid(v, (x) => rd.expandOrSkip(x)) || undefined : true)),
    );
    if (usesImages) addDevices('/dev/loop-control', '/dev/mapper/control', 'block-loop', 'block-blkext', 'block-device-mapper');
    if (flags.protectClock) addDevices('char-rtc');
    // LoadCredentialEncrypted=ID[:PATH] counts only with a valid credential ID.
    const loadEncrypted = fold(rd.exec('LoadCredentialEncrypted'), false, (v) => {
      if (v === '') return false;
      const id = rd.expandOrSkip(v.split(':')[0]!);
      return id !== undefined && id !== '' && id !== '.' && id !== '..' && !id.includes('/') ? true : undefined;
    });
    // SetCredentialEncrypted=ID:DATA only counts when DATA is valid base64 (else the line is ignored).
    const setEncrypted = fold(rd.exec('SetCredentialEncrypted'), false, (v) => {
      if (v === '') return false;
      const data64 = v.slice(v.indexOf(':') + 1).replace(/\s+/g, '');
      return v.includes(':') && data64.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(data64) ? true : undefined;
    });
    const encrypted = loadEncrypted || setEncrypted;
    if (encrypted && p.encryptedCredentialDevice) addDevices(p.encryptedCredentialDevice);
  }

  return {
    unit, type, scope, hasExecContext, defaultDependencies, user, dynamicUser: hasExecContext && dynamicUser,
    supplementaryGroups, flags, flagBits: bitsOf(flags), privateMountsSetting: privateMounts, protectHome, protectSystem,
    rootDirectory, rootImage, capabilityBoundingSet,
    capabilityBoundingSetLow: Number(capabilityBoundingSet & 0xffffffffn) | 0,
    capabilityBoundingSetHigh: Number((capabilityBoundingSet >> 32n) & 0xffffffffn) | 0,
    ambientCapabilities, umask, keyringMode, protectProc,
    procSubset, notifyAccess, removeIPC, namespaces, addressFamilies, architectures, syscallFilter,
    ipDeny, ipAllow, ipFilterPaths, devicePolicy, deviceAllow,
  };
}
