/**
 * systemd's path rules (src/basic/path-util.c, src/shared/parse-helpers.c), measured in bytes as the
 * C code does: NAME_MAX (255) per component, PATH_MAX (4096, with the NUL) per path.
 */
import { validCodePoint } from './extract-word';
import { filenameIsValid, NAME_MAX, PATH_MAX, pathComponents, pathIsNormalized, pathIsValid } from '../../unit/path-rules';

// The pure rules live in the unit model (the typed layer refuses what they refuse); re-exported here.
export { filenameIsValid, NAME_MAX, PATH_MAX, pathComponents, pathIsNormalized, pathIsValid };

/** How a release simplifies paths. */
export interface SimplifyFlavour {
  /** 257+: `..` right after the root of an absolute path is dropped (`/../a` → `/a`). */
  readonly dropLeadingDotDot: boolean;
}

/**
 * path_simplify(): collapses slashes, drops `.` components and a trailing slash; `""` stays `""`, a
 * relative path reduced to nothing is `.`. (A path with an over-long component, which systemd leaves
 * partly unsimplified, is invalid whatever its form: callers check validity afterwards.)
 */
export function simplifyPath(p: string, flavour: SimplifyFlavour): string {
  if (p === '') return p;
  const absolute = p.startsWith('/');
  // Nothing to collapse, drop or trim: the path is already simple.
  if (p.length > 1 && !p.endsWith('/') && !p.includes('//') && !p.includes('/.') && !p.startsWith('.')) return p;
  let parts = pathComponents(p);
  if (absolute && flavour.dropLeadingDotDot) {
    let k = 0;
    while (parts[k] === '..') k++;
    parts = parts.slice(k);
  }
  const joined = parts.join('/');
  return absolute ? '/' + joined : joined === '' ? '.' : joined;
}

/** utf8_is_valid() of a value: no raw bytes, no invalid code points. */
export function isUtf8Clean(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    // Raw bytes are lone surrogates (see lib/unit/specifiers.ts), which validCodePoint() refuses.
    if (c >= 0xd800 && !validCodePoint(c)) return false;
  }
  return true;
}

/** Checks path_simplify_and_warn() makes. */
export interface PathCheck {
  /** PATH_CHECK_ABSOLUTE. */
  readonly absolute?: boolean;
  /** PATH_CHECK_RELATIVE. */
  readonly relative?: boolean;
  /** PATH_CHECK_NON_API_VFS (257+ for some settings): not /dev, /sys, /proc or below. */
  readonly nonApiVfs?: boolean;
  /** PATH_CHECK_NON_API_VFS_DEV_OK: as nonApiVfs, but /dev is fine. */
  readonly nonApiVfsDevOk?: boolean;
}

/** Why path_simplify_and_warn() refuses a path. */
export type PathProblem = 'not UTF-8' | 'not absolute' | 'absolute' | 'invalid length' | 'not normalized' | 'below an API file system';

/** path_startswith() for a prefix without trailing slash: the prefix itself or anything below it. */
export const pathStartsWith = (p: string, prefix: string): boolean => {
  if (!p.startsWith(prefix)) return false;
  const rest = p.slice(prefix.length);
  return rest === '' || rest.startsWith('/');
};

/** path_simplify_and_warn(): the simplified path, or why it is refused. */
export function simplifyAndCheck(p: string, check: PathCheck, flavour: SimplifyFlavour): { path: string } | { problem: PathProblem } {
  if (!isUtf8Clean(p)) return { problem: 'not UTF-8' };
  if (check.absolute && !p.startsWith('/')) return { problem: 'not absolute' };
  if (check.relative && p.startsWith('/')) return { problem: 'absolute' };
  const simple = simplifyPath(p, flavour);
  if (!pathIsValid(simple)) return { problem: 'invalid length' };
  if (!pathIsNormalized(simple)) return { problem: 'not normalized' };
  if (check.nonApiVfs || check.nonApiVfsDevOk) {
    const api = ['/dev', '/sys', '/proc'].some((d) => pathStartsWith(simple, d));
    if (api && !(check.nonApiVfsDevOk && pathStartsWith(simple, '/dev'))) return { problem: 'below an API file system' };
  }
  return { path: simple };
}
