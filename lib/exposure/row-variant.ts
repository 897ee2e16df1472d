/**
 * Which of systemd's own description texts a report row shows, as a key (no systemd text is kept
 * here). systemd sorts the rows by that text (section f.3 of the spec), so the key is what
 * row-order.ts ranks. It follows src/analyze/analyze-security.c (252, 257, 262):
 *
 * - not assessed because DefaultDependencies=no: its own text (`na-dd`), before the weight test;
 * - weight 0 in the policy: its own text (`na-policy`);
 * - the rule says N/A: the check's N/A text (`na`), except RemoveIPC= in --user scope from 257 on,
 *   which has a text of its own (`na-user`);
 * - checks whose assessor writes its own text: one text per outcome (`b<badness>`), with outcomes
 *   sharing a badness told apart where their texts do not sort together (IP filters by BPF program
 *   `b0-bpf`; the calling user's identity in --user scope `b0-caller`; the system call filter's
 *   allow/deny list `allow-b0`, `deny-b10`…, or none at all `none`);
 * - every other check: its generic good text (badness 0, `good`), bad text (badness = the check's
 *   built-in range, `bad`), or no text at all for a badness in between (`partial`).
 */
import type { CheckData, ReleaseData } from './release-data';
import type { SecurityRecord } from './security-record';

/** Variants whose text a `--security-policy` may replace (description_good/bad/na). */
export type GenericVariant = 'good' | 'bad' | 'na';

/** `b<badness>` keys, made once: a batch asks for them on every row of every unit. */
const BADNESS_KEYS = Array.from({ length: 11 }, (_, b) => `b${b}`);
const badnessKey = (badness: number): string => BADNESS_KEYS[badness] ?? `b${badness}`;
const FILTER_KEYS = { allow: BADNESS_KEYS.map((b) => `allow-${b}`), deny: BADNESS_KEYS.map((b) => `deny-${b}`) };

/** Rule kinds whose assessor writes its own description for every outcome it rates. */
const OWN_TEXT = new Set(['protect_home', 'protect_system', 'umask', 'system_call_architectures', 'device_allow']);

/** The variant key of one row (see the header); `badness` null is N/A, `weight` the effective weight. */
export function rowVariant(check: CheckData, badness: number | null, weight: number, record: SecurityRecord, data: ReleaseData): string {
  if (check.defaultDependenciesOnly && !record.defaultDependencies) return 'na-dd';
  if (weight === 0) return 'na-policy';
  if (badness === null) {
    // RemoveIPC= in --user scope (257 on): its own text, not the N/A text.
    return check.rule.kind === 'remove_ipc' && record.scope === 'user' && data.parse.userScopeUnprivileged ? 'na-user' : 'na';
  }
  const kind = check.rule.kind;
  if (OWN_TEXT.has(kind)) return badnessKey(badness);
  if (kind === 'user') {
    if (badness === 10) return 'bad';
    // Badness 0 without a user of its own: --user scope, "the calling user's identity" (257 on).
    const ownUser = (record.dynamicUser || record.user !== undefined) && record.user !== 'root' && record.user !== '0';
    return badness === 0 && !ownUser ? 'b0-caller' : badnessKey(badness);
  }
  if (kind === 'ip_address_allow') return badness === 0 && record.ipFilterPaths ? 'b0-bpf' : badnessKey(badness);
  if (kind === 'system_call_filter') {
    const f = record.syscallFilter;
    if (f.mode === 'none' || (f.mode === 'deny' && f.count === 0)) return 'none';
    return FILTER_KEYS[f.mode][badness] ?? `${f.mode}-b${badness}`;
  }
  if (badness === 0) return 'good';
  return badness === check.range ? 'bad' : 'partial';
}

/** True for the variants whose text is the check's generic one (which a policy may replace). */
export function isGenericVariant(variant: string): variant is GenericVariant {
  return variant === 'good' || variant === 'bad' || variant === 'na';
}
