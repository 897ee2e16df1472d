/**
 * Splits the full data of every release into the base table and per-release differences
 * (release-diff.ts). Used by scripts/gen-exposure-data.ts and the tests, never when scoring.
 */
import type { CheckData, ReleaseData } from '../release-data';
import { diffList } from './list-edit';
import { ABSENT, majority, sameJson } from './majority';
import { materializeRelease, type ChecksDiff, type ListRecordDiff, type ReleaseBase, type ReleaseDiff, type SyscallsDiff } from './release-diff';

/** The base table and each release's differences, in the order the releases were given. */
export interface SplitReleases {
  readonly base: ReleaseBase;
  readonly diffs: readonly ReleaseDiff[];
}

/**
 * Base and differences of `releases` (oldest first). Throws when a release would not come back
 * exactly (JSON text, key order included) from base + its difference.
 */
export function splitReleases(releases: readonly ReleaseData[]): SplitReleases {
  for (let i = 1; i < releases.length; i++) {
    if (Number(releases[i - 1]!.release) >= Number(releases[i]!.release)) throw new Error('splitReleases: releases must be given oldest first, each once');
  }
  const pick = <T>(values: readonly T[]): T => majority(values) as T;
  const base: ReleaseBase = {
    checks: baseChecks(releases.map((r) => r.checks)),
    parse: fieldwiseBase(releases.map((r) => r.parse)),
    syscalls: {
      libseccomp: pick(releases.map((r) => r.syscalls.libseccomp)),
      groups: listRecordBase(releases.map((r) => r.syscalls.groups)),
      resolvable: pick(releases.map((r) => r.syscalls.resolvable)),
      assessedGroups: listRecordBase(releases.map((r) => r.syscalls.assessedGroups)),
    },
    capabilities: pick(releases.map((r) => r.capabilities)),
    addressFamilies: pick(releases.map((r) => r.addressFamilies)),
    architectures: pick(releases.map((r) => r.architectures)),
  };
  const diffs = releases.map((data) => {
    const diff = diffRelease(base, data);
    if (!sameJson(materializeRelease(base, diff), data)) throw new Error(`systemd ${data.release}: its data is not expressible as base + difference`);
    return diff;
  });
  return { base, diffs };
}

/** One release's differences from `base`; only what differs is written. */
function diffRelease(base: ReleaseBase, data: ReleaseData): ReleaseDiff {
  const syscalls = withoutUndefined<SyscallsDiff>({
    libseccomp: sameJson(base.syscalls.libseccomp, data.syscalls.libseccomp) ? undefined : data.syscalls.libseccomp,
    groups: diffListRecord(base.syscalls.groups, data.syscalls.groups),
    resolvable: diffList(base.syscalls.resolvable, data.syscalls.resolvable),
    assessedGroups: diffListRecord(base.syscalls.assessedGroups, data.syscalls.assessedGroups),
  });
  return withoutUndefined<ReleaseDiff>({
    release: data.release,
    systemdVersion: data.systemdVersion,
    checks: diffChecks(base.checks, data.checks),
    parse: diffFields(base.parse, data.parse),
    syscalls: Object.keys(syscalls).length > 0 ? syscalls : undefined,
    capabilities: sameJson(base.capabilities, data.capabilities) ? undefined : data.capabilities,
    addressFamilies: sameJson(base.addressFamilies, data.addressFamilies) ? undefined : data.addressFamilies,
    architectures: sameJson(base.architectures, data.architectures) ? undefined : data.architectures,
  });
}

/** Base checks: those most releases have, each field the value most of those releases have. */
function baseChecks(tables: ReadonlyArray<readonly CheckData[]>): CheckData[] {
  const byField = tables.map((checks) => new Map(checks.map((c) => [c.jsonField, c])));
  const fields = [...new Set([...byField].reverse().flatMap((m) => [...m.keys()]))];
  return fields
    .filter((field) => majority(byField.map((m) => (m.has(field) ? true : ABSENT))) === true)
    .map((field) => fieldwiseBase(byField.filter((m) => m.has(field)).map((m) => m.get(field)!)))
    .sort((a, b) => a.order - b.order);
}

function diffChecks(base: readonly CheckData[], checks: readonly CheckData[]): ChecksDiff | undefined {
  const mine = new Map(checks.map((c) => [c.jsonField, c]));
  const inBase = new Set(base.map((c) => c.jsonField));
  const removed = base.filter((c) => !mine.has(c.jsonField)).map((c) => c.jsonField);
  const added = checks.filter((c) => !inBase.has(c.jsonField));
  const changed: Record<string, Partial<CheckData>> = {};
  for (const c of base) {
    const fields = mine.has(c.jsonField) ? diffFields(c, mine.get(c.jsonField)!) : undefined;
    if (fields) changed[c.jsonField] = fields;
  }
  const diff = withoutUndefined<ChecksDiff>({
    removed: removed.length > 0 ? removed : undefined,
    added: added.length > 0 ? added : undefined,
    changed: Object.keys(changed).length > 0 ? changed : undefined,
  });
  return Object.keys(diff).length > 0 ? diff : undefined;
}

/** An object whose every field is the value most of `objects` have; the key order is the newest's. */
function fieldwiseBase<T extends object>(objects: readonly T[]): T {
  const newest = objects[objects.length - 1]!;
  const out: Partial<T> = {};
  for (const key of Object.keys(newest) as Array<keyof T>) {
    if (objects.some((o) => !Object.hasOwn(o, key))) throw new Error(`field ${String(key)} is missing in some release: not expressible as base + difference`);
    out[key] = majority(objects.map((o) => o[key])) as T[keyof T];
  }
  return out as T;
}

/** Fields of `value` that differ from `base` (undefined when none). */
function diffFields<T extends object>(base: T, value: T): Partial<T> | undefined {
  const extra = Object.keys(value).filter((k) => !Object.hasOwn(base, k));
  if (extra.length > 0) throw new Error(`fields ${extra.join(', ')} are not in the base: not expressible as base + difference`);
  const out: Partial<T> = {};
  for (const key of Object.keys(base) as Array<keyof T>) if (!sameJson(base[key], value[key])) out[key] = value[key];
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Base of a record of lists: the key order most releases have, each list the one most holders have. */
function listRecordBase(records: ReadonlyArray<Readonly<Record<string, readonly string[]>>>): Record<string, readonly string[]> {
  const keys = majority(records.map((r) => Object.keys(r))) as string[];
  const out: Record<string, readonly string[]> = {};
  for (const key of keys) out[key] = majority(records.filter((r) => Object.hasOwn(r, key)).map((r) => r[key]!)) as readonly string[];
  return out;
}

function diffListRecord(base: Readonly<Record<string, readonly string[]>>, value: Readonly<Record<string, readonly string[]>>): ListRecordDiff | undefined {
  const added: Record<string, readonly string[]> = {};
  const changed: Record<string, NonNullable<ReturnType<typeof diffList>>> = {};
  for (const [key, list] of Object.entries(value)) {
    if (!Object.hasOwn(base, key)) added[key] = list;
    else {
      const edit = diffList(base[key]!, list);
      if (edit) changed[key] = edit;
    }
  }
  const diff = withoutUndefined<ListRecordDiff>({
    keys: diffList(Object.keys(base), Object.keys(value)),
    added: Object.keys(added).length > 0 ? added : undefined,
    changed: Object.keys(changed).length > 0 ? changed : undefined,
  });
  return Object.keys(diff).length > 0 ? diff : undefined;
}

/** `object` without its undefined fields (the generated text and deep equality then agree). */
function withoutUndefined<T extends object>(object: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}
