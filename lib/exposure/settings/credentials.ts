/**
 * LoadCredential[Encrypted]= and SetCredential[Encrypted]= as config_parse_load_credential() and
 * config_parse_set_credential() read them (252, 257, 262): one table of credential IDs per kind,
 * shared by the plain and the encrypted directive (a later plain one replaces an encrypted ID, an
 * empty value of either clears the table). What the device-policy implication needs is whether an
 * encrypted credential is left.
 */
import { UnitPrintf } from '../unit-printf';
import { cunescapeValid, extractFirstWord } from './extract-word';
import { pathIsNormalized } from './paths';
import { credentialNameValid } from '../../unit/path-rules';

/** One assignment of either directive of a kind, in file order. */
export interface CredentialAssignment {
  readonly value: string;
  readonly encrypted: boolean;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** unbase64mem(): whitespace anywhere, groups of four, padding only at the end with zero bits below it. */
export function validBase64(p: string): boolean {
  const chars = [...p].filter((c) => !' \t\n\r'.includes(c));
  if (chars.length % 4 !== 0) return false;
  for (let i = 0; i < chars.length; i += 4) {
    const [a, b, c, d] = chars.slice(i, i + 4).map((ch) => (ch === '=' ? 64 : BASE64.indexOf(ch)));
    if (a! < 0 || b! < 0 || c! < 0 || d! < 0 || a === 64 || b === 64) return false;
    if (c === 64 || d === 64) {
      const last = i + 4 === chars.length;
      if (!last || (c === 64 && d !== 64) || (c === 64 && (b! & 15) !== 0) || (c !== 64 && (c! & 3) !== 0)) return false;
    }
  }
  return true;
}

/** The ID of `ID[:REST]`, and REST (empty when there is none). */
function splitId(value: string): { word: string; rest: string } | undefined {
  const r = extractFirstWord(value, 0, ':', { dontCoalesceSeparators: true });
  if (r.error || r.word === undefined) return undefined;
  return { word: r.word, rest: r.next === undefined ? '' : value.slice(r.next) };
}

/** The ID a LoadCredential*= value sets, or undefined when systemd ignores it. */
function loadCredentialId(value: string, printf: UnitPrintf): string | undefined {
  const parts = splitId(value);
  if (!parts) return undefined;
  const id = UnitPrintf.orUndefined(() => printf.cred(parts.word));
  if (id === undefined || !credentialNameValid(id)) return undefined;
  if (parts.rest === '') return id;
  const path = UnitPrintf.orUndefined(() => printf.path(parts.rest));
  if (path === undefined) return undefined;
  return (path.startsWith('/') ? pathIsNormalized(path) : credentialNameValid(path)) ? id : undefined;
}

/** The ID a SetCredential*= value sets, or undefined when systemd ignores it. */
function setCredentialId(value: string, encrypted: boolean, printf: UnitPrintf): string | undefined {
  const parts = splitId(value);
  if (!parts || parts.rest === '') return undefined;
  const id = UnitPrintf.orUndefined(() => printf.cred(parts.word));
  if (id === undefined || !credentialNameValid(id)) return undefined;
  return (encrypted ? validBase64(parts.rest) : cunescapeValid(parts.rest, true)) ? id : undefined;
}

/** Whether an encrypted credential remains after the assignments of one kind (`load` or `set`). */
export function hasEncryptedCredential(kind: 'load' | 'set', assignments: readonly CredentialAssignment[], printf: UnitPrintf): boolean {
  const table = new Map<string, boolean>();
  for (const { value, encrypted } of assignments) {
    if (value === '') {
      table.clear();
      continue;
    }
    const id = kind === 'load' ? loadCredentialId(value, printf) : setCredentialId(value, encrypted, printf);
    if (id !== undefined) table.set(id, encrypted);
  }
  return [...table.values()].some((e) => e);
}
