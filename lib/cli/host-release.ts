/**
 * Which systemd release `score` reproduces when `--systemd` is not given: the one of this host's own
 * `systemd-analyze` (first line of `systemd-analyze --version`: `systemd 252 (252.39-1~deb12u2)`),
 * asked afresh on every run — one process, nothing cached — when it is a release we reproduce;
 * otherwise the newest we reproduce, with a note saying which and why.
 */
import { spawn, spawnSync } from 'node:child_process';
import { DEFAULT_RELEASE, isSystemdRelease, SUPPORTED_RELEASES, type SystemdRelease } from '../exposure/release';

/** The release chosen and, when it is not the host's own, why (for stderr). */
export interface ReleaseChoice {
  readonly release: SystemdRelease;
  readonly note?: string;
}

/** The first line of `systemd-analyze --version` on this host, or undefined when it cannot be run. */
export function hostSystemdVersion(): string | undefined {
  const r = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
  if (r.error || r.status !== 0 || typeof r.stdout !== 'string') return undefined;
  return r.stdout.split('\n', 1)[0]!.trim();
}

/** The release `score` reproduces given `--systemd` (if any) and a way to ask the host. */
export function chooseRelease(explicit: string | undefined, askHost: () => string | undefined = hostSystemdVersion): ReleaseChoice | Error {
  if (explicit !== undefined) {
    return isSystemdRelease(explicit) ? { release: explicit } : new Error(`Unknown systemd release '${explicit}' (one of ${SUPPORTED_RELEASES.join(', ')})`);
  }
  const version = askHost();
  const fallback = (why: string): ReleaseChoice => ({
    release: DEFAULT_RELEASE,
    note: `cdktf-systemd: ${why}; scoring as systemd ${DEFAULT_RELEASE}, the newest release reproduced (${SUPPORTED_RELEASES.join(', ')}); choose one with --systemd`,
  });
  if (version === undefined) return fallback('no systemd-analyze found on this host');
  const m = /^systemd (\d+)\b/.exec(version);
  if (!m) return fallback(`cannot read the release from this host's systemd-analyze --version ("${version}")`);
  if (!isSystemdRelease(m[1]!)) return fallback(`this host's systemd-analyze is ${version}, a release not reproduced`);
  return { release: m[1] };
}

/**
 * {@link hostSystemdVersion} without blocking: `score` starts it before loading the scorer, so the
 * two overlap. Same outcome: undefined when the tool cannot be run, fails, times out or prints more
 * than spawnSync()'s default buffer (1 MiB).
 */
export function hostSystemdVersionAsync(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn('systemd-analyze', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    const chunks: Buffer[] = [];
    let size = 0;
    child.on('error', () => resolve(undefined));
    child.stdout.on('data', (b: Buffer) => {
      chunks.push(b);
      size += b.length;
      if (size > 1024 * 1024) {
        child.kill();
        resolve(undefined);
      }
    });
    child.on('close', (status) => resolve(status === 0 ? Buffer.concat(chunks).toString('utf8').split('\n', 1)[0]!.trim() : undefined));
  });
}
