/**
 * SystemCallFilter= as systemd builds it (spec c.6): an allow or deny list of syscall names, where
 * an allow list starts with `@default`, words are not unquoted, and inverted words with an errno are
 * kept apart (the analyser ignores them).
 */
import type { ReleaseData } from '../release-data';
import { extractWords } from './words';

/** A syscall's state in a filter. */
export enum SyscallState {
  Absent = 0,
  Listed = 1,
  /** Listed with `:ERRNO` (deny lists only; the analyser ignores such entries in allow lists). */
  ListedWithErrno = 2,
}

/**
 * The filter state: `none` until the first non-empty assignment. Syscalls are numbered per release
 * (index in `data.syscalls.resolvable`, see {@link syscallIds}), so a filter is one byte per syscall.
 */
export interface SyscallFilter {
  mode: 'none' | 'allow' | 'deny';
  /** Per syscall id, a {@link SyscallState}. */
  state: Uint8Array;
  /** Number of syscalls not Absent. */
  count: number;
}

/** A fresh, unset filter. */
export function emptySyscallFilter(): SyscallFilter {
  return { mode: 'none', state: NO_STATE, count: 0 };
}

/** The state of a filter never assigned (allocated on the first assignment: most units have none). */
const NO_STATE = new Uint8Array(0);

/** Ids of each resolvable syscall name, per release. */
const idCache = new WeakMap<ReleaseData, Map<string, number>>();
function idsByName(data: ReleaseData): Map<string, number> {
  let ids = idCache.get(data);
  if (ids === undefined) {
    ids = new Map(data.syscalls.resolvable.map((name, i) => [name, i]));
    idCache.set(data, ids);
  }
  return ids;
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

/** Ids of the given resolvable syscall names; -1 for a name that does not resolve. */
export function syscallIds(names: readonly string[], data: ReleaseData): Int32Array {
  const ids = idsByName(data);
  return Int32Array.from(names, (n) => ids.get(n) ?? -1);
}

/** {@link expandSyscalls} as ids (cached per release and name). */
const idExpansionCache = new WeakMap<ReleaseData, Map<string, Int32Array>>();
function expandSyscallIds(name: string, data: ReleaseData): Int32Array {
  let cache = idExpansionCache.get(data);
  if (cache === undefined) {
    cache = new Map();
    idExpansionCache.set(data, cache);
  }
  let ids = cache.get(name);
  if (ids === undefined) {
    ids = syscallIds(expandSyscalls(name, data), data);
    cache.set(name, ids);
  }
  return ids;
}

function expandUncached(name: string, data: ReleaseData, seen: Set<string>): string[] {
  if (name.startsWith('@')) {
    const members = data.syscalls.groups[name];
    if (!members || seen.has(name)) return [];
    seen.add(name);
    return members.flatMap((m) => expandUncached(m, data, seen));
  }
  return idsByName(data).has(name) ? [name] : [];
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

function put(filter: SyscallFilter, id: number, state: SyscallState): void {
  const before = filter.state[id]!;
  if (before === state) return;
  filter.count += (state !== SyscallState.Absent ? 1 : 0) - (before !== SyscallState.Absent ? 1 : 0);
  filter.state[id] = state;
}

function reset(filter: SyscallFilter, data: ReleaseData): void {
  if (filter.state === NO_STATE) filter.state = new Uint8Array(data.syscalls.resolvable.length);
  else filter.state.fill(SyscallState.Absent);
  filter.count = 0;
}

/** Applies one SystemCallFilter= assignment. */
export function applySyscallFilter(filter: SyscallFilter, value: string, data: ReleaseData): void {
  if (value === '') {
    filter.mode = 'none';
    reset(filter, data);
    return;
  }
  let rest = value;
  const invert = rest.startsWith('~');
  if (invert) rest = rest.slice(1);
  const words = extractWords(rest, false);
  if (!words.ok) return;
  if (filter.mode === 'none') {
    reset(filter, data);
    if (invert) filter.mode = 'deny';
    else {
      filter.mode = 'allow';
      for (const id of expandSyscallIds('@default', data)) put(filter, id, SyscallState.Listed);
    }
  }
  for (const word of words.words) {
    const colon = word.indexOf(':');
    const name = colon >= 0 ? word.slice(0, colon) : word;
    const hasErrno = colon >= 0;
    if (hasErrno && !validErrno(word.slice(colon + 1))) continue;
    if (!invert && hasErrno) continue; // allow-listed calls cannot take an errno
    // What each member becomes: allow list + name: allowed; allow list + ~name: removed, or kept
    // apart with its errno; deny list + ~name: denied (with errno or not); deny list + name: removed.
    const state =
      filter.mode === 'allow'
        ? !invert ? SyscallState.Listed : hasErrno ? SyscallState.ListedWithErrno : SyscallState.Absent
        : invert ? (hasErrno ? SyscallState.ListedWithErrno : SyscallState.Listed) : SyscallState.Absent;
    for (const id of expandSyscallIds(name, data)) put(filter, id, state);
  }
}
