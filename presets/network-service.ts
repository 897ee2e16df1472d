/**
 * `networkService`: a server that listens on given ports. IP networking and the families it needs are
 * allowed, binding only those TCP ports; everything else is locked like `strict`. Binding a port below 1024 keeps exactly
 * CAP_NET_BIND_SERVICE and nothing more.
 */
import { BASELINE } from './common';
import type { Preset } from './types';

/** Options of {@link networkService}. */
export interface NetworkServiceOptions {
  /** TCP ports the service listens on (1–65535). */
  readonly ports: readonly number[];
  /** Address families the service uses. @default ['AF_UNIX', 'AF_INET', 'AF_INET6'] */
  readonly addressFamilies?: readonly string[];
}

/** The network-service preset. */
export function networkService(options: NetworkServiceOptions): Preset {
  if (options.ports.length === 0) throw new Error('networkService: give the ports the service listens on');
  for (const p of options.ports) {
    if (!(Number.isInteger(p) && p > 0 && p < 65536)) throw new Error(`networkService: port must be an integer 1..65535, got ${p}`);
  }
  const privileged = options.ports.some((p) => p < 1024);
  const families = options.addressFamilies ?? ['AF_UNIX', 'AF_INET', 'AF_INET6'];
  const ports = [...options.ports].sort((a, b) => a - b);
  return {
    name: 'networkService',
    summary: `server on port${ports.length > 1 ? 's' : ''} ${ports.join(', ')}: IP networking allowed, everything else locked`,
    budget: 2.5,
    settings: {
      ...BASELINE,
      ...(privileged
        ? {
            CapabilityBoundingSet: { value: ['CAP_NET_BIND_SERVICE'], reason: 'binding a port below 1024 needs CAP_NET_BIND_SERVICE, nothing else' },
            AmbientCapabilities: { value: ['CAP_NET_BIND_SERVICE'], reason: 'gives the unprivileged user that one capability' },
          }
        : {}),
      PrivateUsers: privileged
        ? { value: false, reason: 'a user namespace would stop the ambient capability from binding low ports' }
        : { value: true, reason: 'a user namespace: no other users are visible' },
      RestrictAddressFamilies: { value: [families.join(' ')], reason: 'only the socket families a server needs' },
      SocketBindAllow: { value: ports.map((p) => `tcp:${p}`), reason: 'it may bind exactly the TCP ports it serves' },
      SocketBindDeny: { value: ['any'], reason: 'no other port can be bound (enforced with cgroup BPF where systemd is built with it)' },
      MemoryDenyWriteExecute: { value: true, reason: 'no writable+executable memory (breaks JIT runtimes: Node.js, Java, .NET)' },
    },
    caveats: [
      'MemoryDenyWriteExecute= breaks JIT runtimes (Node.js, Java, .NET): remove it with a reason',
      'outgoing connections are allowed; add IPAddressDeny=any + IPAddressAllow= to restrict peers',
      'binding any port but the listed TCP ports fails with EPERM (UDP too): add SocketBindAllow= rules such as udp:5353',
    ],
  };
}
