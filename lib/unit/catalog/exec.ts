/**
 * systemd.exec(5): the execution environment of services (and sockets, mounts, swaps). Covers every
 * directive the exposure checks read plus those services commonly use.
 */
import { ANCIENT, directive as d, lines, words, type DirectiveTable } from './define';
import {
  booleanKind as bool, enumKind, integerKind, octalKind, durationKind, rlimitKind,
  plainTextKind, pathKind, userNameKind, capabilityListKind, syscallFilterKind, addressFamiliesKind,
  namespacesKind, architectureKind, syscallLogKind, environmentKind, journalFieldKind, envNameKind, outputKind, bindPathKind, tmpfsKind,
  managedDirectoryKind, loadCredentialKind, setCredentialKind, mountImageKind, NO_UNQUOTE, UNQUOTE_ONLY,
  UNQUOTE_CUNESCAPE, textKind, ValueRuleError, ERRNO_NAMES,
} from '../values';

const M = 'systemd.exec' as const;
const path = pathKind();
const optionalPath = pathKind({ prefixes: '-' });
/**
 * ExecSearchPath= is split on ':' without unquoting (252–262): a quoted word keeps its quotes and is
 * then "not absolute". Entries are therefore limited to characters that are never quoted.
 */
const searchPath = textKind('search-path', 'an absolute path of ASCII letters, digits and _ @ + = , . / ~ -', {
  check(s) {
    pathKind({ expands: false }).toRaw(s);
    if (s.includes(':')) throw new ValueRuleError('ExecSearchPath= entries are separated by colons: a path cannot contain one');
    if (!/^[A-Za-z0-9_@+=,./~-]+$/.test(s)) throw new ValueRuleError('an ExecSearchPath= entry is written unquoted: only ASCII letters, digits and _ @ + = , . / ~ - are allowed');
  },
}, true);
const namespacePath = pathKind({ prefixes: '-+' });
const dirMode = octalKind(0o7777);
const errnoKind = textKind('errno', 'an errno name such as EPERM, or a number from 1 to 4095, or kill/log', {
  check(s) {
    if (typeof s !== 'string') throw new ValueRuleError('expected a string');
    if (/^[0-9]+$/.test(s) ? /^0/.test(s) || Number(s) < 1 || Number(s) > 4095 : !['kill', 'log', ...ERRNO_NAMES].includes(s)) throw new ValueRuleError('an errno name such as EPERM, a number from 1 to 4095, or kill/log');
  },
}, false);
const wordList = (rule: string, re: RegExp) =>
  textKind('word', rule, {
    check(s) {
      if (typeof s !== 'string' || !re.test(s)) throw new ValueRuleError(rule);
    },
  }, true);

/** [Service]/[Socket] directives of systemd.exec(5), in canonical order. */
export const EXEC_DIRECTIVES = {
  // Paths
  ExecSearchPath: words(searchPath, UNQUOTE_ONLY, M, 250, 'Directories searched for programs named without a path in Exec*= lines.'),
  WorkingDirectory: d(pathKind({ prefixes: '-', tilde: true }), M, ANCIENT, 'Working directory of the processes; ~ for the home directory, - to ignore a missing one.'),
  RootDirectory: d(path, M, ANCIENT, 'Runs the processes chrooted into this directory.'),
  RootImage: d(path, M, 233, 'Runs the processes in this disk image, mounted as the root directory.'),
  RootMStack: d(path, M, 260, 'Runs the processes on a stack of root file system layers (newest releases only).'),
  MountAPIVFS: d(bool, M, 233, 'Mounts /proc, /sys, /dev and /run inside a RootDirectory=/RootImage=.'),
  BindPaths: words(bindPathKind, UNQUOTE_ONLY, M, 233, 'Bind-mounts host paths into the service namespace, read-write.'),
  BindReadOnlyPaths: words(bindPathKind, UNQUOTE_ONLY, M, 233, 'Bind-mounts host paths into the service namespace, read-only.'),
  MountImages: words(mountImageKind, UNQUOTE_ONLY, M, 247, 'Mounts disk images at the given places inside the service namespace.'),
  // Credentials
  User: d(userNameKind, M, ANCIENT, 'User the processes run as (a name or numeric UID).'),
  Group: d(userNameKind, M, ANCIENT, 'Primary group the processes run as.'),
  DynamicUser: d(bool, M, 232, 'Allocates a transient user and group for the lifetime of the service.'),
  SupplementaryGroups: words(userNameKind, NO_UNQUOTE, M, ANCIENT, 'Extra groups the processes are members of.'),
  PAMName: d(plainTextKind(), M, ANCIENT, 'Opens a PAM session with this service name for the processes.'),
  // Capabilities
  CapabilityBoundingSet: lines(capabilityListKind, M, ANCIENT, 'Limits the capabilities the processes can ever gain (~ lists the ones to drop).'),
  AmbientCapabilities: lines(capabilityListKind, M, 229, 'Capabilities granted to the processes even when they run as a non-root user.'),
  // Security
  NoNewPrivileges: d(bool, M, 187, 'Forbids gaining privileges through setuid binaries or file capabilities.'),
  SecureBits: words(enumKind(['keep-caps', 'keep-caps-locked', 'no-setuid-fixup', 'no-setuid-fixup-locked', 'noroot', 'noroot-locked']), UNQUOTE_ONLY, M, ANCIENT, 'Secure bits of the processes (prctl PR_SET_SECUREBITS).'),
  // Sandboxing
  ProtectSystem: d(enumKind(['full', 'strict'], { booleans: true }), M, 214, 'Mounts /usr and /boot (yes), also /etc (full) or the whole file system (strict) read-only.'),
  ProtectHome: d(enumKind(['read-only', 'tmpfs'], { booleans: true }), M, 214, 'Hides (yes), empties (tmpfs) or write-protects (read-only) /home, /root and /run/user.'),
  RuntimeDirectory: words(managedDirectoryKind, UNQUOTE_ONLY, M, 211, 'Directories created below /run for the service and removed when it stops.'),
  StateDirectory: words(managedDirectoryKind, UNQUOTE_ONLY, M, 235, 'Directories below /var/lib owned by the service user.'),
  CacheDirectory: words(managedDirectoryKind, UNQUOTE_ONLY, M, 235, 'Directories below /var/cache owned by the service user.'),
  LogsDirectory: words(managedDirectoryKind, UNQUOTE_ONLY, M, 235, 'Directories below /var/log owned by the service user.'),
  ConfigurationDirectory: words(managedDirectoryKind, UNQUOTE_ONLY, M, 235, 'Directories below /etc made available to the service.'),
  RuntimeDirectoryMode: d(dirMode, M, 211, 'Access mode of the RuntimeDirectory= directories.'),
  StateDirectoryMode: d(dirMode, M, 235, 'Access mode of the StateDirectory= directories.'),
  CacheDirectoryMode: d(dirMode, M, 235, 'Access mode of the CacheDirectory= directories.'),
  LogsDirectoryMode: d(dirMode, M, 235, 'Access mode of the LogsDirectory= directories.'),
  ConfigurationDirectoryMode: d(dirMode, M, 235, 'Access mode of the ConfigurationDirectory= directories.'),
  RuntimeDirectoryPreserve: d(enumKind(['restart'], { booleans: true }), M, 235, 'Keeps RuntimeDirectory= across stops (yes) or only across restarts (restart).'),
  ReadWritePaths: words(namespacePath, UNQUOTE_ONLY, M, 231, 'Paths that stay writable inside a read-only sandbox (- ignores missing ones).'),
  ReadOnlyPaths: words(namespacePath, UNQUOTE_ONLY, M, 231, 'Paths made read-only for the processes.'),
  InaccessiblePaths: words(namespacePath, UNQUOTE_ONLY, M, 231, 'Paths made inaccessible for the processes.'),
  ExecPaths: words(namespacePath, UNQUOTE_ONLY, M, 231, 'Paths from which programs may be executed (with NoExecPaths=).'),
  NoExecPaths: words(namespacePath, UNQUOTE_ONLY, M, 231, 'Paths from which programs may not be executed.'),
  TemporaryFileSystem: words(tmpfsKind, UNQUOTE_ONLY, M, 238, 'Mounts empty tmpfs file systems over these paths.'),
  PrivateTmp: d(enumKind(['connected', 'disconnected'], { booleans: true }), M, ANCIENT, 'Gives the service its own /tmp and /var/tmp.', { valueSince: { connected: 257, disconnected: 257 } }),
  PrivateDevices: d(bool, M, 209, 'Gives the service a minimal /dev without physical devices.'),
  PrivateNetwork: d(bool, M, ANCIENT, 'Runs the service in its own network namespace with only a loopback device.'),
  NetworkNamespacePath: d(path, M, 242, 'Joins the network namespace at this path.'),
  PrivateIPC: d(bool, M, 248, 'Runs the service in its own IPC namespace.'),
  IPCNamespacePath: d(path, M, 248, 'Joins the IPC namespace at this path.'),
  PrivateUsers: d(enumKind(['self', 'identity', 'full', 'managed'], { booleans: true }), M, 232, 'Runs the service in its own user namespace.', { valueSince: { self: 257, identity: 257, full: 258, managed: 260 } }),
  ProtectHostname: d(enumKind(['private'], { booleans: true }), M, 242, 'Forbids changing the host name (private: its own UTS namespace with a changeable name).', { valueSince: { private: 258 } }),
  ProtectClock: d(bool, M, 245, 'Forbids changing the system clock.'),
  ProtectKernelTunables: d(bool, M, 232, 'Makes /proc/sys, /sys and similar kernel tunables read-only.'),
  ProtectKernelModules: d(bool, M, 232, 'Forbids loading or unloading kernel modules.'),
  ProtectKernelLogs: d(bool, M, 244, 'Forbids access to the kernel log buffer.'),
  ProtectControlGroups: d(enumKind(['private', 'strict'], { booleans: true }), M, 232, 'Makes the cgroup hierarchy read-only (private/strict: in its own cgroup namespace).', { valueSince: { private: 257, strict: 257 } }),
  RestrictAddressFamilies: lines(addressFamiliesKind, M, 211, 'Socket address families the processes may use (~ lists the forbidden ones; none forbids all).'),
  RestrictNamespaces: lines(namespacesKind, M, 233, 'Namespace types the processes may create (yes forbids all; ~ lists the forbidden ones).'),
  LockPersonality: d(bool, M, 235, 'Forbids changing the execution domain (personality).'),
  MemoryDenyWriteExecute: d(bool, M, 231, 'Forbids memory that is both writable and executable.'),
  RestrictRealtime: d(bool, M, 231, 'Forbids real-time scheduling.'),
  RestrictSUIDSGID: d(bool, M, 242, 'Forbids creating setuid/setgid files.'),
  RemoveIPC: d(bool, M, 232, 'Removes the IPC objects of the service user when the service stops.'),
  PrivateMounts: d(bool, M, 239, 'Runs the service in its own mount namespace.'),
  MountFlags: d(enumKind(['shared', 'slave', 'private']), M, ANCIENT, 'Mount propagation from the service namespace to the host.'),
  KeyringMode: d(enumKind(['inherit', 'private', 'shared']), M, 235, 'Which kernel session keyring the processes get.'),
  ProtectProc: d(enumKind(['noaccess', 'invisible', 'ptraceable', 'default']), M, 247, 'Hides other users\' processes in /proc.'),
  ProcSubset: d(enumKind(['all', 'pid']), M, 247, 'Hides everything in /proc except the process directories (pid).'),
  // System call filtering
  SystemCallFilter: lines(syscallFilterKind, M, 187, 'System calls the processes may use (~ lists the forbidden ones; @groups allowed).'),
  SystemCallErrorNumber: d(errnoKind, M, 209, 'The errno a forbidden system call returns instead of killing the process.'),
  SystemCallArchitectures: words(architectureKind, UNQUOTE_ONLY, M, 209, 'System call architectures the processes may use (native = the host\'s).'),
  SystemCallLog: lines(syscallLogKind, M, 247, 'System calls that are logged (~ lists those not logged).'),
  // Environment
  Environment: words(environmentKind, UNQUOTE_CUNESCAPE, M, ANCIENT, 'Environment variables, NAME=value.'),
  EnvironmentFile: lines(optionalPath, M, ANCIENT, 'Files with NAME=value lines read into the environment (- ignores a missing file).'),
  PassEnvironment: words(envNameKind, UNQUOTE_ONLY, M, 228, 'Variables passed through from the service manager\'s environment.'),
  UnsetEnvironment: words(envNameKind, UNQUOTE_ONLY, M, 235, 'Variables removed from the environment.'),
  // Logging and standard I/O
  UMask: d(octalKind(0o777), M, ANCIENT, 'File mode creation mask of the processes, e.g. 0027.'),
  StandardInput: d(enumKind(['null', 'tty', 'tty-force', 'tty-fail', 'socket', 'data']), M, ANCIENT, 'Where standard input comes from.'),
  StandardOutput: d(outputKind, M, ANCIENT, 'Where standard output goes (journal, null, file:/path, append:/path, …).', { valueSince: { 'append:': 240, 'truncate:': 248 } }),
  StandardError: d(outputKind, M, ANCIENT, 'Where standard error goes (journal, null, file:/path, append:/path, …).', { valueSince: { 'append:': 240, 'truncate:': 248 } }),
  SyslogIdentifier: d(plainTextKind(), M, ANCIENT, 'Name the log lines of the processes are tagged with.'),
  SyslogFacility: d(enumKind(['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7']), M, ANCIENT, 'Syslog facility of the log lines.'),
  SyslogLevel: d(enumKind(['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug']), M, ANCIENT, 'Default syslog level of the log lines.'),
  LogLevelMax: d(enumKind(['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug']), M, 236, 'Drops log lines above this level.'),
  LogRateLimitIntervalSec: d(durationKind(), M, 240, 'Interval of the journal rate limit for this service.'),
  LogRateLimitBurst: d(integerKind(0, 4294967295), M, 240, 'Log lines allowed per rate-limit interval.'),
  LogExtraFields: words(journalFieldKind, UNQUOTE_CUNESCAPE, M, 236, 'Extra journal fields (FIELD=value) added to every log line.'),
  LogNamespace: d(wordList('a journal namespace name of letters, digits, - and _', /^[A-Za-z0-9_-]{1,64}$/), M, 245, 'Journal namespace the log lines go to.'),
  // Process properties
  LimitCPU: d(rlimitKind('seconds'), M, ANCIENT, 'CPU time limit (RLIMIT_CPU).'),
  LimitFSIZE: d(rlimitKind('bytes'), M, ANCIENT, 'File size limit (RLIMIT_FSIZE).'),
  LimitDATA: d(rlimitKind('bytes'), M, ANCIENT, 'Data segment size limit (RLIMIT_DATA).'),
  LimitSTACK: d(rlimitKind('bytes'), M, ANCIENT, 'Stack size limit (RLIMIT_STACK).'),
  LimitCORE: d(rlimitKind('bytes'), M, ANCIENT, 'Core dump size limit (RLIMIT_CORE).'),
  LimitNOFILE: d(rlimitKind('count'), M, ANCIENT, 'Open file descriptor limit (RLIMIT_NOFILE).'),
  LimitNPROC: d(rlimitKind('count'), M, ANCIENT, 'Process count limit (RLIMIT_NPROC).'),
  LimitMEMLOCK: d(rlimitKind('bytes'), M, ANCIENT, 'Locked memory limit (RLIMIT_MEMLOCK).'),
  LimitAS: d(rlimitKind('bytes'), M, ANCIENT, 'Address space limit (RLIMIT_AS).'),
  Nice: d(integerKind(-20, 19), M, ANCIENT, 'Scheduling priority (nice level) of the processes.'),
  OOMScoreAdjust: d(integerKind(-1000, 1000), M, ANCIENT, 'Adjustment of the kernel OOM killer score.'),
  CPUSchedulingPolicy: d(enumKind(['other', 'batch', 'idle', 'fifo', 'rr']), M, ANCIENT, 'CPU scheduling policy.'),
  CPUSchedulingPriority: d(integerKind(0, 99), M, ANCIENT, 'CPU scheduling priority (real-time policies).'),
  IOSchedulingClass: d(enumKind(['realtime', 'best-effort', 'idle']), M, ANCIENT, 'I/O scheduling class.'),
  IOSchedulingPriority: d(integerKind(0, 7), M, ANCIENT, 'I/O scheduling priority (0 highest).'),
  Personality: d(enumKind(['x86', 'x86-64', 'arm64', 'arm64-be', 'arm', 'arm-be', 'ppc', 'ppc-le', 'ppc64', 'ppc64-le', 's390', 's390x']), M, 209, 'Execution domain of the processes.'),
  TimerSlackNSec: d(durationKind(), M, ANCIENT, 'Timer slack of the processes.'),
  // Credentials passed to the service
  LoadCredential: lines(loadCredentialKind, M, 247, 'Credentials read from a file or socket and passed to the service.'),
  LoadCredentialEncrypted: lines(loadCredentialKind, M, 250, 'Encrypted credentials decrypted and passed to the service.'),
  SetCredential: lines(setCredentialKind(false), M, 247, 'Credentials given literally.'),
  SetCredentialEncrypted: lines(setCredentialKind(true), M, 250, 'Encrypted credentials given literally.'),
  ImportCredential: lines(textKind('credential-glob', 'a credential name or glob such as myapp.*', { check(s) { if (typeof s !== 'string' || !/^[A-Za-z0-9_.@-]{1,254}\*?$/.test(s)) throw new ValueRuleError('a credential name, or a prefix ending in * such as myapp.*'); } }, true), M, 254, 'Credentials imported from the system credential store by name or glob.'),
  // Terminal
  TTYPath: d(path, M, ANCIENT, 'Terminal device used when standard I/O is a TTY.'),
  UtmpIdentifier: d(plainTextKind(true, 32), M, ANCIENT, 'Identifier of the service in utmp/wtmp records.'),
  TTYReset: d(bool, M, ANCIENT, 'Resets the terminal before and after the processes use it.'),
  TTYVHangup: d(bool, M, ANCIENT, 'Hangs up the terminal before and after the processes use it.'),
  TTYVTDisallocate: d(bool, M, ANCIENT, 'Deallocates the virtual console after the processes used it.'),
  IgnoreSIGPIPE: d(bool, M, ANCIENT, 'Ignores SIGPIPE in the processes (the default).'),
} as const satisfies DirectiveTable;

