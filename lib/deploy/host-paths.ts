/**
 * Where deployments keep their state on a host. Names under these folders are hashes of the unit
 * path, so they fit NAME_MAX whatever the unit's name, and need no quoting.
 */
import { createHash } from 'node:crypto';

/** Where units are installed. */
export const UNIT_DIRECTORY = '/etc/systemd/system';
/** Deployment state: `claims/` (which resource owns a unit path), `locks/` (one flock per unit), `staging/`. */
export const STATE_DIRECTORY = '/var/lib/cdktf-systemd';
/** Where the SSH `file` provisioner uploads unit text before the install script runs. */
export const STAGING_DIRECTORY = `${STATE_DIRECTORY}/staging`;

/** A short, file-name-safe key for a unit or install path. */
export function pathKey(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/** SHA-256 (hex) of the text as UTF-8: what the host checks the decoded file against. */
export function contentSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
