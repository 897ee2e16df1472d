/**
 * fast-check arbitraries of valid typed units, biased to realistic services: absolute ExecStart= of
 * binaries every Debian has, sandboxing directives of every value kind. Generated models are in
 * normal form (see lib/unit/typed/model.ts), so they round-trip exactly, and valid for systemd
 * `release` (default 252, the oldest supported): nothing newer than that release is used.
 */
import fc from 'fast-check';
import type { ServiceUnitModel } from '../../../lib/unit/typed';
import { renderCommandLine } from '../../../lib/unit/values/command-line';
import { CAPABILITIES } from '../../../lib/unit/values/data/capabilities';
import { SYSCALL_GROUP_SINCE, SYSCALL_SINCE } from '../../../lib/unit/values/data/syscalls';
import { NAMESPACE_TYPES } from '../../../lib/unit/values/data/kernel-names';

/** Options of {@link serviceModelArbitrary}. */
export interface ServiceArbitraryOptions {
  /** systemd release the units must be valid for (default 252). */
  readonly release?: number;
}

const maybe = <T>(arb: fc.Arbitrary<T>, freq = 0.5): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: Math.round(freq * 100), arbitrary: arb }, { weight: Math.round((1 - freq) * 100), arbitrary: fc.constant(undefined) });

const subset = <T>(items: readonly T[], min = 1, max = 4): fc.Arbitrary<T[]> => fc.uniqueArray(fc.constantFrom(...items), { minLength: min, maxLength: max });

/** Text that is safe and readable (may contain % and quotes, which are escaped/quoted when written). */
const friendlyText = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.:()%'"_-]{0,30}[A-Za-z0-9)]$/);

/** Arguments with hostile characters (quotes, backslashes, $, %, newlines, unicode): escaped by renderCommandLine. */
const argument = fc.oneof(
  fc.constantFrom('-c', '--verbose', 'hello world', '$HOME', '100%', 'a"b', "it's", 'back\\slash', 'tab\there', 'new\nline', 'ünïcödé ✓', ';', ''),
  fc.string({ unit: fc.constantFrom('a', ' ', '"', "'", '\\', '$', '%', '\n', '\t', 'é', ';', '{', '}'), maxLength: 12 }),
);

const commandLine: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('/usr/bin/true', '/bin/true', '/usr/bin/sleep 1', '/bin/echo hello', '/bin/sh -c "exit 0"', '-/usr/bin/false', '/usr/bin/env FOO=bar /usr/bin/true', 'true'),
  fc.record({
    prefixes: fc.constantFrom('', '-', '+', '!', ':', '-+'),
    executable: fc.constantFrom('/bin/echo', '/usr/bin/printf', '/bin/sh'),
    args: fc.array(argument, { maxLength: 4 }),
  }).map((c) => renderCommandLine(c.executable === '/bin/sh' ? { ...c, args: ['-c', 'exit 0', ...c.args] } : c)),
);

const envAssignment = fc.tuple(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/), fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', "'", '\\', '%', '$', '\n', '=', 'é'), maxLength: 10 })).map(([k, v]) => `${k}=${v}`);

const octal = (max: number) => fc.integer({ min: 0, max }).map((n) => n.toString(8).padStart(4, '0'));

/** Arbitrary of valid service models (see file comment). */
export function serviceModelArbitrary(options: ServiceArbitraryOptions = {}): fc.Arbitrary<ServiceUnitModel> {
  const release = options.release ?? 252;
  const syscallNames = [...SYSCALL_SINCE].filter(([, r]) => r <= release).map(([n]) => n);
  const groups = Object.entries(SYSCALL_GROUP_SINCE).filter(([, r]) => r <= release).map(([g]) => g);
  const syscallWord = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...groups) }, { weight: 1, arbitrary: fc.constantFrom(...syscallNames) });
  const capsList = subset(CAPABILITIES, 1, 5);
  const capabilityAssignment = fc.tuple(fc.boolean(), capsList).map(([inv, caps]) => (inv ? '~' : '') + caps.join(' '));
  const enumWithRelease = <T extends string | boolean>(items: readonly [T, number][]): fc.Arbitrary<T> =>
    fc.constantFrom(...items.filter(([, r]) => r <= release).map(([v]) => v));

  const unitSection = fc.record(
    {
      Description: friendlyText,
      After: subset(['network.target', 'network-online.target', 'local-fs.target', 'time-sync.target', 'remote-fs.target']),
      Wants: subset(['network-online.target', 'time-sync.target']),
      StartLimitIntervalSec: fc.constantFrom('10s', '1min', '5min 30s', '0'),
      StartLimitBurst: fc.integer({ min: 1, max: 20 }),
      DefaultDependencies: fc.boolean(),
    },
    { requiredKeys: ['Description'] },
  );

  const sandbox = fc.record(
    {
      User: fc.constantFrom('daemon', 'www-data', 'root', '1234'),
      Group: fc.constantFrom('daemon', 'www-data', 'adm'),
      DynamicUser: fc.boolean(),
      SupplementaryGroups: subset(['adm', 'systemd-journal', 'audio']),
      NoNewPrivileges: fc.boolean(),
      ProtectSystem: fc.constantFrom<boolean | 'full' | 'strict'>(true, false, 'full', 'strict'),
      ProtectHome: fc.constantFrom<boolean | 'read-only' | 'tmpfs'>(true, false, 'read-only', 'tmpfs'),
      PrivateTmp: enumWithRelease<boolean | 'connected' | 'disconnected'>([[true, 0], [false, 0], ['disconnected', 257]]),
      PrivateDevices: fc.boolean(),
      PrivateNetwork: fc.boolean(),
      PrivateUsers: enumWithRelease<boolean | 'self' | 'identity' | 'full' | 'managed'>([[true, 0], [false, 0], ['self', 257], ['identity', 257], ['full', 258]]),
      PrivateMounts: fc.boolean(),
      PrivateIPC: fc.boolean(),
      ProtectHostname: enumWithRelease<boolean | 'private'>([[true, 0], [false, 0], ['private', 258]]),
      ProtectClock: fc.boolean(),
      ProtectKernelTunables: fc.boolean(),
      ProtectKernelModules: fc.boolean(),
      ProtectKernelLogs: fc.boolean(),
      ProtectControlGroups: enumWithRelease<boolean | 'private' | 'strict'>([[true, 0], [false, 0], ['private', 257], ['strict', 257]]),
      ProtectProc: fc.constantFrom<'noaccess' | 'invisible' | 'ptraceable' | 'default'>('noaccess', 'invisible', 'ptraceable', 'default'),
      ProcSubset: fc.constantFrom<'all' | 'pid'>('all', 'pid'),
      KeyringMode: fc.constantFrom<'inherit' | 'private' | 'shared'>('inherit', 'private', 'shared'),
      LockPersonality: fc.boolean(),
      MemoryDenyWriteExecute: fc.boolean(),
      RestrictRealtime: fc.boolean(),
      RestrictSUIDSGID: fc.boolean(),
      RemoveIPC: fc.boolean(),
      UMask: octal(0o777),
      CapabilityBoundingSet: fc.array(capabilityAssignment, { minLength: 1, maxLength: 2 }),
      AmbientCapabilities: fc.array(capsList.map((c) => c.join(' ')), { minLength: 1, maxLength: 1 }),
      SystemCallFilter: fc.array(fc.tuple(fc.boolean(), fc.uniqueArray(syscallWord, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([inv, ws, errno]) =>
        inv ? '~' + ws.map((w, i) => (errno && i === 0 ? `${w}:EPERM` : w)).join(' ') : ws.join(' ')), { minLength: 1, maxLength: 2 }),
      SystemCallErrorNumber: fc.constantFrom('EPERM', 'EACCES', 'ENOSYS'),
      SystemCallArchitectures: fc.constantFrom(['native'], ['native', 'x86']),
      RestrictAddressFamilies: fc.oneof(
        fc.constant(['none']),
        subset(['AF_UNIX', 'AF_INET', 'AF_INET6', 'AF_NETLINK', 'AF_PACKET', 'AF_BLUETOOTH']).map((l) => [l.join(' ')]),
        subset(['AF_PACKET', 'AF_NETLINK', 'AF_BLUETOOTH', 'AF_X25']).map((l) => ['~' + l.join(' ')]),
      ),
      RestrictNamespaces: fc.oneof(
        fc.boolean().map((b) => [b]),
        fc.tuple(fc.boolean(), subset(NAMESPACE_TYPES)).map(([inv, l]) => [(inv ? '~' : '') + l.join(' ')]),
      ),
      IPAddressDeny: fc.constantFrom(['any'], ['0.0.0.0/0', '::/0'], ['10.0.0.0/8']),
      IPAddressAllow: subset(['localhost', 'link-local', '192.168.1.0/24', '::1', 'fe80::/64', 'multicast']),
      DevicePolicy: fc.constantFrom<'auto' | 'closed' | 'strict'>('auto', 'closed', 'strict'),
      DeviceAllow: subset(['/dev/null rw', '/dev/zero r', 'char-rtc r', 'block-loop rwm', '/dev/urandom']),
      ReadWritePaths: subset(['-/var/lib/example', '-/srv/data', '-/run/example dir', '+/var/cache/x']),
      ReadOnlyPaths: subset(['/etc', '-/opt/example']),
      InaccessiblePaths: subset(['-/root', '-/var/log/private']),
      TemporaryFileSystem: subset(['/var/tmp', '/mnt:ro']),
      BindReadOnlyPaths: subset(['/etc/hosts', '-/etc/resolv.conf:/run/resolv.conf']),
      StateDirectory: subset(['example', 'example/sub', 'other']),
      RuntimeDirectory: subset(['example']),
      RuntimeDirectoryMode: octal(0o7777),
      LogsDirectory: subset(['example']),
      Environment: fc.array(envAssignment, { minLength: 1, maxLength: 3 }),
      EnvironmentFile: subset(['-/etc/default/example', '-/etc/example.env']),
      WorkingDirectory: fc.constantFrom('/', '-/var/lib/example', '/tmp'),
      LimitNOFILE: fc.constantFrom('1024', '4096', '1024:4096', 'infinity'),
      Nice: fc.integer({ min: -20, max: 19 }),
      OOMScoreAdjust: fc.integer({ min: -1000, max: 1000 }),
      MemoryMax: fc.constantFrom('512M', '1G', '50%', 'infinity'),
      TasksMax: fc.constantFrom('100', '10%', 'infinity'),
      CPUQuota: fc.constantFrom('20%', '150%'),
      SyslogIdentifier: friendlyText,
      StandardOutput: fc.constantFrom('journal', 'null', 'append:/var/log/example.log'),
      KillMode: fc.constantFrom<'control-group' | 'mixed' | 'process'>('control-group', 'mixed', 'process'),
      KillSignal: fc.constantFrom('SIGTERM', 'SIGINT', 'SIGRTMIN+3'),
      TimeoutStopSec: fc.constantFrom('10s', '1min 30s', 'infinity', '90'),
    },
    { requiredKeys: [] },
  );

  return fc
    .record({
      unit: unitSection,
      type: fc.constantFrom<'simple' | 'exec' | 'oneshot' | 'notify'>('simple', 'exec', 'oneshot', 'notify'),
      exec: fc.array(commandLine, { minLength: 1, maxLength: 3 }),
      pre: maybe(fc.array(commandLine, { minLength: 1, maxLength: 2 }), 0.3),
      restart: fc.constantFrom<'no' | 'on-failure' | 'always'>('no', 'on-failure', 'always'),
      sandbox,
      install: fc.boolean(),
    })
    .map(({ unit, type, exec, pre, restart, sandbox: s, install }) => {
      const service: Record<string, unknown> = { Type: type, ExecStart: type === 'oneshot' ? exec : exec.slice(0, 1), ...s };
      if (pre) service.ExecStartPre = pre;
      if (type !== 'oneshot') service.Restart = restart;
      const model: ServiceUnitModel = {
        Unit: unit,
        Service: service,
        ...(install ? { Install: { WantedBy: ['multi-user.target'] } } : {}),
      };
      return model;
    });
}

/** Arbitrary of valid socket units (stream/datagram/FIFO listeners, ownership and modes, an exec sandbox subset). */
export function socketModelArbitrary(): fc.Arbitrary<import('../../../lib/unit/typed').SocketUnitModel> {
  const port = fc.integer({ min: 1, max: 65535 }).map(String);
  return fc
    .record(
      {
        ListenStream: fc.array(fc.oneof(port, port.map((p) => `127.0.0.1:${p}`), fc.constantFrom('/run/example.sock', '@example')), { minLength: 1, maxLength: 2 }),
        ListenDatagram: fc.array(port, { minLength: 1, maxLength: 1 }),
        ListenFIFO: fc.constant(['/run/example.fifo']),
        Accept: fc.boolean(),
        SocketUser: fc.constantFrom('www-data', 'daemon'),
        SocketGroup: fc.constantFrom('www-data', 'adm'),
        SocketMode: octal(0o7777),
        BindIPv6Only: fc.constantFrom<'default' | 'both' | 'ipv6-only'>('default', 'both', 'ipv6-only'),
        Backlog: fc.integer({ min: 0, max: 4096 }),
        FileDescriptorName: fc.stringMatching(/^[a-z][a-z0-9_-]{0,15}$/),
        Service: fc.constantFrom('example.service', 'other-name.service'),
        NoDelay: fc.boolean(),
        KeepAlive: fc.boolean(),
        ReceiveBuffer: fc.constantFrom('64K', '1M'),
        PrivateTmp: fc.boolean(),
        RemoveOnStop: fc.boolean(),
        TriggerLimitIntervalSec: fc.constantFrom('2s', '1min'),
      },
      { requiredKeys: ['ListenStream'] },
    )
    .map((socket) => {
      // Accept=yes needs connection-oriented listeners only and the default (template) service.
      const { ListenDatagram, ListenFIFO, Service, ...accepting } = socket;
      const valid = socket.Accept ? accepting : socket;
      void [ListenDatagram, ListenFIFO, Service];
      return { Unit: { Description: 'Example socket' }, Socket: valid, Install: { WantedBy: ['sockets.target'] } };
    });
}

/** Arbitrary of valid timer units. */
export function timerModelArbitrary(): fc.Arbitrary<import('../../../lib/unit/typed').TimerUnitModel> {
  const span = fc.constantFrom('30s', '5min', '1h', '1d', '1h 30min', '90');
  return fc
    .record(
      {
        OnCalendar: fc.array(fc.constantFrom('daily', 'weekly', 'hourly', 'Mon *-*-* 04:00:00', '*-*-01 00:00:00', 'Mon..Fri 09:30', '*:0/15', 'Sat,Sun 10:00 UTC'), { minLength: 1, maxLength: 2 }),
        OnBootSec: fc.array(span, { minLength: 1, maxLength: 1 }),
        OnUnitActiveSec: fc.array(span, { minLength: 1, maxLength: 1 }),
        AccuracySec: span,
        RandomizedDelaySec: span,
        FixedRandomDelay: fc.boolean(),
        Persistent: fc.boolean(),
        WakeSystem: fc.boolean(),
        RemainAfterElapse: fc.boolean(),
        Unit: fc.constantFrom('example.service', 'backup.service'),
      },
      { requiredKeys: ['OnCalendar'] },
    )
    .map((timer) => ({ Unit: { Description: 'Example timer' }, Timer: timer, Install: { WantedBy: ['timers.target'] } }));
}
