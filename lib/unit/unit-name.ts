/**
 * Unit names as systemd validates them (src/basic/unit-name.c): `PREFIX[@INSTANCE].TYPE`.
 */

/** Unit types systemd knows (the suffix after the last dot). */
export const UNIT_TYPES = [
  'service', 'socket', 'target', 'device', 'mount', 'automount', 'swap', 'timer', 'path', 'slice', 'scope',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/** UNIT_NAME_MAX: names must be shorter than this. */
export const UNIT_NAME_MAX = 256;
const VALID_CHARS = /^[0-9A-Za-z:\-_.\\@]*$/;

/** A unit name taken apart. */
export interface UnitName {
  readonly name: string;
  /** Part before `@` (or before the suffix for a plain name). */
  readonly prefix: string;
  /** Instance string of `foo@bar.service` (`bar`), empty string for a template `foo@.service`. */
  readonly instance?: string;
  readonly type: UnitType;
  readonly kind: 'plain' | 'template' | 'instance';
}

/** Why a unit name is invalid, or undefined when it is valid. */
export function unitNameProblem(name: string): string | undefined {
  if (name === '') return 'a unit name must not be empty';
  if (name.length >= UNIT_NAME_MAX) return `a unit name must be shorter than ${UNIT_NAME_MAX} characters`;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'a unit name needs a prefix and a type suffix such as .service';
  const type = name.slice(dot + 1);
  if (!(UNIT_TYPES as readonly string[]).includes(type)) {
    return `unknown unit type '.${type}' (one of ${UNIT_TYPES.map((t) => '.' + t).join(', ')})`;
  }
  const stem = name.slice(0, dot);
  if (!VALID_CHARS.test(stem)) {
    return 'a unit name may only contain ASCII letters, digits and ":-_.\\@" (escape other characters with systemd-escape)';
  }
  if (stem.startsWith('@')) return "a unit name must not start with '@'";
  return undefined;
}

/** Parses and validates a unit name; throws an Error saying why it is invalid. */
export function parseUnitName(name: string): UnitName {
  const problem = unitNameProblem(name);
  if (problem) throw new Error(`Invalid unit name '${name}': ${problem}`);
  return splitUnitName(name);
}

/** Takes apart a name already known to be valid (see {@link unitNameProblem}), without checking it again. */
export function splitUnitName(name: string): UnitName {
  const dot = name.lastIndexOf('.');
  const type = name.slice(dot + 1) as UnitType;
  const stem = name.slice(0, dot);
  const at = stem.indexOf('@');
  if (at < 0) return { name, prefix: stem, type, kind: 'plain' };
  const instance = stem.slice(at + 1);
  return { name, prefix: stem.slice(0, at), instance, type, kind: instance === '' ? 'template' : 'instance' };
}

/** True when systemd accepts `name` as a unit name. */
export function isValidUnitName(name: string): boolean {
  return unitNameProblem(name) === undefined;
}
