/**
 * SystemCallFilter= as systemd builds it (spec c.6): an allow or deny list of syscall names, where
 * an allow list starts with `@default`, words are not unquoted, and inverted words with an errno are
 * kept apart (the analyser ignores them).
 */
import { perRelease } from '../per-release';
import type { ReleaseData } from '../release-data';
import { listAssignment } from './words';

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

/** Ids of each resolvable syscall name. */
const idsByName = perRelease((data) => new Map(data.syscalls.resolvable.map((name, i) => [name, i])));

/** Every `@group` of the release expanded recursively to its resolvable members, as names and ids. */
const groupExpansions = perRelease((data) => {
  const groups = new Map<string, { readonly names: readonly string[]; readonly ids: Int32Array }>();
  for (const group of Object.keys(data.syscalls.groups)) {
    const names = Object.freeze(expandGroup(group, data, new Set()));
    groups.set(group, { names, ids: syscallIds(names, data) });
  }
  return groups;
});

const NO_NAMES: readonly string[] = Object.freeze([]);
const NO_IDS: Int32Array = new Int32Array(0);

/** Resolvable x86-64 members of a name or `@group`, recursively (unknown names and groups: none). */
export function expandSyscalls(name: string, data: ReleaseData): readonly string[] {
  if (name.startsWith('@')) return groupExpansions(data).get(name)?.names ?? NO_NAMES;
  return idsByName(data).has(name) ? [name] : NO_NAMES;
}

/** Ids of the given resolvable syscall names; -1 for a name that does not resolve. */
export function syscallIds(names: readonly string[], data: ReleaseData): Int32Array {
  const ids = idsByName(data);
  return Int32Array.from(names, (n) => ids.get(n) ?? -1);
}

/** {@link expandSyscalls} as ids. */
function expandSyscallIds(name: string, data: ReleaseData): Int32Array {
  if (name.startsWith('@')) return groupExpansions(data).get(name)?.ids ?? NO_IDS;
  const id = idsByName(data).get(name);
  return id === undefined ? NO_IDS : Int32Array.of(id);
}

function expandGroup(group: string, data: ReleaseData, seen: Set<string>): string[] {
  const members = data.syscalls.groups[group];
  if (!members || seen.has(group)) return [];
  seen.add(group);
  return members.flatMap((m) => (m.startsWith('@') ? expandGroup(m, data, seen) : idsByName(data).has(m) ? [m] : []));
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
  // The filter (and its mode) is set up before any word is read: a syntax error later in the value
  // leaves it in place, with the words before the error applied.
  const { invert, words } = listAssignment(value, false);
  if (filter.mode === 'none') {
    reset(filter, data);
    if (invert) filter.mode = 'deny';
    else {
      filter.mode = 'allow';
      for (const id of expandSyscallIds('@default', data)) put(filter, id, SyscallState.Listed);
    }
  }
  for (const word of words) {
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
