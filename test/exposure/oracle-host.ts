/**
 * The host facts each oracle's systemd-analyze sees (hostname, machine and boot id, os-release of
 * its root, the environment of this process: $HOME, $SHELL, $TMPDIR, $XDG_*), so that specifiers such as %H %m %b %o %w %W %s expand
 * for our scorer exactly as they do for the oracle. The chroot suites share this machine's kernel,
 * hostname, boot id and environment (systemd-oracle.sh bind-mounts /proc and /sys), but have their
 * own /etc.
 */
import * as path from 'node:path';
import type { HostFacts } from '../../lib/exposure';
import { readMachineFacts } from '../../lib/unit/machine-facts';
import type { OracleSuite } from '../support/oracle';

/** The root folder of a suite (systemd-oracle.sh keeps its roots under $SYSTEMD_ORACLE_DIR). */
function rootOf(suite: OracleSuite): string {
  return suite === 'host' ? '/' : path.join(process.env.SYSTEMD_ORACLE_DIR ?? '/var/tmp/systemd-oracle', suite);
}

const cache = new Map<OracleSuite, HostFacts>();

/** What `suite`'s systemd-analyze expands host specifiers to (runs as root, env of this process). */
export function oracleHostFacts(suite: OracleSuite): HostFacts {
  let facts = cache.get(suite);
  if (facts) return facts;
  // The oracle harness sets XDG_RUNTIME_DIR to /tmp when it is unset (test/support/oracle.ts).
  facts = { ...readMachineFacts(rootOf(suite)), runtimeDir: process.env.XDG_RUNTIME_DIR ?? '/tmp' };
  cache.set(suite, facts);
  return facts;
}
