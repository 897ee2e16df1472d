/**
 * The systemd releases the exposure scorer knows, as data: adding a release means adding its data file
 * under `releases/` and its name here.
 */

/** A systemd release whose `systemd-analyze security` the scorer reproduces exactly. */
export type SystemdRelease = '252' | '257' | '262';

/** Every supported release, ascending. */
export const SUPPORTED_RELEASES: readonly SystemdRelease[] = ['252', '257', '262'];

/** The release used when a caller does not choose one: the newest. */
export const DEFAULT_RELEASE: SystemdRelease = '262';

/** True when `value` names a supported release. */
export function isSystemdRelease(value: string): value is SystemdRelease {
  return (SUPPORTED_RELEASES as readonly string[]).includes(value);
}
