/**
 * A fast-check generator of hostile unit files: values at and around systemd's limits (254/255/256-
 * byte path components, 4094–4097-byte paths, lines near 1 MiB), invalid and overlong UTF-8,
 * control characters, backslash escapes, quotes, every specifier in every place a check reads, line
 * continuations, CRLF and CR line ends, a BOM, odd list resets and `~` positions, IP prefixes such as
 * 0.0.0.0/0, ::/0 and 127.0.0.1/8, hostile template instances.
 *
 * Texts hold raw bytes in the convention of lib/unit/specifiers.ts (U+DC80–U+DCFF stand for the
 * bytes 0x80–0xFF), so a generated unit is plain data that shrinks line by line; {@link renderHostile}
 * turns it into the exact bytes of its files.
 */
import fc from 'fast-check';
import { textToBytes } from '../../../lib/unit/specifiers';

/** A raw byte (0x80–0xFF) inside a generated text. */
const raw = (...bytes: number[]): string => bytes.map((b) => (b < 0x80 ? String.fromCharCode(b) : String.fromCharCode(0xdc00 + b))).join('');

/** One line of a generated file. */
export type HostileLine =
  | { readonly key: string; readonly value: string; readonly layout: Layout }
  | { readonly text: string };

/** How an assignment is written: plain, split by continuation lines, with blanks around `=`. */
export type Layout = 'plain' | 'continued' | 'continued-comment' | 'spaced';

/** A `[Section]` with its lines. */
export interface HostileSection {
  readonly name: string;
  readonly lines: readonly HostileLine[];
}

/** A generated unit before it gets its id. */
export interface HostileUnit {
  readonly type: 'service' | 'socket';
  /** Instance of a template name (`ID@INSTANCE.service`); undefined for a plain name. */
  readonly instance?: string;
  readonly bom: boolean;
  readonly lineEnd: '\n' | '\r\n' | '\r';
  /** The last line has no line end (a continuation may then end the file). */
  readonly noFinalNewline: boolean;
  readonly sections: readonly HostileSection[];
  readonly dropIns: ReadonlyArray<{ readonly fileName: string; readonly sections: readonly HostileSection[] }>;
  /** A line near LONG_LINE_MAX at the end of the main file's section. */
  readonly huge?: HugeLine;
}

/** Ids are always this long (`m-h` and nine digits), so name-derived specifiers have fixed lengths. */
export const ID_LENGTH = 12;

const pick = <T>(...values: T[]): fc.Arbitrary<T> => fc.constantFrom(...values);
const mix = <T>(...choices: Array<[number, fc.Arbitrary<T>]>): fc.Arbitrary<T> =>
  fc.oneof(...choices.map(([weight, arbitrary]) => ({ weight, arbitrary })));
const join = (parts: fc.Arbitrary<string[]>, sep = ''): fc.Arbitrary<string> => parts.map((p) => p.join(sep));

// ---------------------------------------------------------------------------------------------
// Atoms

/** Every specifier letter (and a few that are not: unknown letters, digits, punctuation). */
const SPECIFIERS = [
  '%n', '%N', '%p', '%P', '%i', '%I', '%j', '%J', '%f', '%c', '%r', '%R', '%C', '%d', '%D', '%E', '%L', '%S', '%t',
  '%h', '%s', '%u', '%U', '%g', '%G', '%T', '%V', '%a', '%A', '%b', '%B', '%H', '%l', '%q', '%m', '%M', '%o', '%v',
  '%w', '%W', '%%', '%Z', '%0', '%-', '%/', '%.', '% ', '%é',
];
const specifier = pick(...SPECIFIERS);

/** Invalid or unusual UTF-8 and control characters. */
const ODD_BYTES = [
  raw(0xff), raw(0xc0, 0xaf), raw(0xed, 0xa0, 0x80), raw(0xe2, 0x82), raw(0xf8, 0x88, 0x80, 0x80, 0x80), raw(0x80),
  raw(0xef, 0xb7, 0x90), raw(0xef, 0xbf, 0xbe), raw(0xf4, 0x90, 0x80, 0x80), '\x01', '\x1f', '\x7f', '\t',
  '\u00a0', '\u2028', '\u200b', '\ufeff', 'é', '😀',
];
const oddBytes = pick(...ODD_BYTES);

/** C escapes as config_parse_exec() and others unescape them (valid and invalid ones). */
const ESCAPES = ['\\x41', '\\xff', '\\x00', '\\x2f', '\\n', '\\t', '\\s', '\\q', '\\\\', '\\"', "\\'", '\\101', '\\777', '\\u00e9', '\\ud800', '\\U0001F600', '\\U00110000', '\\x4', '\\;', '\\ '];
const escape = pick(...ESCAPES);

const word = pick('a', 'x', 'usr', 'bin', 'dev', 'null', 'srv', 'etc', 'run', 'proc', 'sys', 'é', 'a b', '-', '~', ':', '@', '...');

/** A file-name component at or near NAME_MAX bytes (255), plain or led by a specifier. */
const limitComponent: fc.Arbitrary<string> = fc
  .tuple(pick(253, 254, 255, 256, 257), mix([3, fc.constant('')], [1, specifier], [1, oddBytes], [1, pick('é', '😀')]))
  .map(([n, lead]) => lead + 'a'.repeat(Math.max(0, n - Buffer.byteLength(lead))));

const component: fc.Arbitrary<string> = mix(
  [6, word],
  [4, limitComponent],
  [3, specifier],
  [2, fc.tuple(word, specifier, word).map((p) => p.join(''))],
  [1, pick('.', '..', '')],
  [1, oddBytes],
  [1, escape],
);

/** A path whose raw length is at or near PATH_MAX - 1 (4095 bytes): 255-byte components, then the rest. */
const limitPath: fc.Arbitrary<string> = fc
  .tuple(pick(4093, 4094, 4095, 4096, 4097, 4100), mix([3, fc.constant('')], [1, specifier]), pick('', '/', '//'))
  .map(([total, lead, sep]) => {
    let p = `/${lead}`;
    while (Buffer.byteLength(p) + 256 < total) p += `${'a'.repeat(254)}/${sep === '//' ? '/' : ''}`;
    return p + 'b'.repeat(Math.max(1, total - Buffer.byteLength(p))) + (sep === '/' ? '/' : '');
  });

/** A path: absolute or not, doubled slashes, `.`/`..`, trailing slash, long components, specifiers. */
export const hostilePath: fc.Arbitrary<string> = mix(
  [8, fc
    .tuple(pick('/', '/', '/', '', '//', './', '../', '/../', '~'), fc.array(component, { minLength: 1, maxLength: 5 }), pick('/', '/', '/', '//', '/./', '/../'), pick('', '', '', '/', '/.', '/..'))
    .map(([lead, parts, sep, tail]) => lead + parts.join(sep) + tail)],
  [2, limitPath],
  [1, pick('', '/', '-', '%t', '%h/x', '%S/%N', '/%I', '/a/%f', '/dev/%i', '/proc/x', '/sys/fs/bpf/x', '/var/run/x', '/run/../x')],
);

// ---------------------------------------------------------------------------------------------
// Values per directive

const exec: fc.Arbitrary<string> = mix(
  [6, fc
    .tuple(pick('', '', '', '-', '@', ':', '+', '!', '!!', '|', '-@', '@-', '+!', '!+', '!-!', '||', '-|'), hostilePath, fc.array(mix([4, word], [2, specifier], [2, escape], [1, pick('"a b"', "'x'", '"unbalanced', ';', '\\;', 'x;', '"\\"')], [1, oddBytes]), { maxLength: 4 }))
    .map(([prefix, path, args]) => [prefix + path, ...args].join(' '))],
  [3, fc.tuple(pick('/bin/', '/usr/bin/', '', '/'), fc.array(mix([3, escape], [3, word], [1, oddBytes], [1, specifier]), { minLength: 1, maxLength: 3 })).map(([d, p]) => d + p.join(''))],
  [2, fc.tuple(pick('/bin/true', '-/bin/true', '@/bin/true'), pick(' ; ', ' ; ;', ';', ' \\; ', ' ; -'), hostilePath).map((p) => p.join(''))],
  [1, pick('/bin/true', 'true', '@/bin/true', '-@/bin/true', '/bin/..', '/bin/.', '..', '.', '|', '|%Z', '|/bin/true %Z', '"/bin/true', '/bin/true "a\\"', '/bin/true \\')],
);

const userName: fc.Arbitrary<string> = mix(
  [4, pick('root', '0', 'nobody', '65534', 'svc', '4294967294', '4294967295', '65535', '+1', '-1', '00', '007', ' x', 'x ', 'a b', 'a:b', 'a/b', '.', '..', '\u00a0x', 'x\u00a0', 'é', '%i', '%I', '%u', '%U', '%W', '%A', '%Z', '%-', 'x%', '%%', '%n', '%f', '%j', '%J', '%P', '%H', '%o', '%w')],
  [1, fc.tuple(pick('a', 'é', '%n'), pick(255, 256, 1000)).map(([c, n]) => c.repeat(n))],
  [1, fc.tuple(word, oddBytes, word).map((p) => p.join(''))],
);

const groupList: fc.Arbitrary<string> = join(fc.array(mix([4, userName], [1, pick('"adm"', "'wheel'", 'a\\ b')]), { minLength: 1, maxLength: 4 }), ' ');

/** A list with odd `~` and reset positions. */
const list = (words: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(pick('', '', '~', '~ ', ' ~', '~~', '~"', ''), fc.array(mix([6, words], [1, pick('~', '""', "''", '\\', '"x y"')]), { minLength: 0, maxLength: 5 }), pick(' ', '  ', '\t'))
    .map(([lead, ws, sep]) => lead + ws.join(sep));

const capability = pick(
  'CAP_SYS_ADMIN', 'cap_net_raw', 'CAP_KILL', 'CAP_BOGUS', '63', '62', '64', '-1', '-0', '+12', '0x15', '0X3f', '077', '08', '0b11', '0o27',
  '\\ 21', 'cap_sys_admin\u00a0', 'CAP_SYS_ADMIN,CAP_KILL', 'all', '%i', '\\x41',
);
const family = pick('AF_UNIX', 'AF_INET', 'AF_INET6', 'AF_NETLINK', 'AF_PACKET', 'AF_BOGUS', 'none', 'af_inet', '%i');
const syscall = pick('@system-service', '@privileged', '@resources', '@mount', 'ptrace', 'read', '@nosuch', 'ptrace:EPERM', '@clock:EBOGUS', '~@debug', '%i');
const namespace = pick('cgroup', 'ipc', 'net', 'mnt', 'pid', 'user', 'uts', 'time', 'bogus', 'yes', 'no', '%i');
const architecture = pick('native', 'x86-64', 'x86', 'x32', 'bogus', '%a');

const ipWord = pick(
  '0.0.0.0/0', '::/0', '127.0.0.1/8', '127.0.0.1', '::1', '::1/128', '::1/127', '0.0.0.0', '::', 'any', 'localhost', 'link-local', 'multicast',
  '127.0.0.1/33', '::/129', '10.0.0.0/8', '0/0', '1.2.3.4/-1', '010.0.0.1', '127.1', '::ffff:127.0.0.1/128', '0.0.0.0/00', '0.0.0.0/ 0', '%i', 'ANY', 'localhost.',
);

const ipList = fc.tuple(fc.array(ipWord, { minLength: 0, maxLength: 4 }), pick(' ', '  ', '\t')).map(([ws, sep]) => ws.join(sep));

const deviceAllow = fc
  .tuple(mix([3, hostilePath.map((p) => (p.startsWith('/') ? `/dev${p}` : p))], [2, pick('/dev/null', 'char-rtc', 'block-loop', '/run/systemd/inaccessible/chr', '/dev', '"/dev/null"', '%t', '/dev/%i', 'char-%i')]), pick('', ' r', ' rw', ' rwm', ' r w', ' x', ' ', ' rwmx', '\tr'))
  .map(([p, r]) => p + r);

const mountImages = fc
  .tuple(pick('', '-'), hostilePath, hostilePath, pick('', ':ro', ':root:ro', ':bogus:x', ':\\q', ':a\\:b', ':root:\\x00', '::'))
  .map(([dash, s, d, o]) => `${dash}${s}:${d}${o}`);

const credential = fc
  .tuple(mix([3, pick('key', 'k', '%n', '%i', 'a:b', '.', '..', 'é', '', 'a/b')], [1, pick(255, 256).map((n) => 'k'.repeat(n))]), pick('', ':', ':/etc/key', ':rel', ':/a/../b', ':%t/x', ':é', ':\\q'))
  .map(([id, rest]) => id + rest);
const setCredential = fc
  .tuple(pick('key', '%n', 'a:b', 'é', ''), pick(':', ': k4XTUwAAAA', ':QQ==', ':QR==', ':QUI=', ':QUJD', ':Q', ':    ', ':a\\q', ':\\x00'))
  .map(([id, rest]) => id + rest);

const boolean = pick('yes', 'no', 'true', '0', 'maybe', '', 'YES', 'on\u00a0', '1 ', '%i', 'y\\x65s', '"yes"');

/** One of an enum's words, or a near miss: another case, a quote, an odd byte, a specifier, empty. */
const enumish = (...words: string[]): fc.Arbitrary<string> =>
  mix(
    [6, pick(...words)],
    [2, boolean],
    [2, fc.tuple(pick(...words), pick('', ' x', '\u00a0', '%i', '"', raw(0xff), '\x01', '\\')).map(([w, t]) => (w.length > 1 ? w[0]!.toUpperCase() + w.slice(1) : w) + t)],
  );
const pathList = join(fc.array(mix([3, hostilePath], [1, hostilePath.map((p) => `-${p}`)], [1, hostilePath.map((p) => `+${p}`)]), { minLength: 0, maxLength: 3 }), ' ');

/** Directives with their values (the ones the checks read, the fatal ones, and some others). */
const DIRECTIVES: ReadonlyArray<[string, fc.Arbitrary<string>, number]> = [
  ['ExecStart', exec, 2], ['ExecStartPre', exec, 5], ['ExecStop', exec, 1], ['ExecStartPost', exec, 1], ['ExecReload', exec, 1],
  ['User', userName, 5], ['Group', userName, 2], ['SupplementaryGroups', groupList, 2], ['DynamicUser', boolean, 2],
  ['RootDirectory', hostilePath, 4], ['RootImage', hostilePath, 3], ['RootVerity', hostilePath, 1],
  ['WorkingDirectory', hostilePath.chain((p) => pick(p, `-${p}`, '~', '-~')), 3], ['PIDFile', hostilePath, 3],
  ['IPIngressFilterPath', hostilePath, 3], ['IPEgressFilterPath', hostilePath, 2],
  ['IPAddressDeny', ipList, 4], ['IPAddressAllow', ipList, 3],
  ['DeviceAllow', deviceAllow, 3], ['DevicePolicy', pick('closed', 'strict', 'auto', 'bogus', ''), 2],
  ['MountImages', mountImages, 2], ['LoadCredentialEncrypted', credential, 2], ['LoadCredential', credential, 1],
  ['SetCredentialEncrypted', setCredential, 2], ['SetCredential', setCredential, 1], ['PAMName', pick('login', '%W', '%Z', ''), 1],
  ['PrivateUsers', pick('managed', 'yes', 'self', ''), 1],
  ['SELinuxContext', pick('%Z', '-%Z', 'x%i', '', '-'), 1], ['AppArmorProfile', pick('%Z', '-%Z', 'p'), 1], ['SmackProcessLabel', pick('%Z', '-%Z'), 1],
  ['CapabilityBoundingSet', list(capability), 3], ['AmbientCapabilities', list(capability), 1],
  ['RestrictAddressFamilies', list(family), 3], ['SystemCallFilter', list(syscall), 3], ['RestrictNamespaces', list(namespace), 2],
  ['SystemCallArchitectures', list(architecture), 2],
  ['PrivateTmp', boolean, 1], ['NoNewPrivileges', boolean, 1], ['ProtectSystem', pick('strict', 'full', 'yes', ''), 1],
  ['ProtectHome', pick('yes', 'read-only', 'tmpfs', ''), 1], ['ProtectHostname', pick('yes', 'private:%H', 'private:%Z', 'private:%m', ''), 1],
  ['UMask', pick('0077', '077', '0o77', '', '%U'), 1], ['Type', pick('oneshot', 'simple', 'exec', 'bogus'), 2],
  ['RemainAfterExit', boolean, 1], ['Description', fc.tuple(word, oddBytes).map((p) => p.join('')), 1],
  ['KeyringMode', enumish('inherit', 'private', 'shared'), 1], ['ProtectProc', enumish('default', 'noaccess', 'invisible', 'ptraceable'), 1],
  ['ProcSubset', enumish('all', 'pid'), 1], ['NotifyAccess', enumish('none', 'main', 'exec', 'all'), 1],
  ['PrivateMounts', boolean, 1], ['PrivateDevices', boolean, 1], ['PrivateNetwork', boolean, 1], ['ProtectKernelTunables', boolean, 1],
  ['ProtectKernelModules', boolean, 1], ['ProtectKernelLogs', boolean, 1], ['ProtectClock', boolean, 1], ['RemoveIPC', boolean, 1],
  ['RestrictRealtime', boolean, 1], ['RestrictSUIDSGID', boolean, 1], ['LockPersonality', boolean, 1], ['MemoryDenyWriteExecute', boolean, 1],
  ['Delegate', enumish('yes', 'cpu memory', 'io', ''), 1], ['ProtectControlGroups', enumish('yes', 'private', 'strict', 'no'), 1],
  // Settings that decide whether the unit needs a mount namespace (WorkingDirectory= below /proc … on 257+).
  ['KillMode', enumish('control-group', 'process', 'mixed', 'none'), 1], ['MountAPIVFS', boolean, 1], ['PrivateIPC', boolean, 1],
  ['PrivatePIDs', boolean, 1], ['MountFlags', enumish('shared', 'slave', 'private'), 1], ['NetworkNamespacePath', hostilePath, 1],
  ['ReadOnlyPaths', pathList, 1], ['BindPaths', pathList, 1], ['TemporaryFileSystem', pathList, 1], ['StateDirectory', pick('a', 'a/b', '', '../x', '%n'), 1],
  ['LogNamespace', pick('', 'ns', '%i', 'a b'), 1], ['BindLogSockets', boolean, 1],
];

const layout: fc.Arbitrary<Layout> = mix([12, fc.constant<Layout>('plain')], [2, fc.constant<Layout>('continued')], [1, fc.constant<Layout>('continued-comment')], [1, fc.constant<Layout>('spaced')]);

/** A value, sometimes with an odd byte inside. */
const withHostility = (value: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  mix([12, value], [1, fc.tuple(value, oddBytes, fc.nat()).map(([v, b, n]) => v.slice(0, n % (v.length + 1)) + b + v.slice(n % (v.length + 1)))]);

const assignment: fc.Arbitrary<HostileLine> = fc
  .oneof(...DIRECTIVES.map(([key, value, weight]) => ({ weight, arbitrary: fc.tuple(fc.constant(key), withHostility(value), layout) })))
  .map(([key, value, l]) => ({ key, value, layout: l }));

const otherLine: fc.Arbitrary<HostileLine> = pick<HostileLine>(
  { text: '# a comment \\' }, { text: `# ${raw(0xff)} in a comment` }, { text: '' }, { text: '; ;' }, { text: '[X-Odd]' },
  { text: '[Service' }, { text: 'NoEquals' }, { text: '\\' }, { text: 'ExecStart=\\' },
);

const lines = (max: number): fc.Arbitrary<HostileLine[]> => fc.array(mix([10, assignment], [1, otherLine]), { maxLength: max });

/** Socket addresses at the edges: sun_path length, ports, IPv6 (the oracles see /proc: IPv6 works). */
const listenValue: fc.Arbitrary<string> = mix(
  [3, pick('0', '65535', '65536', '[::1]:80', '[::]:0', '127.0.0.1:0', '1.2.3.4:99999', 'vsock:2:80', 'vsock::80', '@', '@x', '/', '%t/x.sock', '%Z')],
  [2, pick(106, 107, 108, 109).map((n) => `/${'s'.repeat(n - 1)}`)],
  [1, pick(106, 107, 108).map((n) => `@${'s'.repeat(n - 1)}`)],
);

/** LONG_LINE_MAX (1 MiB): how long a huge line is, and what it is. */
export interface HugeLine {
  /** Bytes of the line without its end. */
  readonly length: number;
  /** A comment; an ExecStart= argument; one with `%m` that expands past 1 MiB; a line split by continuations. */
  readonly kind: 'comment' | 'argument' | 'expanding' | 'continued';
}

const huge: fc.Arbitrary<HugeLine | undefined> = mix<HugeLine | undefined>(
  [150, fc.constant(undefined)],
  [1, fc.record({ length: pick(1048500, 1048574, 1048575, 1048576, 1048577), kind: pick<HugeLine['kind']>('comment', 'argument', 'expanding', 'continued') })],
);

/** The text of a huge line (see {@link HugeLine}), `eol` between continued pieces. */
function hugeLine(h: HugeLine, eol: string): string {
  switch (h.kind) {
    case 'comment':
      return `#${'c'.repeat(h.length - 1)}`;
    case 'expanding': {
      const head = 'ExecStartPre=/bin/true ';
      return head + '%m'.repeat(2000) + 'x'.repeat(h.length - head.length - 4000);
    }
    case 'continued': {
      const head = 'ExecStartPre=/bin/true ';
      const half = Math.floor((h.length - head.length) / 2);
      return `${head}${'y'.repeat(half - 2)} \\${eol}${'z'.repeat(h.length - head.length - half)}`;
    }
    default: {
      const head = 'ExecStartPre=/bin/true ';
      return head + 'x'.repeat(h.length - head.length);
    }
  }
}

/** A hostile template instance (the unit is then `ID@INSTANCE.service`). */
const instance: fc.Arbitrary<string | undefined> = mix(
  [8, fc.constant(undefined)],
  [2, pick('', 'i', 'a-b', 'a\\x2db', '\\xff', '\\xc3\\xa9', '\\x00', '\\x2f', '-', '--', 'x-', '-x', '\\x', 'a.b', ':', '\\x2e', '\\x2e\\x2e', '\\x5c')],
  // Long enough for a 253-byte unit name (NAME.d must still fit in 255 bytes).
  [1, pick(200, 228, 231, 232).map((n) => 'i'.repeat(n))],
);

/** Random hostile units: mostly services, some sockets, some with drop-ins. */
export function hostileArbitrary(): fc.Arbitrary<HostileUnit> {
  return fc
    .record({
      type: mix<'service' | 'socket'>([12, fc.constant('service')], [1, fc.constant('socket')]),
      instance,
      bom: mix([12, fc.constant(false)], [1, fc.constant(true)]),
      lineEnd: mix<'\n' | '\r\n' | '\r'>([12, fc.constant('\n')], [2, fc.constant('\r\n')], [1, fc.constant('\r')]),
      noFinalNewline: mix([10, fc.constant(false)], [1, fc.constant(true)]),
      base: mix([6, fc.constant(true)], [1, fc.constant(false)]),
      main: lines(5),
      dropIns: fc.uniqueArray(fc.tuple(pick('10-a.conf', '20-b.conf', 'z.conf'), lines(5)), { maxLength: 3, selector: ([n]) => n }),
      huge,
      listen: mix([6, fc.constant('8080')], [1, listenValue]),
    })
    .map(({ type, instance: inst, bom, lineEnd, noFinalNewline, base, main, dropIns, huge: h, listen }): HostileUnit => {
      const section = type === 'service' ? 'Service' : 'Socket';
      const head: HostileLine[] = !base ? [] : type === 'service' ? [{ key: 'ExecStart', value: '/bin/true', layout: 'plain' }] : [{ key: 'ListenStream', value: listen, layout: 'plain' }];
      const fix = (l: HostileLine): HostileLine => ('key' in l && type === 'socket' && l.key === 'ExecStart' ? { ...l, key: 'ExecStartPre' } : l);
      return {
        type, bom, lineEnd, noFinalNewline,
        ...(type === 'service' && inst !== undefined ? { instance: inst } : {}),
        ...(type === 'service' && h !== undefined ? { huge: h } : {}),
        sections: [{ name: section, lines: [...head, ...main.map(fix)] }],
        dropIns: dropIns.map(([fileName, l]) => ({ fileName, sections: [{ name: section, lines: l.map(fix) }] })),
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Rendering

function renderLine(l: HostileLine, eol: string): string {
  if ('text' in l) return l.text;
  const { key, value } = l;
  const space = value.indexOf(' ', 1);
  switch (l.layout) {
    case 'spaced':
      return `${key} = ${value}`;
    case 'continued':
      return space > 0 ? `${key}=${value.slice(0, space)} \\${eol}  ${value.slice(space + 1)}` : `${key}=\\${eol}${value}`;
    case 'continued-comment':
      return space > 0 ? `${key}=${value.slice(0, space)} \\${eol}# inside${eol}${value.slice(space + 1)}` : `${key}=${value}`;
    default:
      return `${key}=${value}`;
  }
}

function renderSections(sections: readonly HostileSection[], eol: string): string {
  return sections.map((s) => `[${s.name}]${eol}${s.lines.map((l) => renderLine(l, eol) + eol).join('')}`).join('');
}

/** The file name of a unit under `id` (exactly {@link ID_LENGTH} characters). */
export function hostileFileName(unit: HostileUnit, id: string): string {
  return `${id}${unit.instance !== undefined ? `@${unit.instance}` : ''}.${unit.type}`;
}

/** A generated unit as bytes: the main file and its drop-ins. */
export interface RenderedHostile {
  readonly name: string;
  readonly bytes: Buffer;
  readonly dropIns: ReadonlyArray<{ readonly fileName: string; readonly bytes: Buffer }>;
}

/** The bytes of a generated text (raw-byte code points become their bytes). */
const toBuffer = (text: string): Buffer => (/[\udc80-\udcff]/.test(text) ? Buffer.from(textToBytes(text)) : Buffer.from(text, 'utf8'));

/** Renders a unit under `id`. */
export function renderHostile(unit: HostileUnit, id: string): RenderedHostile {
  let text = renderSections(unit.sections, unit.lineEnd);
  if (unit.huge) text += hugeLine(unit.huge, unit.lineEnd) + unit.lineEnd;
  if (unit.noFinalNewline) text = text.slice(0, -unit.lineEnd.length);
  if (unit.bom) text = '\ufeff' + text;
  return {
    name: hostileFileName(unit, id),
    bytes: toBuffer(text),
    dropIns: unit.dropIns.map((d) => ({ fileName: d.fileName, bytes: toBuffer(renderSections(d.sections, '\n')) })),
  };
}
