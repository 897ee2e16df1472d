/**
 * systemd's hostname_is_valid() without flags (src/basic/hostname-util.c), as ProtectHostname=NAME
 * (262) checks the name: labels of ASCII letters, digits and inner hyphens joined by single dots, no
 * trailing dot, at most HOST_NAME_MAX (64) bytes.
 */

/** HOST_NAME_MAX on Linux. */
export const HOST_NAME_MAX = 64;

/** True for a name hostname_is_valid() accepts. */
export function hostnameIsValid(s: string): boolean {
  return s.length <= HOST_NAME_MAX && /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(s);
}
