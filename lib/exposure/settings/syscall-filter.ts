/**
 * SystemCallFilter= as systemd builds it (spec c.6): an allow or deny list of syscall names, where
 * an allow list starts with `@default`, words are not unquoted, and inverted words with an errno are
 * kept apart (the analyser ignores them).
 */
import type { ReleaseData } from '../release-data';
import { extractWords } from './words';

/** One entry: `errno` true when the word carried `:ERRNO`. */
export interface SyscallEntry {
  readonly errno: boolean;
}

/** The filter state: `none` until the first non-empty assignment. */
export interface SyscallFilter {
  mode: 'none' | 'allow' | 'deny';
  entries: Map<string, SyscallEntry>;
}

const ALLOWED: SyscallEntry = Object.freeze({ errno: false });
const WITH_ERRNO: SyscallEntry = Object.freeze({ errno: true });

/** A fresh, unset filter. */
export function emptySyscallFilter(): SyscallFilter {
  return { mode: 'none', entries: new Map() };
}

/** Expansions of top-level names per release (release tables are constant). */
const expansionCache = new WeakMap<ReleaseData, Map<string, readonly string[]>>();

/** Resolvable x86-64 members of a name or `@group`, recursively (unknown names and groups: none). */
export function expandSyscalls(name: string, data: ReleaseData): readonly string[] {
  let cache = expansionCache.get(data);
  if (cache === undefined) {
    cache = new Map();
    expansionCache.set(data, cache);
  }
  let members = cache.get(name);
  if (members === undefined) {
    members = Object.freeze(expandUncached(name, data, new Set()));
    cache.set(name, members);
  }
  return members;
}

function expandUncached(name: string, data: ReleaseData, seen: Set<string>): string[] {
  if (name.startsWith('@')) {
    const members = data.syscalls.groups[name];
    if (!members || seen.has(name)) return [];
    seen.add(name);
    return members.flatMap((m) => expandUncached(m, data, seen));
  }
  return resolvableSet(data).has(name) ? [name] : [];
}

const resolvableCache = new WeakMap<ReleaseData, Set<string>>();
function resolvableSet(data: ReleaseData): Set<string> {
  let s = resolvableCache.get(data);
  if (!s) {
    s = new Set(data.syscalls.resolvable);
    resolvableCache.set(data, s);
  }
  return s;
}

/** Linux errno names (systemd's errno_from_name() table, aliases included). */
const ERRNO_NAMES = new Set(
  ('EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN ENOMEM EACCES EFAULT ENOTBLK EBUSY ' +
    'EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG ENOSPC ESPIPE EROFS EMLINK EPIPE ' +
    'EDOM ERANGE EDEADLK ENAMETOOLONG ENOLCK ENOSYS ENOTEMPTY ELOOP EWOULDBLOCK ENOMSG EIDRM ECHRNG EL2NSYNC ' +
    'EL3HLT EL3RST ELNRNG EUNATCH ENOCSI EL2HLT EBADE EBADR EXFULL ENOANO EBADRQC EBADSLT EDEADLOCK EBFONT ENOSTR ' +
    'ENODATA ETIME ENOSR ENONET ENOPKG EREMOTE ENOLINK EADV ESRMNT ECOMM EPROTO EMULTIHOP EDOTDOT EBADMSG ' +
    'EOVERFLOW ENOTUNIQ EBADFD EREMCHG ELIBACC ELIBBAD ELIBSCN ELIBMAX ELIBEXEC EILSEQ ERESTART ESTRPIPE EUSERS ' +
    'ENOTSOCK EDESTADDRREQ EMSGSIZE EPROTOTYPE ENOPROTOOPT EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP ENOTSUP ' +
    'EPFNOSUPPORT EAFNOSUPPORT EADDRINUSE EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET ECONNABORTED ECONNRESET ' +
    'ENOBUFS EISCONN ENOTCONN ESHUTDOWN ETOOMANYREFS ETIMEDOUT ECONNREFUSED EHOSTDOWN EHOSTUNREACH EALREADY ' +
    'EINPROGRESS ESTALE EUCLEAN ENOTNAM ENAVAIL EISNAM EREMOTEIO EDQUOT ENOMEDIUM EMEDIUMTYPE ECANCELED ENOKEY ' +
    'EKEYEXPIRED EKEYREVOKED EKEYREJECTED EOWNERDEAD ENOTRECOVERABLE ERFKILL EHWPOISON').split(' '),
);

/** What systemd accepts after `name:` — an errno name, a number 1…4095, or `kill`. */
function validErrno(s: string): boolean {
  if (/^[0-9]+$/.test(s)) return Number(s) >= 1 && Number(s) <= 4095;
  return ERRNO_NAMES.has(s) || s === 'kill';
}

/** Applies one SystemCallFilter= assignment. */
export function applySyscallFilter(filter: SyscallFilter, value: string, data: ReleaseData): void {
  if (value === '') {
    filter.mode = 'none';
    filter.entries = new Map();
    return;
  }
  let rest = value;
  const invert = rest.startsWith('~');
  if (invert) rest = rest.slice(1);
  const words = extractWords(rest, false);
  if (!words.ok) return;
  if (filter.mode === 'none') {
    filter.entries = new Map();
    if (invert) filter.mode = 'deny';
    else {
      filter.mode = 'allow';
      for (const s of expandSyscalls('@default', data)) filter.entries.set(s, ALLOWED);
    }
  }
  for (const word of words.words) {
    const colon = word.indexOf(':');
    const name = colon >= 0 ? word.slice(0, colon) : word;
    const hasErrno = colon >= 0;
    if (hasErrno && !validErrno(word.slice(colon + 1))) continue;
    if (!invert && hasErrno) continue; // allow-listed calls cannot take an errno
    for (const s of expandSyscalls(name, data)) {
      if (filter.mode === 'allow') {
        if (!invert) filter.entries.set(s, ALLOWED);
        else if (hasErrno) filter.entries.set(s, WITH_ERRNO);
        else filter.entries.delete(s);
      } else if (invert) filter.entries.set(s, hasErrno ? WITH_ERRNO : ALLOWED);
      else filter.entries.delete(s);
    }
  }
}
