/**
 * From a merged unit document to the record the checks read — what systemd's loader and the
 * analyser's copy step produce: each directive parsed with the release's own rules (invalid values
 * ignored, empty assignments resetting or ignored, order kept), then the load-time implications
 * (DynamicUser=, capability drops, device policy). Units systemd refuses raise UnitLoadError.
 */
import type { UnitDocument } from '../unit/model';
import { indexDocument } from './document-index';
import { DirectiveReader, fold, lastWord } from './directive-reader';
import { ExecLines } from './exec-line';
import { dropFatalDropInLines } from './fatal-settings';
import { LOAD_RULES } from './load-rules';
import { parseUnitName, type UnitName, type UnitType } from '../unit/unit-name';
import { UnitLoadError } from './errors';
import { verifyUnitLoads } from './load-checks';
import { contextProblem } from './context-checks';
import { FLAG_NAMES, flagBit, type FlagName, type ReleaseData } from './release-data';
import { applyAddressFamilies, unrestrictedFamilies, type AddressFamilies } from './settings/address-families';
import { applyCapabilityAssignment, capabilityStart } from './settings/capabilities';
import { applyPrefixes, type IpPrefix } from './settings/ip-prefixes';
import { applyNamespaces, unrestrictedNamespaces, type Namespaces } from './settings/namespaces';
import { applySyscallFilter, emptySyscallFilter, type SyscallFilter } from './settings/syscall-filter';
import { dynamicUserName, userNameProblem } from './settings/user-name';
import { extractWords, parseBoolean } from './settings/words';
import { hasEncryptedCredential } from './settings/credentials';
import { deviceAllowEntry } from './settings/device-allow';
import { extractFirstWord, WHITESPACE } from './settings/extract-word';
import { mountImagesAdds } from './settings/mount-images';
import { HOST_NAME_MAX, hostnameIsValid } from './settings/hostname';
import type { HostFacts } from '../unit/specifiers';
import { UnitPrintf } from './unit-printf';

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

/** ProtectHostname= per release (spec d.4): boolean, `private`, optional `:NAME` (262). */
function protectHostnameStep(data: ReleaseData, printf: UnitPrintf) {
  const p = data.parse;
  return (v: string): boolean | undefined => {
    if (v === '') return p.protectHostnameEmptyResets ? false : undefined;
    let word = v;
    let hasName = false;
    const colon = v.indexOf(':');
    if (p.protectHostnameNameSuffix && colon >= 0) {
      // The name's specifiers are expanded (at most HOST_NAME_MAX bytes) before it is checked.
      const name = v.slice(colon + 1);
      const expanded = UnitPrintf.orUndefined(() => printf.limited(name, HOST_NAME_MAX));
      if (expanded === undefined || !hostnameIsValid(expanded)) return undefined;
      word = v.slice(0, colon);
      hasName = true;
    }
    const on = parseBoolean(word) ?? (p.protectHostnameValues.includes(word) ? true : undefined);
    if (on === undefined || (on === false && hasName)) return undefined;
    return on;
  };
}

const LOAD_CREDENTIAL = ['LoadCredential', 'LoadCredentialEncrypted'];
const SET_CREDENTIAL = ['SetCredential', 'SetCredentialEncrypted'];
const credential = (a: { key: string; value: string }): { value: string; encrypted: boolean } => ({ value: a.value, encrypted: a.key.endsWith('Encrypted') });

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

/** Inputs of {@link buildSecurityRecord}. */
export interface RecordInput {
  /** The unit name as analysed (a template already instantiated). */
  readonly unit: string;
  /** `unit` taken apart, when the caller already validated it (else it is parsed here). */
  readonly parsedName?: UnitName;
  readonly document: UnitDocument;
  readonly data: ReleaseData;
  readonly scope: Scope;
  /** The machine the analysis stands for (specifiers such as %H, %m, %o); default a plain Debian host. */
  readonly host?: HostFacts;
  /** The unit file's real path (%y, %Y), when it was read from a file. */
  readonly fragmentPath?: string;
}

/** Parses the unit like systemd's loader; throws {@link UnitLoadError} when systemd refuses it. */
export function buildSecurityRecord(input: RecordInput): SecurityRecord {
  const { unit, data, scope } = input;
  const name = input.parsedName ?? parseUnitName(unit);
  const type = name.type;
  const p = data.parse;
  const execSection = EXEC_SECTIONS[type];
  const rules = LOAD_RULES[data.release];
  const printf = new UnitPrintf({ unit, scope, rules, host: input.host, fragmentPath: input.fragmentPath });
  const execLines = new ExecLines(printf, data, rules);
  const document = execSection ? dropFatalDropInLines(input.document, execSection, unit, { printf, rules, execLines }) : input.document;
  const index = indexDocument(document);
  const rd = new DirectiveReader(index, execSection, CGROUP_SECTIONS[type], unit, printf, rules);

  // The root slice and root mount are perpetual units without default dependencies.
  const perpetual = unit === '-.slice' || unit === '-.mount';
  const defaultDependencies = !perpetual && fold(index.values('Unit', 'DefaultDependencies'), true, (v) => parseBoolean(v));
  const hasExecContext = execSection !== undefined;

  verifyUnitLoads(unit, type, document, data, scope, printf, index, execLines);

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
    const groups = [...acc];
    for (let pos: number | undefined = 0; ; ) {
      const r = extractFirstWord(v, pos, WHITESPACE);
      if (r.error) rd.fail(`SupplementaryGroups=${v}: Invalid syntax`);
      if (r.word === undefined) return groups;
      pos = r.next;
      const g = rd.expand('SupplementaryGroups', r.word);
      const problem = userNameProblem(g);
      if (problem) rd.fail(`SupplementaryGroups=${v}: invalid group name '${g}' (${problem})`);
      groups.push(g);
    }
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
    protectHostname: fold(rd.exec('ProtectHostname'), false, protectHostnameStep(data, printf)),
    lockPersonality: rd.bool('LockPersonality'),
    memoryDenyWriteExecute: rd.bool('MemoryDenyWriteExecute'),
    noNewPrivileges: rd.bool('NoNewPrivileges'),
    delegate: DELEGATING.includes(type)
      ? // A controller list turns delegation on, unless its syntax is broken (then the line is ignored).
        fold(rd.cgroup('Delegate'), false, (v) => (v === '' ? true : parseBoolean(v) ?? (extractWords(v, true).ok ? true : undefined)))
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
    // Words before a syntax error are applied; the rest is ignored.
    const words = extractWords(v, true);
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
      const node = deviceAllowEntry(v, printf, rules);
      if (node !== undefined) deviceAllow.push(node);
    }
  }

  // PrivateUsers=managed (262) cannot be combined with an explicit identity.
  const privateUsersWord = fold(rd.exec('PrivateUsers'), 'no', (v) => {
    const b = parseBoolean(v);
    return b !== undefined ? (b ? 'yes' : 'no') : p.privateUsersValues.includes(v) ? v : undefined;
  });
  const pam = fold(rd.exec('PAMName'), '', (v) => UnitPrintf.orUndefined(() => printf.full(v)));
  if (p.privateUsersExclusiveValues.includes(privateUsersWord)) {
    const group = fold(rd.exec('Group'), '', (v) => v);
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
    const mountImages = fold(rd.exec('MountImages'), false, (v) => (v === '' ? false : mountImagesAdds(v, printf, rules) || undefined));
    const usesImages = p.imageDirectives.some((d) =>
      d === 'RootImage' ? rootImage !== undefined : d === 'MountImages' ? mountImages : fold(rd.exec(d), false, (v) => v !== ''),
    );
    if (usesImages) addDevices('/dev/loop-control', '/dev/mapper/control', 'block-loop', 'block-blkext', 'block-device-mapper');
    if (flags.protectClock) addDevices('char-rtc');
    const encrypted =
      hasEncryptedCredential('load', rd.execAssignments(LOAD_CREDENTIAL).map(credential), printf) ||
      hasEncryptedCredential('set', rd.execAssignments(SET_CREDENTIAL).map(credential), printf);
    if (encrypted && p.encryptedCredentialDevice) addDevices(p.encryptedCredentialDevice);
    const problem = contextProblem(rd, {
      isService: type === 'service', dynamicUser, rootDirectory, rootImage, mountImages, privateDevices: flags.privateDevices,
      privateMounts, privateNetwork: flags.privateNetwork, protectSystem, protectHome,
      protectKernelTunables: flags.protectKernelTunables, protectKernelModules: flags.protectKernelModules,
      protectKernelLogs: flags.protectKernelLogs, protectProc, procSubset, pamName: pam,
    });
    if (problem) rd.fail(problem);
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
