/**
 * The host facts each oracle's systemd-analyze sees (hostname, machine and boot id, os-release of
 * its root, the environment of this process: $HOME, $SHELL, $TMPDIR, $XDG_*), so that specifiers such as %H %m %b %o %w %W %s expand
 * for our scorer exactly as they do for the oracle. The chroot suites share this machine's kernel,
 * hostname, boot id and environment (systemd-oracle.sh bind-mounts /proc and /sys), but have their
 * own /etc.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_HOST_FACTS, type HostFacts } from '../../lib/exposure';
import type { OsReleaseField } from '../../lib/unit/specifiers';
import type { OracleSuite } from '../support/oracle';

/** The root folder of a suite (systemd-oracle.sh keeps its roots under $SYSTEMD_ORACLE_DIR). */
function rootOf(suite: OracleSuite): string {
  return suite === 'host' ? '/' : path.join(process.env.SYSTEMD_ORACLE_DIR ?? '/var/tmp/systemd-oracle', suite);
}

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

const FIELDS: readonly OsReleaseField[] = ['ID', 'VERSION_ID', 'VARIANT_ID', 'BUILD_ID', 'IMAGE_ID', 'IMAGE_VERSION'];

/** An environment variable systemd takes as a path (absolute and normalized), else undefined. */
const envPath = (v: string | undefined): string | undefined => (v && v.startsWith('/') && !/(^|\/)\.\.?(\/|$)|\/\//.test(v) ? v : undefined);

const cache = new Map<OracleSuite, HostFacts>();

/** What `suite`'s systemd-analyze expands host specifiers to (runs as root, env of this process). */
export function oracleHostFacts(suite: OracleSuite): HostFacts {
  let facts = cache.get(suite);
  if (facts) return facts;
  const root = rootOf(suite);
  const osRelease = envFile(read(path.join(root, 'etc/os-release')) ?? read(path.join(root, 'usr/lib/os-release')));
  const machineInfo = envFile(read(path.join(root, 'etc/machine-info')));
  const env = process.env;
  facts = {
    ...DEFAULT_HOST_FACTS,
    architecture: process.arch === 'x64' ? 'x86-64' : process.arch,
    bootId: (read('/proc/sys/kernel/random/boot_id') ?? '').trim().replace(/-/g, ''),
    machineId: (read(path.join(root, 'etc/machine-id')) ?? '').trim(),
    hostname: os.hostname(),
    ...(machineInfo.PRETTY_HOSTNAME ? { prettyHostname: machineInfo.PRETTY_HOSTNAME } : {}),
    kernelRelease: os.release(),
    osRelease: Object.fromEntries(FIELDS.filter((k) => osRelease[k] !== undefined).map((k) => [k, osRelease[k]!])),
    // get_home_dir() / get_shell(): $HOME and $SHELL, else root's fixed answers.
    home: envPath(env.HOME) ?? '/root',
    shell: envPath(env.SHELL) ?? '/bin/sh',
    tmpDir: env.TMPDIR ?? '/tmp',
    varTmpDir: env.TMPDIR ?? '/var/tmp',
    // The oracle harness sets XDG_RUNTIME_DIR to /tmp when it is unset (test/support/oracle.ts).
    runtimeDir: env.XDG_RUNTIME_DIR ?? '/tmp',
    ...(env.XDG_CONFIG_HOME ? { configHome: env.XDG_CONFIG_HOME } : {}),
    ...(env.XDG_CACHE_HOME ? { cacheHome: env.XDG_CACHE_HOME } : {}),
    ...(env.XDG_STATE_HOME ? { stateHome: env.XDG_STATE_HOME } : {}),
    ...(env.XDG_DATA_HOME ? { dataHome: env.XDG_DATA_HOME } : {}),
  };
  cache.set(suite, facts);
  return facts;
}
