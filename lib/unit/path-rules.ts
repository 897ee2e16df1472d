/**
 * systemd's path and name rules (src/basic/path-util.c, src/basic/fd-util.c, src/basic/creds-util.c),
 * measured in bytes as the C code does: NAME_MAX (255) per component, PATH_MAX (4096, with the NUL)
 * per path. Pure functions shared by the typed layer (what it refuses) and the scorer (what systemd
 * ignores when it loads a unit); the same in 252, 257 and 262.
 */
import { byteLength } from './specifiers';

/** Longest file name (component), in bytes. */
export const NAME_MAX = 255;
/** PATH_MAX counts the terminating NUL: a path has at most PATH_MAX - 1 bytes. */
export const PATH_MAX = 4096;

/** The components path_find_first_component() walks: split on `/`, without empty and `.` ones. */
export function pathComponents(p: string): string[] {
  return p.split('/').filter((c) => c !== '' && c !== '.');
}

/** path_is_valid() (`..` accepted) / path_is_safe() (`..` refused). */
export function pathIsValid(p: string, acceptDotDot = true): boolean {
  if (p === '') return false;
  for (const c of pathComponents(p)) {
    if ((c.length > NAME_MAX / 3 && byteLength(c) > NAME_MAX) || (!acceptDotDot && c === '..')) return false;
  }
  return p.length * 3 < PATH_MAX || byteLength(p) < PATH_MAX;
}

/** path_is_normalized(): safe, no `.` component, no `//`. */
export function pathIsNormalized(p: string): boolean {
  if (!pathIsValid(p, false)) return false;
  if (p === '.' || p.startsWith('./') || p.endsWith('/.') || p.includes('/./')) return false;
  return !p.includes('//');
}

/** filename_is_valid(): one component, not `.` or `..`, at most NAME_MAX bytes. */
export function filenameIsValid(p: string): boolean {
  return p !== '' && p !== '.' && p !== '..' && !p.includes('/') && byteLength(p) <= NAME_MAX;
}

/** credential_name_valid(): a file name that is also a valid fd name (printable ASCII, no `:`). */
export function credentialNameValid(s: string): boolean {
  return filenameIsValid(s) && /^[\x20-\x7e]*$/.test(s) && !s.includes(':') && s.length <= 255;
}

/** Why path_is_valid() refuses `p` in words a user can act on, or undefined (lengths in bytes). */
export function pathLengthProblem(p: string): string | undefined {
  const long = pathComponents(p).find((c) => byteLength(c) > NAME_MAX);
  if (long !== undefined) return `a path component longer than ${NAME_MAX} bytes (${byteLength(long)})`;
  if (byteLength(p) >= PATH_MAX) return `a path longer than ${PATH_MAX - 1} bytes (${byteLength(p)})`;
  return undefined;
}
