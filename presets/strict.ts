/**
 * `strict`: a daemon with no network at all, nothing writable but its own state, cache and log
 * directories, no capabilities, a tight system-call filter. Fits workers that talk over a unix socket
 * handed to them (socket activation) or only touch their own files.
 */
import { BASELINE } from './common';
import type { Preset } from './types';

/** Options of {@link strict}. */
export interface StrictOptions {
  /** Let the service use unix sockets it creates itself (e.g. to talk to D-Bus or syslog). @default true */
  readonly unixSockets?: boolean;
}

/** The strict preset. */
export function strict(options: StrictOptions = {}): Preset {
  return {
    name: 'strict',
    summary: 'daemon without network: private everything, no capabilities, own directories only',
    budget: 1.0,
    settings: {
      ...BASELINE,
      PrivateNetwork: { value: true, reason: 'no network: only a private loopback' },
      PrivateUsers: { value: true, reason: 'a user namespace: no other users are visible' },
      PrivateIPC: { value: true, reason: 'own SysV/POSIX IPC namespace' },
      RestrictAddressFamilies: options.unixSockets === false
        ? { value: ['none'], reason: 'no sockets at all' }
        : { value: ['AF_UNIX'], reason: 'unix sockets only (journald, D-Bus, sockets handed in)' },
      IPAddressDeny: { value: ['any'], reason: 'belt and braces: no IP traffic even if a socket is handed in' },
      MemoryDenyWriteExecute: { value: true, reason: 'no writable+executable memory (breaks JIT runtimes: Node.js, Java, .NET)' },
    },
    requiredChecks: ['PrivateNetwork'],
    caveats: [
      'MemoryDenyWriteExecute= breaks JIT runtimes (Node.js, Java, .NET, LuaJIT): remove it with a reason',
      'PrivateUsers= hides other users: files owned by other users appear as nobody',
      'the service can only write to StateDirectory=, CacheDirectory=, LogsDirectory=, RuntimeDirectory=',
    ],
  };
}
