/**
 * RestrictAddressFamilies= (spec c.7): an allow or deny list of address families; `none` forbids
 * everything; unknown names are skipped (252/257) or end the assignment (262).
 */
import type { FamilyClass, ReleaseData } from '../release-data';
import { listAssignment } from './words';

/** `exists` false = no set yet (the next assignment creates one and picks the mode). */
export interface AddressFamilies {
  exists: boolean;
  allowList: boolean;
  families: Set<number>;
}

/** The initial state: no restriction. */
export function unrestrictedFamilies(): AddressFamilies {
  return { exists: false, allowList: false, families: new Set() };
}

/** Applies one assignment. */
export function applyAddressFamilies(state: AddressFamilies, value: string, data: ReleaseData): void {
  if (value === '') {
    Object.assign(state, unrestrictedFamilies());
    return;
  }
  if (value === 'none') {
    Object.assign(state, { exists: false, allowList: true, families: new Set() });
    return;
  }
  // The set (and its mode) is created before any word is read: a syntax error later in the value
  // leaves it in place, with the words before the error applied.
  const { invert, words } = listAssignment(value, true);
  if (!state.exists) {
    state.exists = true;
    state.families = new Set();
    state.allowList = !invert;
  }
  for (const w of words) {
    const upper = w.toUpperCase();
    const af = Object.hasOwn(data.addressFamilies, upper) ? data.addressFamilies[upper] : undefined;
    if (af === undefined) {
      if (data.parse.addressFamilyUnknownWord === 'stop') return;
      continue;
    }
    if (!invert === state.allowList) state.families.add(af);
    else state.families.delete(af);
  }
}

const CLASS_BY_FAMILY: Record<number, FamilyClass> = { 1: 'unix', 2: 'inet', 10: 'inet', 16: 'netlink', 17: 'packet' };

/** True when the family class is still usable (the check's badness 1). */
export function familyClassUsable(state: AddressFamilies, cls: FamilyClass): boolean {
  let restricted = state.allowList;
  for (const af of state.families) {
    if ((CLASS_BY_FAMILY[af] ?? 'other') === cls) {
      restricted = !state.allowList;
      break;
    }
  }
  return !restricted;
}
