/**
 * The generated release data as one base table (`base.ts`) plus each release's differences
 * (`v<NNN>.ts`), the way systemd's analyze-security.c keeps one table; {@link materializeRelease}
 * puts a release's full {@link ReleaseData} back together. Pure data handling: nothing here knows
 * a release by name.
 */
import type { SystemdRelease } from '../release';
import type { CheckData, ParseFlavour, ReleaseData, SyscallData } from '../release-data';
import { applyListEdit, type ListEdit } from './list-edit';

/** What the releases share: for each item, the value most releases have (ties: the newest's). */
export type ReleaseBase = Omit<ReleaseData, 'release' | 'systemdVersion'>;

/** How a record of lists (syscall groups) differs: its keys, the lists of new keys, edits of the others. */
export interface ListRecordDiff {
  /** Edits of the key order (a removed key takes its list with it). */
  readonly keys?: ListEdit;
  /** Lists of the keys the base does not have. */
  readonly added?: Readonly<Record<string, readonly string[]>>;
  /** Edits of lists the base has too. */
  readonly changed?: Readonly<Record<string, ListEdit>>;
}

/** How a release's checks differ, by `jsonField`; the result is in `order`. */
export interface ChecksDiff {
  /** `jsonField`s of base checks the release does not have. */
  readonly removed?: readonly string[];
  /** Checks the base does not have. */
  readonly added?: readonly CheckData[];
  /** Fields of base checks that differ (each field replaced whole). */
  readonly changed?: Readonly<Record<string, Partial<Omit<CheckData, 'jsonField'>>>>;
}

/** How a release's syscall data differs. */
export interface SyscallsDiff {
  readonly libseccomp?: string;
  readonly groups?: ListRecordDiff;
  readonly resolvable?: ListEdit;
  readonly assessedGroups?: ListRecordDiff;
}

/** One release's differences from the base; an absent field is the base's. */
export interface ReleaseDiff {
  readonly release: SystemdRelease;
  readonly systemdVersion: string;
  readonly checks?: ChecksDiff;
  /** Parse facts that differ (each replaced whole). */
  readonly parse?: Partial<ParseFlavour>;
  readonly syscalls?: SyscallsDiff;
  /** Replaced whole when they differ. */
  readonly capabilities?: Readonly<Record<string, number>>;
  readonly addressFamilies?: Readonly<Record<string, number>>;
  readonly architectures?: readonly string[];
}

/**
 * The full data of one release: `base` with `diff` applied. Every object of the result above the
 * lists is new, so per-object caches (explanations, per-release tables) stay per release; the
 * unchanged lists are shared with the base (the data is read-only).
 */
export function materializeRelease(base: ReleaseBase, diff: ReleaseDiff): ReleaseData {
  return {
    release: diff.release,
    systemdVersion: diff.systemdVersion,
    checks: applyChecksDiff(base.checks, diff.checks),
    parse: { ...base.parse, ...diff.parse },
    syscalls: applySyscallsDiff(base.syscalls, diff.syscalls),
    capabilities: diff.capabilities ?? { ...base.capabilities },
    addressFamilies: diff.addressFamilies ?? { ...base.addressFamilies },
    architectures: diff.architectures ?? base.architectures,
  };
}

function applyChecksDiff(base: readonly CheckData[], diff: ChecksDiff | undefined): CheckData[] {
  const removed = new Set(diff?.removed ?? []);
  const changed = diff?.changed ?? {};
  const kept = base.filter((c) => !removed.has(c.jsonField)).map((c): CheckData => ({ ...c, ...changed[c.jsonField] }));
  // The table order is data (`order`), so added and re-ordered checks need no positions of their own.
  return [...kept, ...(diff?.added ?? []).map((c) => ({ ...c }))].sort((a, b) => a.order - b.order);
}

function applySyscallsDiff(base: SyscallData, diff: SyscallsDiff | undefined): SyscallData {
  return {
    libseccomp: diff?.libseccomp ?? base.libseccomp,
    groups: applyListRecordDiff(base.groups, diff?.groups),
    resolvable: applyListEdit(base.resolvable, diff?.resolvable),
    assessedGroups: applyListRecordDiff(base.assessedGroups, diff?.assessedGroups),
  };
}

/** A record of lists with `diff` applied, its keys in the order the edit gives. */
export function applyListRecordDiff(base: Readonly<Record<string, readonly string[]>>, diff: ListRecordDiff | undefined): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const key of applyListEdit(Object.keys(base), diff?.keys)) {
    if (diff?.added !== undefined && Object.hasOwn(diff.added, key)) out[key] = diff.added[key]!;
    else if (Object.hasOwn(base, key)) out[key] = applyListEdit(base[key]!, diff?.changed?.[key]);
    else throw new Error(`a release diff inserts the key ${key} without its list`);
  }
  return out;
}
