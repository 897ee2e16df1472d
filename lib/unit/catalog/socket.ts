/** systemd.socket(5): the [Socket] section's own directives (socket activation). */
import { ANCIENT, directive as d, lines, words, type DirectiveTable } from './define';
import {
  booleanKind as bool, enumKind, integerKind, octalKind, durationKind, sizeKind, pathKind, unitNameOfTypeKind,
  userNameKind, socketAddressKind, commandLineKind, textKind, ValueRuleError, UNQUOTE_ONLY,
} from '../values';

const M = 'systemd.socket' as const;
/** Netlink family names of ListenNetlink= (systemd's netlink_family table). */
const NETLINK_FAMILIES = ['route', 'firewall', 'inet-diag', 'nflog', 'xfrm', 'selinux', 'iscsi', 'audit', 'fib-lookup', 'connector', 'netfilter', 'ip6-fw', 'dnrtmsg', 'kobject-uevent', 'generic', 'scsitransport', 'ecryptfs', 'rdma', 'crypto', 'smc'];
const exec = (summary: string) => lines(commandLineKind, M, ANCIENT, summary);
const fdName = textKind('fd-name', 'a file descriptor name: up to 255 printable ASCII characters, no colon', {
  check(s) {
    if (typeof s !== 'string' || !/^[\x21-\x39\x3b-\x7e]{1,255}$/.test(s)) throw new ValueRuleError('a file descriptor name: up to 255 printable ASCII characters without blanks or colons');
  },
}, true);
/** ifname_valid() (252–262): 1–15 printable ASCII characters without blanks, ':', '/' or '%', not all digits. */
const ifName = textKind('interface', 'a network interface name (1–15 printable ASCII characters, no /, :, % or blanks)', {
  check(s) {
    if (typeof s !== 'string' || !/^[\x21-\x7e]{1,15}$/.test(s) || /[/:%'"\\]/.test(s) || s === '.' || s === '..' || /^[0-9]+$/.test(s) || s === 'all' || s === 'default') throw new ValueRuleError('a network interface name: 1–15 printable ASCII characters, no /, :, % or blanks, not all digits');
  },
}, true);

/** [Socket] directives of systemd.socket(5), in canonical order. */
export const SOCKET_DIRECTIVES = {
  ListenStream: lines(socketAddressKind('stream'), M, ANCIENT, 'Listens on a stream socket: a port, ADDRESS:PORT, a path or @abstract name.'),
  ListenDatagram: lines(socketAddressKind('datagram'), M, ANCIENT, 'Listens on a datagram socket: a port, ADDRESS:PORT, a path or @abstract name.'),
  ListenSequentialPacket: lines(socketAddressKind('seqpacket'), M, ANCIENT, 'Listens on a sequential-packet AF_UNIX socket (path or @abstract name).'),
  ListenFIFO: lines(pathKind({ notApiVfs: true }), M, ANCIENT, 'Listens on a named pipe (FIFO) at this path.'),
  ListenSpecial: lines(pathKind(), M, ANCIENT, 'Opens this special file (character device, /proc or /sys file).'),
  ListenNetlink: lines(textKind('netlink', 'a netlink family and optional group such as kobject-uevent 1', { check(s) { const m = typeof s === 'string' ? /^([a-z0-9_-]+)( (0|[1-9][0-9]*))?$/.exec(s) : null; if (!m || !NETLINK_FAMILIES.includes(m[1]!)) throw new ValueRuleError(`a netlink family (${NETLINK_FAMILIES.join(', ')}) and optional multicast group such as kobject-uevent 1`); } }, true), M, ANCIENT, 'Listens on a netlink socket of this family.'),
  ListenMessageQueue: lines(textKind('mqueue', 'a POSIX message queue name such as /myqueue', { check(s) { if (typeof s !== 'string' || !/^\/[^/\s]{1,254}$/.test(s)) throw new ValueRuleError('a POSIX message queue name such as /myqueue'); } }, true), M, ANCIENT, 'Listens on a POSIX message queue.'),
  Accept: d(bool, M, ANCIENT, 'Starts one service instance per connection (yes) or one service for all (no).'),
  Writable: d(bool, M, 227, 'Opens ListenSpecial= files read-write.'),
  FlushPending: d(bool, M, 247, 'Flushes pending data before starting the service (Accept=no).'),
  MaxConnections: d(integerKind(1, 4294967295), M, ANCIENT, 'Maximum concurrent connections with Accept=yes.'),
  MaxConnectionsPerSource: d(integerKind(1, 4294967295), M, 232, 'Maximum concurrent connections per source address with Accept=yes.'),
  SocketProtocol: d(enumKind(['udplite', 'sctp', 'mptcp']), M, 229, 'Protocol of the socket (udplite, sctp, mptcp).', { valueSince: { mptcp: 257 } }),
  BindIPv6Only: d(enumKind(['default', 'both', 'ipv6-only']), M, ANCIENT, 'Whether an IPv6 socket also accepts IPv4 connections.'),
  Backlog: d(integerKind(0, 2147483647), M, ANCIENT, 'Length of the listen() backlog queue.'),
  BindToDevice: d(ifName, M, ANCIENT, 'Binds the socket to this network interface.'),
  SocketUser: d(userNameKind, M, 214, 'Owner of the socket file or FIFO.'),
  SocketGroup: d(userNameKind, M, 214, 'Group of the socket file or FIFO.'),
  SocketMode: d(octalKind(0o7777), M, ANCIENT, 'Access mode of the socket file or FIFO (default 0666).'),
  DirectoryMode: d(octalKind(0o7777), M, ANCIENT, 'Access mode of parent directories created for the socket.'),
  KeepAlive: d(bool, M, ANCIENT, 'Turns on TCP keep-alive.'),
  KeepAliveTimeSec: d(durationKind(), M, ANCIENT, 'Idle time before TCP keep-alive probes start.'),
  KeepAliveIntervalSec: d(durationKind(), M, ANCIENT, 'Time between TCP keep-alive probes.'),
  KeepAliveProbes: d(integerKind(1, 127), M, ANCIENT, 'Unanswered keep-alive probes before the connection is dropped.'),
  NoDelay: d(bool, M, ANCIENT, 'Turns off Nagle\'s algorithm (TCP_NODELAY).'),
  Priority: d(integerKind(0, 6), M, ANCIENT, 'Priority of the packets sent on the socket.'),
  DeferAcceptSec: d(durationKind(), M, ANCIENT, 'Wakes the service only when data arrives (TCP_DEFER_ACCEPT).'),
  ReceiveBuffer: d(sizeKind(), M, ANCIENT, 'Receive buffer size of the socket.'),
  SendBuffer: d(sizeKind(), M, ANCIENT, 'Send buffer size of the socket.'),
  IPTOS: d(enumKind(['low-delay', 'throughput', 'reliability', 'low-cost']), M, ANCIENT, 'IP type-of-service of the packets sent.'),
  IPTTL: d(integerKind(1, 255), M, ANCIENT, 'IP time-to-live (hop limit) of the packets sent.'),
  Mark: d(integerKind(0, 4294967295), M, ANCIENT, 'Firewall mark of the packets sent.'),
  ReusePort: d(bool, M, ANCIENT, 'Allows other sockets to bind the same port (SO_REUSEPORT).'),
  FreeBind: d(bool, M, ANCIENT, 'Allows binding to addresses not (yet) configured (IP_FREEBIND).'),
  Transparent: d(bool, M, ANCIENT, 'Allows transparent proxying (IP_TRANSPARENT).'),
  Broadcast: d(bool, M, ANCIENT, 'Allows sending broadcast datagrams.'),
  PassCredentials: d(bool, M, ANCIENT, 'Passes the sender\'s credentials with AF_UNIX messages (SO_PASSCRED).'),
  PassSecurity: d(bool, M, ANCIENT, 'Passes the sender\'s security context with AF_UNIX messages (SO_PASSSEC).'),
  PassPacketInfo: d(bool, M, 244, 'Passes packet information with datagrams (IP_PKTINFO).'),
  Timestamping: d(enumKind(['off', 'us', 'usec', 'µs', 'ns', 'nsec']), M, 247, 'Timestamps received datagrams.'),
  PipeSize: d(sizeKind(), M, ANCIENT, 'Buffer size of ListenFIFO= pipes.'),
  RemoveOnStop: d(bool, M, 214, 'Removes the socket files and symlinks when the socket unit stops.'),
  Symlinks: words(pathKind(), UNQUOTE_ONLY, M, 214, 'Symlinks created to the AF_UNIX socket or FIFO.'),
  FileDescriptorName: d(fdName, M, 227, 'Name of the passed file descriptors (sd_listen_fds_with_names).'),
  Service: d(unitNameOfTypeKind('service'), M, ANCIENT, 'Service unit activated by this socket (default: same name).'),
  TriggerLimitIntervalSec: d(durationKind(), M, 230, 'Interval of the activation rate limit.'),
  TriggerLimitBurst: d(integerKind(0, 4294967295), M, 230, 'Activations allowed per TriggerLimitIntervalSec=.'),
  ExecStartPre: exec('Commands run before the sockets are created.'),
  ExecStartPost: exec('Commands run after the sockets are created.'),
  ExecStopPre: exec('Commands run before the sockets are closed.'),
  ExecStopPost: exec('Commands run after the sockets are closed.'),
  TimeoutSec: d(durationKind({ infinity: true }), M, ANCIENT, 'Time allowed for the Exec*= commands.'),
} as const satisfies DirectiveTable;
