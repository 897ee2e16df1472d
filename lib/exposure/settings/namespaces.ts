/**
 * RestrictNamespaces= (spec c.8) as the set of namespace types still allowed, one bit per type.
 */
import type { NamespaceType } from '../release-data';
import { listAssignment, parseBoolean } from './words';

const TYPES: readonly NamespaceType[] = ['cgroup', 'ipc', 'net', 'mnt', 'pid', 'user', 'uts', 'time'];
const BIT: ReadonlyMap<string, number> = new Map(TYPES.map((t, i) => [t, 1 << i]));
const ALL = (1 << TYPES.length) - 1;

/** The bit of a namespace type in {@link Namespaces.allowed}. */
export function namespaceBit(type: NamespaceType): number {
  return BIT.get(type)!;
}

/** Allowed namespace types as a bit set (see {@link namespaceBit}); `initial` true until the first assignment. */
export interface Namespaces {
  initial: boolean;
  allowed: number;
}

/** Nothing restricted yet. */
export function unrestrictedNamespaces(): Namespaces {
  return { initial: true, allowed: ALL };
}

/** Applies one assignment; an unknown type name makes the whole assignment ignored. */
export function applyNamespaces(state: Namespaces, value: string): void {
  if (value === '') {
    state.initial = true;
    state.allowed = ALL;
    return;
  }
  const b = parseBoolean(value);
  if (b !== undefined) {
    state.initial = false;
    state.allowed = b ? 0 : ALL;
    return;
  }
  const { invert, ok, words } = listAssignment(value, false);
  if (!ok) return;
  let listed = 0;
  for (const w of words) {
    const bit = BIT.get(w);
    if (bit === undefined) return;
    listed |= bit;
  }
  if (state.initial) {
    state.allowed = invert ? ALL & ~listed : listed;
    state.initial = false;
  } else if (invert) state.allowed &= ~listed;
  else state.allowed |= listed;
}
