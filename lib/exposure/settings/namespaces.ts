/**
 * RestrictNamespaces= (spec c.8) as the set of namespace types still allowed.
 */
import type { NamespaceType } from '../release-data';
import { extractWords, parseBoolean } from './words';

const TYPES: readonly NamespaceType[] = ['cgroup', 'ipc', 'net', 'mnt', 'pid', 'user', 'uts', 'time'];

/** Allowed namespace types; `initial` true until the first assignment. */
export interface Namespaces {
  initial: boolean;
  allowed: Set<NamespaceType>;
}

/** Nothing restricted yet. */
export function unrestrictedNamespaces(): Namespaces {
  return { initial: true, allowed: new Set(TYPES) };
}

/** Applies one assignment; an unknown type name makes the whole assignment ignored. */
export function applyNamespaces(state: Namespaces, value: string): void {
  if (value === '') {
    Object.assign(state, unrestrictedNamespaces());
    return;
  }
  const b = parseBoolean(value);
  if (b !== undefined) {
    Object.assign(state, { initial: false, allowed: new Set(b ? [] : TYPES) });
    return;
  }
  let rest = value;
  const invert = rest.startsWith('~');
  if (invert) rest = rest.slice(1);
  const words = extractWords(rest, false);
  if (!words.ok) return;
  const listed = new Set<NamespaceType>();
  for (const w of words.words) {
    if (!(TYPES as readonly string[]).includes(w)) return;
    listed.add(w as NamespaceType);
  }
  if (state.initial) {
    state.allowed = new Set(invert ? TYPES.filter((t) => !listed.has(t)) : listed);
    state.initial = false;
  } else if (invert) listed.forEach((t) => state.allowed.delete(t));
  else listed.forEach((t) => state.allowed.add(t));
}
