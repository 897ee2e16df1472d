/**
 * The facts a real `systemd-analyze` expands host specifiers to (%H %m %b %v %o %w %h %s %T …) on the
 * machine it runs on: hostname, machine and boot id, kernel release, os-release of `root`, and the
 * environment of the analysing process ($HOME, $SHELL, $TMPDIR, $XDG_*). `score` uses them by default,
 * as the real tool does; tests read them per oracle root.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_HOST_FACTS, type HostFacts, type OsReleaseField } from './specifiers';

const read = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** KEY=value lines of an os-release / machine-info file, quotes removed. */
function envFile(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (text ?? '').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

const OS_RELEASE_FIELDS: readonly OsReleaseField[] = ['ID', 'VERSION_ID', 'VARIANT_ID', 'BUILD_ID', 'IMAGE_ID', 'IMAGE_VERSION'];

/** An environment variable systemd takes as a path (absolute and normalized), else undefined. */
const envPath = (v: string | undefined): string | undefined => (v && v.startsWith('/') && !/(^|\/)\.\.?(\/|$)|\/\//.test(v) ? v : undefined);

/** Node's name of the CPU architecture as systemd's %a spells it. */
const ARCHITECTURES: Readonly<Record<string, string>> = { x64: 'x86-64', arm64: 'arm64', ia32: 'x86', arm: 'arm', ppc64: 'ppc64-le', s390x: 's390x', riscv64: 'riscv64' };

/**
 * Host facts of this machine, with /etc read under `root` (a chroot's own machine-id and os-release;
 * kernel, hostname and boot id are the running kernel's, as in a chroot). The manager is root's.
 */
export function readMachineFacts(root = '/', env: NodeJS.ProcessEnv = process.env): HostFacts {
  const osRelease = envFile(read(path.join(root, 'etc/os-release')) ?? read(path.join(root, 'usr/lib/os-release')));
  const machineInfo = envFile(read(path.join(root, 'etc/machine-info')));
  const bootId = (read('/proc/sys/kernel/random/boot_id') ?? '').trim().replace(/-/g, '');
  const machineId = (read(path.join(root, 'etc/machine-id')) ?? '').trim();
  return {
    ...DEFAULT_HOST_FACTS,
    architecture: ARCHITECTURES[process.arch] ?? process.arch,
    // as read: a missing or malformed id makes %b / %m fail, for systemd and for the scorer alike
    bootId,
    machineId,
    hostname: os.hostname(),
    ...(machineInfo.PRETTY_HOSTNAME ? { prettyHostname: machineInfo.PRETTY_HOSTNAME } : {}),
    kernelRelease: os.release(),
    osRelease: Object.fromEntries(OS_RELEASE_FIELDS.filter((k) => osRelease[k] !== undefined).map((k) => [k, osRelease[k]!])),
    // get_home_dir() / get_shell(): $HOME and $SHELL, else root's fixed answers.
    home: envPath(env.HOME) ?? '/root',
    shell: envPath(env.SHELL) ?? '/bin/sh',
    tmpDir: env.TMPDIR ?? '/tmp',
    varTmpDir: env.TMPDIR ?? '/var/tmp',
    runtimeDir: env.XDG_RUNTIME_DIR ?? DEFAULT_HOST_FACTS.runtimeDir,
    ...(env.XDG_CONFIG_HOME ? { configHome: env.XDG_CONFIG_HOME } : {}),
    ...(env.XDG_CACHE_HOME ? { cacheHome: env.XDG_CACHE_HOME } : {}),
    ...(env.XDG_STATE_HOME ? { stateHome: env.XDG_STATE_HOME } : {}),
    ...(env.XDG_DATA_HOME ? { dataHome: env.XDG_DATA_HOME } : {}),
  };
}
