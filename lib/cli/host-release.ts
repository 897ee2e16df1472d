/**
 * Which systemd release `score` reproduces when `--systemd` is not given: the one of this host's own
 * `systemd-analyze`, found afresh on every run (nothing cached) when it is a release we reproduce;
 * otherwise the newest we reproduce, with a note saying which and why.
 *
 * The release is read from the binary that PATH finds, without running it: systemd's programs link
 * `libsystemd-shared-<release>.so` (meson's shared-lib-tag, the release by default: Debian's 252 links
 * libsystemd-shared-252.so, Fedora's libsystemd-shared-256.11-1.fc41.so). Starting the tool for its
 * `--version` cost ~20 ms of a 100 ms run. Anything else — a script, no such library, a release we do
 * not reproduce — is asked as before: the first line of `systemd-analyze --version`
 * (`systemd 252 (252.39-1~deb12u2)`), which the notes quote.
 */
import type * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_RELEASE, isSystemdRelease, SUPPORTED_RELEASES, type SystemdRelease } from '../exposure/release';
import { elfNeeded } from './elf-needed';

/** The release chosen and, when it is not the host's own, why (for stderr). */
export interface ReleaseChoice {
  readonly release: SystemdRelease;
  readonly note?: string;
}

/** child_process, loaded only when the tool must be asked (it costs ~5 ms to load). */
const childProcessModule = (): typeof childProcess => require('node:child_process') as typeof childProcess;

/**
 * The `systemd-analyze` that spawn() would run: the first executable regular file of that name in the
 * folders of PATH (an empty entry is the current folder); undefined without PATH.
 */
export function analyzeOnPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PATH === undefined) return undefined;
  for (const dir of env.PATH.split(':')) {
    const file = path.join(dir === '' ? '.' : dir, 'systemd-analyze');
    try {
      if (fs.statSync(file, { throwIfNoEntry: false })?.isFile() !== true) continue;
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** The release in a `libsystemd-shared-<tag>.so` name: the tag's leading number. */
const SHARED_LIBRARY = /^libsystemd-shared-(\d+)(?![0-9])/;

/**
 * `systemd <release>` when `file` is an ELF binary linking libsystemd-shared of a release we
 * reproduce (see the header); undefined otherwise (then the tool is asked).
 */
export function linkedVersion(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const releases = (elfNeeded(bytes) ?? []).map((name) => SHARED_LIBRARY.exec(name)?.[1]).filter((r) => r !== undefined);
  return releases.length === 1 && isSystemdRelease(releases[0]!) ? `systemd ${releases[0]}` : undefined;
}

/**
 * The host's version when no process is needed to know it: none on PATH (spawn() would fail the same
 * way; without PATH it searches a default one), or read from the binary. Undefined: ask the tool.
 */
function knownWithoutAsking(): { readonly version: string | undefined } | undefined {
  const file = analyzeOnPath();
  if (file === undefined) return process.env.PATH === undefined ? undefined : { version: undefined };
  const linked = linkedVersion(file);
  return linked === undefined ? undefined : { version: linked };
}

/**
 * This host's systemd-analyze version: `systemd <release>` read from its binary, or else the first line
 * of its `--version`; undefined when it cannot be run.
 */
export function hostSystemdVersion(): string | undefined {
  const known = knownWithoutAsking();
  if (known !== undefined) return known.version;
  const r = childProcessModule().spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
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
  const known = knownWithoutAsking();
  if (known !== undefined) return Promise.resolve(known.version);
  return new Promise((resolve) => {
    const child = childProcessModule().spawn('systemd-analyze', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    // Our own timer, not spawn()'s `timeout`: Node clears that one on 'exit' only, which a child that
    // never started does not emit, so a missing tool kept the process alive for the whole timeout.
    // On timeout the answer is no answer at once: a grandchild may hold the pipe open much longer.
    const timer = setTimeout(() => {
      child.kill();
      child.stdout.destroy();
      child.unref();
      done(undefined);
    }, 10_000);
    const done = (version: string | undefined): void => {
      clearTimeout(timer);
      resolve(version);
    };
    const chunks: Buffer[] = [];
    let size = 0;
    child.on('error', () => done(undefined));
    child.stdout.on('data', (b: Buffer) => {
      chunks.push(b);
      size += b.length;
      if (size > 1024 * 1024) {
        child.kill();
        done(undefined);
      }
    });
    child.on('close', (status) => done(status === 0 ? Buffer.concat(chunks).toString('utf8').split('\n', 1)[0]!.trim() : undefined));
  });
}
