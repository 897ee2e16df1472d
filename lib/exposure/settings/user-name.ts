/**
 * User=/Group= name validation as systemd's relaxed valid_user_group_name() with numeric IDs
 * allowed (spec c.1; src/basic/user-util.c, the same in 252, 257 and 262), and the user name
 * DynamicUser= derives from the unit name.
 */
import { isUtf8Clean } from './paths';

/** True when the decimal string is a valid UID/GID (no leading zero, not 65535, below 4294967295). */
function validNumericId(s: string): boolean {
  if (!/^(0|[1-9][0-9]*)$/.test(s)) return false;
  const n = Number(s);
  return n !== 65535 && n < 4294967295;
}

/** Why a User=/Group= value is invalid, or undefined when systemd accepts it. */
export function userNameProblem(name: string): string | undefined {
  if (name === '') return 'empty name';
  if (validNumericId(name)) return undefined;
  if (/^[0-9]+$/.test(name)) return 'invalid numeric ID (leading zero, or 65535 / 4294967295 and above, which are reserved)';
  if (/^-[0-9]*$/.test(name)) return 'negative numeric ID';
  // Only the ASCII space counts as padding; other blanks (tab: a control character) are checked below.
  if (name.startsWith(' ') || name.endsWith(' ')) return 'leading or trailing space';
  if (!isUtf8Clean(name)) return 'not valid UTF-8';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return 'contains a control character';
  if (/[:/]/.test(name)) return "contains ':' or '/'";
  if (name === '.' || name === '..') return "is '.' or '..'";
  return undefined;
}

/** Strict user names (what DynamicUser= may take from the unit name as is). */
function strictUserName(s: string): boolean {
  return /^[a-zA-Z_][a-zA-Z0-9_-]{0,30}$/.test(s);
}

/** The user name DynamicUser=yes picks when User= is unset: the unit prefix if it is a valid name. */
export function dynamicUserName(unitPrefix: string): string {
  return strictUserName(unitPrefix) ? unitPrefix : '_du_generated';
}
