/**
 * `batch`: a job that runs to completion (Type=oneshot), typically started by a timer. No network, no
 * inbound anything; it writes only to its declared output directories.
 */
import { BASELINE } from './common';
import type { Preset } from './types';

/** Options of {@link batch}. */
export interface BatchOptions {
  /** Names below /var/lib where the job writes its output (StateDirectory=). */
  readonly outputDirectories?: readonly string[];
}

/** The batch preset. */
export function batch(options: BatchOptions = {}): Preset {
  const dirs = options.outputDirectories ?? [];
  for (const d of dirs) {
    if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(d) || d.split('/').some((p) => p === '.' || p === '..')) {
      throw new Error(`batch: output directory must be a relative path below /var/lib like 'reports', got '${d}'`);
    }
  }
  return {
    name: 'batch',
    summary: 'job that runs to completion: no network, writes only its output directories',
    budget: 1.0,
    settings: {
      ...BASELINE,
      Type: { value: 'oneshot', reason: 'runs to completion; the timer or systemctl start waits for it' },
      ...(dirs.length > 0 ? { StateDirectory: { value: [dirs.join(' ')], reason: 'the only writable places: its output directories' } } : {}),
      PrivateNetwork: { value: true, reason: 'no network: batch jobs read and write files' },
      PrivateUsers: { value: true, reason: 'a user namespace: no other users are visible' },
      PrivateIPC: { value: true, reason: 'own IPC namespace' },
      RestrictAddressFamilies: { value: ['AF_UNIX'], reason: 'unix sockets only (journald)' },
      IPAddressDeny: { value: ['any'], reason: 'no IP traffic' },
      MemoryDenyWriteExecute: { value: true, reason: 'no writable+executable memory (breaks JIT runtimes)' },
    },
    requiredChecks: ['PrivateNetwork'],
    caveats: [
      'a job that downloads or uploads needs network: drop PrivateNetwork/IPAddressDeny with a reason and use networkService',
      'MemoryDenyWriteExecute= breaks JIT runtimes: remove it with a reason',
    ],
  };
}
