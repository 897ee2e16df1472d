/**
 * CapabilityBoundingSet= and AmbientCapabilities= as 64-bit masks, with systemd's replace-or-merge
 * rule and the per-release parser differences (spec c.4).
 */
import { perRelease } from '../per-release';
import type { ReleaseData } from '../release-data';
import { listAssignment } from './words';

const ALL64 = (1n << 64n) - 1n;
const LOW63 = (1n << 63n) - 1n;

/** Which of the two capability settings is parsed (they differ in their start value). */
export type CapabilitySetting = 'bounding' | 'ambient';

/** The value a capability mask has before any assignment. */
export function capabilityStart(setting: CapabilitySetting, data: ReleaseData): bigint {
  if (setting === 'ambient') return 0n;
  return data.parse.capabilityParser === 'known-caps' ? LOW63 : ALL64;
}

/**
 * Capability number of a name (`CAP_KILL`, `cap_kill`) or a number as capability_from_name() reads
 * it (safe_atoi(): blanks, sign, `0x`/`0o`/`0b`/C-octal bases), or undefined if unknown.
 */
export function capabilityNumber(word: string, data: ReleaseData): number | undefined {
  const n = safeAtoi(word);
  if (n !== undefined) return n >= 0 && n <= data.parse.maxCapabilityNumber ? n : undefined;
  return namesOf(data).get(word) ?? namesOf(data).get(word.toLowerCase());
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const DIGITS: Readonly<Record<number, RegExp>> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };

/**
 * systemd's safe_atoi() (src/basic/parse-util.c, 252–262): leading blanks skipped, Python-style `0b`
 * and `0o` prefixes, then strtol() with base 0 (sign, `0x` hexadecimal, a leading `0` octal); the
 * whole word must be used and fit an int.
 */
export function safeAtoi(word: string): number | undefined {
  let t = word.replace(/^[ \t\n\r]+/, '');
  let base = 0;
  if (/^0[bB]/.test(t)) [base, t] = [2, t.slice(2)];
  else if (/^0[oO]/.test(t)) [base, t] = [8, t.slice(2)];
  t = t.replace(/^[ \t\n\v\f\r]+/, ''); // strtol() skips isspace() blanks itself
  const sign = t.startsWith('-') ? -1 : 1;
  if (t.startsWith('-') || t.startsWith('+')) t = t.slice(1);
  if (base === 0) {
    if (/^0[xX][0-9a-fA-F]/.test(t)) [base, t] = [16, t.slice(2)];
    else base = t.startsWith('0') ? 8 : 10;
  }
  if (!DIGITS[base]!.test(t)) return undefined;
  const n = sign * parseInt(t, base);
  return n >= INT_MIN && n <= INT_MAX ? n : undefined;
}

/** Capability numbers by name, lower and upper case (a Map: `constructor` finds nothing). */
const namesOf = perRelease((data) => {
  const names = new Map<string, number>();
  for (const [name, n] of Object.entries(data.capabilities)) names.set(name, n).set(name.toUpperCase(), n);
  return names;
});

/** Applies one assignment to `current`; returns the new mask (an invalid value leaves it unchanged). */
export function applyCapabilityAssignment(current: bigint, value: string, setting: CapabilitySetting, data: ReleaseData): bigint {
  // An unbalanced quote: 252 stops at the broken word, 257+ take the rest as one word.
  const { invert, words } = listAssignment(value, true, data.parse.capabilityUnbalancedQuote === 'relax');
  let listed = 0n;
  for (const w of words) {
    const n = capabilityNumber(w, data);
    if (n !== undefined) listed |= 1n << BigInt(n);
  }
  const start = capabilityStart(setting, data);
  if (listed === 0n || current === start) {
    if (!invert) return listed;
    return data.parse.capabilityParser === 'known-caps'
      ? ((1n << BigInt(data.parse.kernelLastCap + 1)) - 1n) & ~listed
      : ALL64 & ~listed;
  }
  return invert ? current & ~listed : current | listed;
}

/** Mask of the named capabilities (names as in the release data). */
export function capabilityMask(names: readonly string[], data: ReleaseData): bigint {
  let m = 0n;
  for (const n of names) {
    const num = capabilityNumber(n, data);
    if (num === undefined) throw new Error(`unknown capability ${n} in release ${data.release} data`);
    m |= 1n << BigInt(num);
  }
  return m;
}
