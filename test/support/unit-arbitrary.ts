/**
 * A fast-check generator of unit files for differential testing against the real
 * `systemd-analyze security`: random `.service` (mostly), `.socket`, `.timer` and `.mount` units, with
 * optional drop-ins, biased toward the directives the exposure checks read and toward the values
 * where systemd's parsers differ (spec sections b–d): every boolean spelling, the enum words of newer
 * releases, empty assignments (resets), repeated assignments, `~` lists, unknown names, quoting,
 * specifiers, continuation lines. A small share of units is one systemd refuses to load (no
 * ExecStart=, a fatal User=, …) so that load refusals are compared too.
 *
 * A generated unit is plain data (sections of lines) so that fast-check shrinks it line by line;
 * {@link renderUnit} turns it into file texts under a caller-chosen unique id.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';

/** Unit types the generator produces. */
export type GeneratedUnitType = 'service' | 'socket' | 'timer' | 'mount';

/** How an assignment is laid out in the file (systemd's syntax allows all of them). */
export type LineStyle = 'plain' | 'spaced' | 'indented' | 'continued' | 'continued-with-comment';

/** One line of a generated file: an assignment, or a comment / blank line. */
export type GeneratedLine = { key: string; value: string; style: LineStyle } | { comment: string };

/** A `[Section]` of a generated file. */
export interface GeneratedSection {
  name: string;
  lines: GeneratedLine[];
}

/** A generated unit: its main file and drop-ins, before it gets a name. */
export interface GeneratedUnit {
  type: GeneratedUnitType;
  /**
   * A template (`ID@.service`, analysed by systemd as an instance) or an instance of one
   * (`ID@INSTANCE.service`); undefined for a plain name.
   */
  template?: { instance: string };
  /** Line ends: `\n`, or `\r\n` (systemd accepts both). */
  lineEnd?: '\n' | '\r\n';
  sections: GeneratedSection[];
  dropIns: Array<{ fileName: string; sections: GeneratedSection[] }>;
}

/** A generated unit as files: name, text of the main file, drop-in texts. */
export interface RenderedUnit {
  /** File (and unit) name, e.g. `r12.service`, `r12@.service`, `mnt-r12.mount`. */
  name: string;
  text: string;
  dropIns: Array<{ fileName: string; text: string }>;
}

/** Stands for the unit's id in generated values (mount point, bus name); replaced by {@link renderUnit}. */
const ID = '@ID@';
/** A generated mount unit's mount point: its name is then `m-ID.mount`. */
const WHERE = `/m/${ID}`;

// ---------------------------------------------------------------------------------------------
// Value vocabularies (spec b–d)

const TRUE_SPELLINGS = ['yes', 'y', 'true', 't', 'on', '1', 'YES', 'Yes', 'TRUE', 'True', 'On', 'Y', 'T'];
const FALSE_SPELLINGS = ['no', 'n', 'false', 'f', 'off', '0', 'NO', 'No', 'FALSE', 'False', 'OFF', 'oFf', 'N', 'F'];
const NOT_BOOLEANS = ['', 'maybe', '2', '"yes"', "'no'", 'yes please', 'enable', '-1'];

const CAPABILITIES = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP',
  'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER',
  'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE',
  'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP',
  'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF',
  'CHECKPOINT_RESTORE',
];

const SYSCALL_GROUPS = [
  '@swap', '@obsolete', '@clock', '@cpu-emulation', '@debug', '@mount', '@module', '@raw-io', '@reboot',
  '@privileged', '@resources', '@system-service', '@default', '@known', '@basic-io', '@file-system',
  '@io-event', '@ipc', '@keyring', '@memlock', '@network-io', '@process', '@setuid', '@signal', '@sync',
  '@timer', '@aio', '@chown', '@pkey', '@sandbox', '@nosuchgroup',
];
/** Members of the assessed groups (some x86-64-less: _llseek, mmap2, vm86, …), plus unknown names. */
const SYSCALLS = [
  'swapon', 'swapoff', '_sysctl', 'uselib', 'ustat', 'sysfs', 'afs_syscall', 'adjtimex', 'clock_adjtime',
  'clock_settime', 'clock_settime64', 'settimeofday', 'modify_ldt', 'vm86', 'subpage_prot', 'ptrace',
  'perf_event_open', 'pidfd_getfd', 'lookup_dcookie', 'mount', 'umount2', 'umount', 'pivot_root', 'chroot',
  'fsopen', 'open_tree_attr', 'mount_setattr', 'init_module', 'finit_module', 'delete_module', 'ioperm',
  'iopl', 'pciconfig_read', 'reboot', 'kexec_load', 'kexec_file_load', 'acct', 'bpf', 'capset', 'setuid',
  'setresuid', 'setgroups', 'sethostname', 'quotactl', 'quotactl_fd', 'chown', 'fchownat', 'nice',
  'setpriority', 'sched_setattr', 'setrlimit', 'set_mempolicy_home_node', 'mbind', 'seccomp',
  'landlock_create_ruleset', 'read', 'write', 'openat', 'execve', 'getpid', 'socket', '_llseek', 'mmap2',
  'socketcall', 'cacheflush', 'nosuchcall', 'Mount',
];
const ERRNOS = ['EPERM', 'EACCES', 'ENOSYS', '1', 'kill', 'EBOGUS', ''];

const ADDRESS_FAMILIES = [
  'AF_UNIX', 'AF_INET', 'AF_INET6', 'AF_NETLINK', 'AF_PACKET', 'AF_BLUETOOTH', 'AF_CAN', 'AF_VSOCK',
  'AF_ALG', 'AF_LOCAL', 'AF_ROUTE', 'AF_DECnet', 'AF_XDP', 'AF_BOGUS', 'af_unix', 'AF_MCTP', 'AF_QIPCRTR',
];
const NAMESPACES = ['cgroup', 'ipc', 'net', 'mnt', 'pid', 'user', 'uts', 'time', 'bogus', 'CLONE_NEWNET', 'Net'];
const IP_WORDS = [
  'any', 'localhost', 'link-local', 'multicast', 'LOCALHOST', 'localhost.', 'localhost.localdomain',
  'foo.localhost', '127.0.0.1', '127.0.0.1/32', '127.0.0.0/8', '127.1.2.3/16', '10.0.0.0/8', '192.168.1.7/24',
  '0.0.0.0/0', '0.0.0.0', '::/0', '::', '::1', '::1/128', '::1/64', 'fe80::/64', 'fe80::1', 'ff00::/8',
  '224.0.0.0/4', '2001:db8::/32', '"any"', 'nonsense', '300.1.1.1', '10.0.0.0/33', '128.0.0.0/1', '::ffff:127.0.0.1',
];
const DEVICE_NODES = [
  '/dev/null', '/dev/zero', 'char-rtc', 'char-pts', 'block-loop', 'block-sd', 'char-*', '/dev/sda', '/sys/devices/x',
  '/dev/../dev/null', '/tmp/node', 'char-bogus', '"/dev/null"', '/dev/./tty', '/dev', '/dev/', '/run/systemd/inaccessible/chr',
];
const ARCHITECTURES = ['native', 'x86-64', 'x86', 'x32', 'arm64', 'bogus', 'NATIVE', '"native"'];

// ---------------------------------------------------------------------------------------------
// Small value builders

/** Picks one of `values`; fast-check shrinks toward the first. */
const pick = <T>(...values: T[]): fc.Arbitrary<T> => fc.constantFrom(...values);

/** Weighted choice between arbitraries. */
const mix = <T>(...choices: Array<[number, fc.Arbitrary<T>]>): fc.Arbitrary<T> =>
  fc.oneof(...choices.map(([weight, arbitrary]) => ({ weight, arbitrary })));

const booleanValue: fc.Arbitrary<string> = mix([6, pick(...TRUE_SPELLINGS)], [6, pick(...FALSE_SPELLINGS)], [1, pick(...NOT_BOOLEANS)]);

/** A boolean or one of `words` (extended booleans: PrivateTmp=disconnected …), plus invalid and empty. */
const extendedBoolean = (...words: string[]): fc.Arbitrary<string> => mix([5, booleanValue], [5, pick(...words)], [1, pick('', 'Yes:x', 'bogus')]);

/** One of an enum's words, sometimes a boolean spelling, empty, or junk. */
const enumValue = (...words: string[]): fc.Arbitrary<string> =>
  mix([8, pick(...words)], [2, booleanValue], [1, pick('', 'bogus', words[0]!.toUpperCase(), `"${words[0]}"`)]);

/** A word possibly quoted with " or ' (quoting rules differ per directive, spec c). */
const maybeQuoted = (word: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  mix([10, word], [1, word.map((w) => `"${w}"`)], [1, word.map((w) => `'${w}'`)]);

/** A whitespace-separated list of words (sometimes with doubled blanks). */
const wordList = (word: fc.Arbitrary<string>, maxLength = 5): fc.Arbitrary<string> =>
  fc.tuple(fc.array(word, { minLength: 1, maxLength }), pick(' ', ' ', '  ', '\t')).map(([ws, sep]) => ws.join(sep));

/** An optionally inverted (`~`) list, or an empty assignment. */
const invertibleList = (word: fc.Arbitrary<string>, maxLength = 5): fc.Arbitrary<string> =>
  mix([5, wordList(word, maxLength)], [4, wordList(word, maxLength).map((l) => `~${l}`)], [1, pick('', '~', '~ ')]);

const capabilityName: fc.Arbitrary<string> = mix(
  [10, pick(...CAPABILITIES).map((c) => `CAP_${c}`)],
  [2, pick(...CAPABILITIES).map((c) => `cap_${c.toLowerCase()}`)],
  [1, fc.integer({ min: 0, max: 65 }).map(String)],
  [1, pick('CAP_BOGUS', 'SYS_ADMIN', 'CAP_SYS_ADMIN,CAP_KILL', 'Cap_Kill', 'all')],
);

const syscallWord: fc.Arbitrary<string> = fc
  .tuple(mix([3, pick(...SYSCALL_GROUPS)], [4, pick(...SYSCALLS)]), mix([6, fc.constant(undefined)], [1, pick(...ERRNOS)]))
  .map(([name, errno]) => (errno === undefined ? name : `${name}:${errno}`));

const syscallFilterValue: fc.Arbitrary<string> = mix(
  [6, invertibleList(maybeQuoted(syscallWord), 6)],
  [1, pick('@system-service', '~@privileged @resources', '@known', '~@mount', '@system-service @debug', '~@swap @clock')],
  [1, wordList(syscallWord).map((l) => `~${l}:EPERM`)],
);

const userValue: fc.Arbitrary<string> = mix(
  [8, pick('root', '0', 'nobody', '65534', 'svc', 'daemon', 'www-data')],
  [4, pick('%i', '%I', '%n', '%N', '%p', '%P', '%j', 'svc-%i', '%u', '%U', '%g')],
  [2, pick('', '"nobody"', "'root'", 'foo bar', '4294967294', '1000', 'systemd-network', '0root', 'root0', 'nobody ')],
  // Refused by systemd (fatal in the unit file, skipped with the rest of a drop-in).
  [1, pick('a:b', '65535', '4294967295', '..', '.', '-1', 'a/b', '%Z', '%h', '123456789012', '007')],
);

const umaskValue: fc.Arbitrary<string> = mix(
  [5, pick('0022', '0077', '0027', '0007', '0000', '0002', '0006', '0026', '0066', '0070', '0060', '0002', '077', '27', '7', '0')],
  [3, fc.integer({ min: 0, max: 0o777 }).map((n) => `0${n.toString(8)}`)],
  [1, pick('', '07777', '17777', '0800', '8', 'u=rwx', '-022', '0o22', '00000022')],
);

const ipAddressValue: fc.Arbitrary<string> = mix([8, wordList(pick(...IP_WORDS), 4)], [1, pick('', 'any localhost', 'localhost any')]);

const deviceAllowValue: fc.Arbitrary<string> = mix(
  [6, fc.tuple(maybeQuoted(pick(...DEVICE_NODES)), pick('', 'r', 'rw', 'rwm', 'm', 'x', 'rwx')).map(([n, p]) => (p ? `${n} ${p}` : n))],
  [1, pick('')],
);

const rootPathValue: fc.Arbitrary<string> = mix(
  [6, pick('/', '/srv/root', '/var/lib/machines/a', '//', '/srv/./root/', '/%N', '%S/root', '/run/x')],
  [1, pick('', 'relative/dir', '"/srv/q"', '%Z')],
);

const delegateValue: fc.Arbitrary<string> = mix(
  [5, booleanValue],
  [3, wordList(pick('cpu', 'memory', 'io', 'pids', 'cpuset', 'bogus', '"cpu"'), 3)],
  [1, pick('')],
);

const restrictNamespacesValue: fc.Arbitrary<string> = mix([3, booleanValue], [6, invertibleList(pick(...NAMESPACES), 4)], [1, pick('')]);

const restrictAddressFamiliesValue: fc.Arbitrary<string> = mix(
  [2, pick('none', 'none', 'None', '~none')],
  [7, invertibleList(maybeQuoted(pick(...ADDRESS_FAMILIES)), 5)],
);

const protectHostnameValue: fc.Arbitrary<string> = mix(
  [5, booleanValue],
  [3, pick('private', 'private:myhost', 'yes:myhost', 'no:myhost', 'private:bad_host!', 'private:', 'yes:a.b.c', 'Private')],
  [1, pick('')],
);

const capabilityListValue: fc.Arbitrary<string> = mix(
  [7, invertibleList(maybeQuoted(capabilityName), 6)],
  [1, pick('', '~', 'CAP_SYS_ADMIN CAP_BOGUS', '~CAP_SYS_ADMIN CAP_BOGUS', '"CAP_KILL CAP_CHOWN"', 'CAP_KILL\\')],
);

const execStartValue: fc.Arbitrary<string> = mix(
  [12, pick('/bin/true', '/usr/bin/env true', '-/bin/true', '@/bin/true true', '+/bin/true', '!/bin/true', '/bin/sh -c "exit 0"', '/usr/sbin/%p-daemon --id %i')],
  // Executable names the loader judges (some refuse the unit, some only with the `-` prefix ignored).
  [1, pick('true', 'bin/true', '-bin/true', '/bin/true ; /bin/false', '|/bin/true', ':/bin/true', '!!/bin/true', '/usr/bin/', '"/bin/true"', '/bin/tr"ue', '%Z', '-@/bin/true x', '/bin/true ;', '/bin/tr"ue x"', '/bin/true "unbalanced', '-/bin/true "unbalanced', '/bin/true \\; x', '"/bin/tr ue"')],
);

// ---------------------------------------------------------------------------------------------
// Directive catalogue: where each directive goes, its values, how often it is picked.

type Place = 'exec' | 'unit';

interface DirectiveSpec {
  key: string;
  place: Place;
  value: fc.Arbitrary<string>;
  weight: number;
}

const directive = (key: string, value: fc.Arbitrary<string>, weight = 3, place: Place = 'exec'): DirectiveSpec => ({ key, place, value, weight });
const booleanDirective = (key: string, weight = 3): DirectiveSpec => directive(key, booleanValue, weight);

/** Every directive the checks read (spec b "reads"), plus a few that must not matter. */
export const DIRECTIVES: readonly DirectiveSpec[] = [
  directive('User', userValue, 6),
  directive('Group', mix([5, pick('root', 'nobody', 'svc', '%i', '0', 'nogroup')], [1, pick('', 'a:b', '65535')]), 1),
  directive('DynamicUser', mix([20, booleanValue.filter((v) => !NOT_BOOLEANS.includes(v))], [1, pick('maybe', '')]), 5),
  directive(
    'SupplementaryGroups',
    mix([10, wordList(maybeQuoted(mix([8, pick('adm', 'wheel', 'disk', '0', 'root', '%p')], [1, pick('%i', 'a:b')])), 3)], [1, pick('')]),
    2,
  ),
  booleanDirective('PrivateDevices', 4),
  directive('PrivateMounts', mix([6, booleanValue], [1, pick('')]), 3),
  booleanDirective('PrivateNetwork', 3),
  directive('PrivateTmp', extendedBoolean('connected', 'disconnected'), 4),
  directive('PrivateUsers', extendedBoolean('self', 'identity', 'full', 'managed'), 4),
  directive('ProtectControlGroups', extendedBoolean('private', 'strict'), 3),
  booleanDirective('ProtectKernelModules'),
  booleanDirective('ProtectKernelTunables'),
  booleanDirective('ProtectKernelLogs'),
  booleanDirective('ProtectClock'),
  directive('ProtectHome', enumValue('read-only', 'tmpfs', 'yes', 'no'), 4),
  directive('ProtectHostname', protectHostnameValue, 3),
  directive('ProtectSystem', enumValue('strict', 'full', 'yes', 'no', 'read-only'), 4),
  directive('RootDirectory', rootPathValue, 2),
  directive('RootImage', rootPathValue.map((p) => (p === '/' || p === '' ? p : `${p}.raw`)), 1),
  directive('MountImages', pick('/img/a.raw:/mnt/a', '-/img/b.raw:/mnt/b', ''), 1),
  booleanDirective('LockPersonality', 2),
  booleanDirective('MemoryDenyWriteExecute', 2),
  booleanDirective('NoNewPrivileges', 3),
  directive('CapabilityBoundingSet', capabilityListValue, 6),
  directive('AmbientCapabilities', capabilityListValue, 3),
  directive('UMask', umaskValue, 3),
  directive('KeyringMode', enumValue('inherit', 'private', 'shared'), 2),
  directive('ProtectProc', enumValue('default', 'noaccess', 'invisible', 'ptraceable'), 2),
  directive('ProcSubset', enumValue('all', 'pid'), 2),
  directive('NotifyAccess', enumValue('none', 'main', 'exec', 'all'), 2),
  booleanDirective('RemoveIPC', 2),
  directive('Delegate', delegateValue, 2),
  booleanDirective('RestrictRealtime', 2),
  booleanDirective('RestrictSUIDSGID', 2),
  directive('RestrictNamespaces', restrictNamespacesValue, 4),
  directive('RestrictAddressFamilies', restrictAddressFamiliesValue, 5),
  directive('SystemCallArchitectures', mix([6, wordList(pick(...ARCHITECTURES), 3)], [1, pick('')]), 3),
  directive('SystemCallFilter', syscallFilterValue, 8),
  directive('SystemCallErrorNumber', pick('EPERM', 'kill', 'EBOGUS'), 1),
  directive('IPAddressDeny', ipAddressValue, 4),
  directive('IPAddressAllow', ipAddressValue, 4),
  directive('IPIngressFilterPath', pick('/sys/fs/bpf/ingress', '', 'relative'), 0.2),
  directive('DevicePolicy', enumValue('auto', 'closed', 'strict'), 3),
  directive('DeviceAllow', deviceAllowValue, 3),
  directive('LoadCredentialEncrypted', pick('key:/etc/cred/key', ''), 0.5),
  directive('SetCredentialEncrypted', pick('key: k4XTUwAAAA', ''), 0.3),
  directive('PAMName', pick('login', ''), 0.3),
  directive('DefaultDependencies', mix([6, booleanValue], [1, pick('')]), 3, 'unit'),
  // Directives no check reads: they must not change the score.
  directive('ReadOnlyPaths', pick('/etc', '-/nonexistent'), 0.5),
  directive('PrivateIPC', booleanValue, 0.5),
  directive('NetworkNamespacePath', pick('/run/netns/x'), 0.3),
  directive('ProtectSystem ', enumValue('strict'), 0.2), // trailing blank in the key: stripped, same directive
  directive('privatetmp', booleanValue, 0.2), // keys are case-sensitive: unknown, ignored
  directive('Description', pick('random unit', 'with "quotes"', 'a\\\\b'), 0.5, 'unit'),
];

const styleArb: fc.Arbitrary<LineStyle> = mix(
  [20, fc.constant<LineStyle>('plain')],
  [2, fc.constant<LineStyle>('spaced')],
  [1, fc.constant<LineStyle>('indented')],
  [1, fc.constant<LineStyle>('continued')],
  [1, fc.constant<LineStyle>('continued-with-comment')],
);

type Placed = { place: Place; line: GeneratedLine };

/** One directive assigned one to three times (repeats exercise the override and merge rules). */
const placedLines: fc.Arbitrary<Placed[]> = fc
  .oneof(
    ...DIRECTIVES.map((d) => ({
      weight: Math.max(1, Math.round(d.weight * 5)),
      arbitrary: mix(
        [5, fc.tuple(d.value, styleArb).map((v) => [v])],
        [2, fc.array(fc.tuple(d.value, styleArb), { minLength: 2, maxLength: 3 })],
      ).map((vs) => vs.map(([value, style]): Placed => ({ place: d.place, line: { key: d.key, value, style } }))),
    })),
    {
      weight: 2,
      arbitrary: pick('# a comment', '; another', '', '# ends in a backslash \\', '  ; indented, backslash \\', '[X-Vendor]', '[Unit]').map((comment): Placed[] => [
        { place: 'exec', line: { comment } },
      ]),
    },
  );

/** Typical hardening (systemd's own units, the `strict` portable profile): low scores need many at once. */
const HARDENING: ReadonlyArray<[string, string]> = [
  ['DynamicUser', 'yes'], ['User', 'svc'], ['PrivateDevices', 'yes'], ['PrivateNetwork', 'yes'], ['PrivateTmp', 'yes'],
  ['PrivateUsers', 'yes'], ['PrivateMounts', 'yes'], ['ProtectControlGroups', 'yes'], ['ProtectKernelModules', 'yes'],
  ['ProtectKernelTunables', 'yes'], ['ProtectKernelLogs', 'yes'], ['ProtectClock', 'yes'], ['ProtectHome', 'yes'],
  ['ProtectHostname', 'yes'], ['ProtectSystem', 'strict'], ['LockPersonality', 'yes'], ['MemoryDenyWriteExecute', 'yes'],
  ['NoNewPrivileges', 'yes'], ['CapabilityBoundingSet', ''], ['AmbientCapabilities', ''], ['UMask', '0077'],
  ['ProtectProc', 'invisible'], ['ProcSubset', 'pid'], ['RemoveIPC', 'yes'], ['RestrictRealtime', 'yes'],
  ['RestrictSUIDSGID', 'yes'], ['RestrictNamespaces', 'yes'], ['RestrictAddressFamilies', 'AF_UNIX'],
  ['SystemCallArchitectures', 'native'], ['SystemCallFilter', '@system-service'], ['SystemCallFilter', '~@privileged @resources'],
  ['IPAddressDeny', 'any'], ['DevicePolicy', 'closed'], ['RootDirectory', '/srv/root'], ['KeyringMode', 'private'],
];
const hardeningBlock: fc.Arbitrary<Placed[]> = fc
  .subarray([...HARDENING], { minLength: 8 })
  .map((pairs) => pairs.map(([key, value]): Placed => ({ place: 'exec', line: { key, value, style: 'plain' } })));

const directiveLines = (maxLength: number): fc.Arbitrary<Placed[]> =>
  fc
    .tuple(mix([3, fc.constant<Placed[]>([])], [1, hardeningBlock]), fc.array(placedLines, { maxLength, size: 'max' }))
    .map(([hardening, groups]) => [...hardening, ...groups.flat()]);

// ---------------------------------------------------------------------------------------------
// Unit types

const SECTION_OF: Record<GeneratedUnitType, string> = { service: 'Service', socket: 'Socket', timer: 'Timer', mount: 'Mount' };

const line = (key: string, value: string): GeneratedLine => ({ key, value, style: 'plain' });

/** The lines a unit of each type needs to load (or, rarely, deliberately lacks). */
const baseLines: Record<GeneratedUnitType, fc.Arbitrary<GeneratedLine[]>> = {
  service: mix(
    [40, fc.tuple(execStartValue, pick('', '', '', 'simple', 'exec', 'notify', 'idle', 'forking', 'oneshot', 'notify-reload'))
      .map(([exec, type]) => [line('ExecStart', exec), ...(type ? [line('Type', type)] : [])])],
    [2, fc.tuple(execStartValue, execStartValue).map(([a, b]) => [line('Type', 'oneshot'), line('ExecStart', a), line('ExecStart', b)])],
    [1, pick('dbus', 'bogus').map((type) => [line('Type', type), line('BusName', `org.example.${ID}`), line('ExecStart', '/bin/true')])],
    // Refused by systemd: no ExecStart=, two ExecStart= without oneshot, dbus without BusName, oneshot Restart=always.
    [1, pick<GeneratedLine[]>(
      [],
      [line('ExecStart', '/bin/true'), line('ExecStart', '')],
      [line('ExecStart', '/bin/true'), line('ExecStart', '/bin/false')],
      [line('Type', 'dbus'), line('ExecStart', '/bin/true')],
      [line('Type', 'oneshot'), line('Restart', 'always'), line('ExecStart', '/bin/true')],
      [line('ExecStop', '/bin/true'), line('Type', 'oneshot')],
    )],
  ),
  socket: mix(
    // No IPv6 addresses: the oracle chroots have no /proc, so their systemd thinks IPv6 is unsupported.
    [10, pick('8080', '/run/r.sock', '127.0.0.1:53', '@abstract').map((l) => [line('ListenStream', l)])],
    [1, fc.constant([line('Accept', 'yes')])], // refused: no Listen setting
  ),
  timer: mix([10, pick('daily', '*-*-* 04:00', 'weekly').map((c) => [line('OnCalendar', c)])], [1, fc.constant([line('Persistent', 'yes')])]),
  mount: mix(
    [10, pick('/dev/disk/by-label/data', 'tmpfs', 'server:/export').map((what) => [line('What', what), line('Where', WHERE)])],
    [1, fc.constant([line('What', '/dev/sdb1'), line('Where', '/mnt/elsewhere')])], // refused: Where= does not match the name
  ),
};

/** Splits placed lines into the unit's sections ([Unit] and the type's section). */
function sectionsOf(type: GeneratedUnitType, placed: Placed[], base: GeneratedLine[] = []): GeneratedSection[] {
  const unit = placed.filter((p) => p.place === 'unit').map((p) => p.line);
  const own = [...base, ...placed.filter((p) => p.place === 'exec').map((p) => p.line)];
  const sections: GeneratedSection[] = [];
  if (unit.length > 0) sections.push({ name: 'Unit', lines: unit });
  if (own.length > 0) sections.push({ name: SECTION_OF[type], lines: own });
  return sections;
}

const dropInName = pick('10-a.conf', '20-b.conf', '50-override.conf', 'zz.conf', 'ignored.txt');

/** Options of {@link unitArbitrary}. */
export interface UnitArbitraryOptions {
  /** Most directive groups in the main file (default 14). */
  maxDirectives?: number;
  /** Most drop-in files (default 2). */
  maxDropIns?: number;
}

/**
 * Random units biased toward the hardening directives. About 85 % are services (a fifth of them
 * templates), the rest sockets, timers and mounts; a few percent are deliberately refused by systemd.
 */
export function unitArbitrary(options: UnitArbitraryOptions = {}): fc.Arbitrary<GeneratedUnit> {
  const maxDirectives = options.maxDirectives ?? 14;
  const maxDropIns = options.maxDropIns ?? 2;
  const typeArb = mix<GeneratedUnitType>(
    [34, fc.constant('service')],
    [2, fc.constant('socket')],
    [2, fc.constant('mount')],
    [2, fc.constant('timer')],
  );
  return typeArb.chain((type) =>
    fc
      .record({
        template:
          type === 'service'
            ? mix<{ instance: string } | undefined>(
                [16, fc.constant(undefined)],
                [4, fc.constant({ instance: '' })],
                [1, pick('inst', 'a\\x2db', 'nobody', 'root', '0', 'with.dot').map((instance) => ({ instance }))],
              )
            : fc.constant(undefined),
        lineEnd: mix<'\n' | '\r\n'>([15, fc.constant('\n')], [1, fc.constant('\r\n')]),
        base: baseLines[type],
        main: directiveLines(maxDirectives),
        dropIns: fc.uniqueArray(fc.tuple(dropInName, directiveLines(4)), { maxLength: maxDropIns, selector: ([n]) => n }),
        extraSection: mix([8, fc.constant(false)], [1, fc.constant(true)]),
      })
      .map(({ template, lineEnd, base, main, dropIns, extraSection }): GeneratedUnit => {
        const sections = sectionsOf(type, main, base);
        if (extraSection) sections.push({ name: 'Install', lines: [line('WantedBy', 'multi-user.target')] });
        return {
          type,
          template,
          lineEnd,
          sections,
          dropIns: dropIns.map(([fileName, lines]) => ({ fileName, sections: sectionsOf(type, lines) })),
        };
      }),
  );
}

// ---------------------------------------------------------------------------------------------
// Rendering

function renderLine(l: GeneratedLine): string {
  if ('comment' in l) return l.comment;
  const { key, value, style } = l;
  const space = value.indexOf(' ');
  switch (style) {
    case 'spaced':
      return `${key} = ${value}`;
    case 'indented':
      return `  ${key}=${value}  `;
    case 'continued':
      return space > 0 ? `${key}=${value.slice(0, space)} \\\n    ${value.slice(space + 1)}` : `${key}=\\\n${value}`;
    case 'continued-with-comment':
      return space > 0 ? `${key}=${value.slice(0, space)} \\\n# inside a continuation\n${value.slice(space + 1)}` : `${key}=${value}`;
    default:
      return `${key}=${value}`;
  }
}

function renderSections(sections: readonly GeneratedSection[], id: string): string {
  return sections.map((s) => `[${s.name}]\n${s.lines.map((l) => renderLine(l).split(ID).join(id)).join('\n')}\n`).join('\n');
}

/**
 * The file name a generated unit gets under `id` (letters, digits, `_` and, except for mounts, `-`).
 * A mount is named after its mount point `/m/ID`, so its name is `m-ID.mount`.
 */
export function unitFileName(unit: GeneratedUnit, id: string): string {
  if (unit.type === 'mount') return `m-${id}.mount`;
  return `${id}${unit.template ? `@${unit.template.instance}` : ''}.${unit.type}`;
}

/** Renders a generated unit as files under the unique `id`. */
export function renderUnit(unit: GeneratedUnit, id: string): RenderedUnit {
  return {
    name: unitFileName(unit, id),
    text: renderSections(unit.sections, id).replace(/\n/g, unit.lineEnd ?? '\n'),
    dropIns: unit.dropIns.map((d) => ({ fileName: d.fileName, text: renderSections(d.sections, id) })),
  };
}

/** Writes a generated unit (and its `NAME.d/` drop-ins) into `dir`; returns the unit file's path. */
export function writeUnit(dir: string, unit: GeneratedUnit, id: string): string {
  const rendered = renderUnit(unit, id);
  const file = path.join(dir, rendered.name);
  fs.writeFileSync(file, rendered.text);
  if (rendered.dropIns.length > 0) {
    fs.mkdirSync(`${file}.d`, { recursive: true });
    for (const d of rendered.dropIns) fs.writeFileSync(path.join(`${file}.d`, d.fileName), d.text);
  }
  return file;
}

/** The unit's files as one printable text (for failure messages and case files). */
export function describeUnit(rendered: RenderedUnit): string {
  const parts = [`--- ${rendered.name}\n${rendered.text}`];
  for (const d of rendered.dropIns) parts.push(`--- ${rendered.name}.d/${d.fileName}\n${d.text}`);
  return parts.join('');
}
