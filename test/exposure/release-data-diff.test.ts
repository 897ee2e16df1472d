/**
 * The generated release data and rank tables are one base table plus per-release differences
 * (lib/exposure/releases/release-diff.ts, row-ranks/rank-diff.ts). These tests check that the
 * committed files are what the generators make (from the spec; from the committed ranks), that each
 * difference holds only what differs, that the split and its inverse agree on any input, and that
 * scoring with one release builds only that release.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { SUPPORTED_RELEASES, type SystemdRelease } from '../../lib/exposure/release';
import type { ReleaseData } from '../../lib/exposure/release-data';
import { RELEASE_DATA } from '../../lib/exposure/releases';
import { RELEASE_BASE } from '../../lib/exposure/releases/base';
import { applyListEdit, diffList, type ListEdit } from '../../lib/exposure/releases/list-edit';
import type { ListRecordDiff, ReleaseDiff } from '../../lib/exposure/releases/release-diff';
import { splitReleases } from '../../lib/exposure/releases/split-releases';
import { ROW_RANKS } from '../../lib/exposure/row-ranks';
import { ROW_RANKS_BASE } from '../../lib/exposure/row-ranks/base';
import { materializeRowRanks, type RowRankDiff } from '../../lib/exposure/row-ranks/rank-diff';
import { splitRowRanks } from '../../lib/exposure/row-ranks/split-ranks';
import { DEFAULT_SPEC_DIR, generateReleases, renderReleaseFiles } from '../../scripts/gen-exposure-data';
import { renderRankFiles } from '../../scripts/gen-row-ranks';

const ROOT = path.resolve(__dirname, '../..');
const RELEASES_DIR = path.join(ROOT, 'lib/exposure/releases');
const RANKS_DIR = path.join(ROOT, 'lib/exposure/row-ranks');

/** The committed difference of a release, found by the generators' naming scheme. */
const releaseDiff = (r: SystemdRelease): ReleaseDiff => (require(path.join(RELEASES_DIR, `v${r}`)) as Record<string, ReleaseDiff>)[`RELEASE_${r}_DIFF`]!;
const rankDiff = (r: SystemdRelease): RowRankDiff => (require(path.join(RANKS_DIR, `v${r}`)) as Record<string, RowRankDiff>)[`ROW_RANKS_${r}_DIFF`]!;
const text = (dir: string, name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('release data: base + differences', () => {
  it.each(SUPPORTED_RELEASES)('systemd %s: checks are in table order, each jsonField once', (r) => {
    const data = RELEASE_DATA[r];
    expect(data.release).toBe(r);
    expect(data.checks.map((c) => c.order)).toEqual(data.checks.map((_, i) => i));
    expect(new Set(data.checks.map((c) => c.jsonField)).size).toBe(data.checks.length);
  });

  it('the committed base and differences are the split of the materialized releases', () => {
    const { base, diffs } = splitReleases(SUPPORTED_RELEASES.map((r) => RELEASE_DATA[r]));
    expect(base).toEqual(RELEASE_BASE);
    expect(diffs).toEqual(SUPPORTED_RELEASES.map(releaseDiff));
  });

  it.each(SUPPORTED_RELEASES)('systemd %s: the difference repeats nothing of the base', (r) => {
    const diff = releaseDiff(r);
    const baseFields = new Map(RELEASE_BASE.checks.map((c) => [c.jsonField, c]));
    for (const f of diff.checks?.removed ?? []) expect(baseFields.has(f)).toBe(true);
    for (const c of diff.checks?.added ?? []) expect(baseFields.has(c.jsonField)).toBe(false);
    for (const [f, fields] of Object.entries(diff.checks?.changed ?? {})) {
      const baseCheck = baseFields.get(f)! as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(fields)) expect([f, k, v]).not.toEqual([f, k, baseCheck[k]]);
    }
    const baseParse = RELEASE_BASE.parse as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(diff.parse ?? {})) expect([k, v]).not.toEqual([k, baseParse[k]]);
    expectMinimalListRecord(RELEASE_BASE.syscalls.groups, diff.syscalls?.groups);
    expectMinimalListRecord(RELEASE_BASE.syscalls.assessedGroups, diff.syscalls?.assessedGroups);
    expectMinimalEdit(RELEASE_BASE.syscalls.resolvable, diff.syscalls?.resolvable);
    if (diff.syscalls?.libseccomp !== undefined) expect(diff.syscalls.libseccomp).not.toBe(RELEASE_BASE.syscalls.libseccomp);
    if (diff.capabilities) expect(diff.capabilities).not.toEqual(RELEASE_BASE.capabilities);
    if (diff.addressFamilies) expect(diff.addressFamilies).not.toEqual(RELEASE_BASE.addressFamilies);
    if (diff.architectures) expect(diff.architectures).not.toEqual(RELEASE_BASE.architectures);
  });

  const spec = process.env.CDKTF_SYSTEMD_SPEC_DIR ?? DEFAULT_SPEC_DIR;
  const haveSpec = fs.existsSync(path.join(spec, 'assessors.json'));
  if (!haveSpec && process.env.CI) throw new Error(`spec data missing at ${spec}`);
  (haveSpec ? describe : describe.skip)('against the generator run on the shared spec', () => {
    const generated: ReleaseData[] = haveSpec ? generateReleases(spec) : [];

    it('materializing base + difference gives back exactly what the generator computes', () => {
      expect(generated.map((d) => d.release)).toEqual([...SUPPORTED_RELEASES]);
      for (const data of generated) expect(JSON.stringify(RELEASE_DATA[data.release])).toBe(JSON.stringify(data));
    });

    it('the committed files are the generator output, byte for byte', () => {
      const files = renderReleaseFiles(generated);
      expect([...files.keys()]).toEqual(['base.ts', ...SUPPORTED_RELEASES.map((r) => `v${r}.ts`)]);
      for (const [name, content] of files) expect([name, text(RELEASES_DIR, name)]).toEqual([name, content]);
    });
  });
});

describe('row ranks: base + differences', () => {
  it.each(SUPPORTED_RELEASES)('systemd %s: keys in byte order, each naming a check of the release, ranks from 1', (r) => {
    const ranks = ROW_RANKS[r];
    const keys = Object.keys(ranks);
    expect(keys).toEqual([...keys].sort(byteOrder));
    const fields = new Set(RELEASE_DATA[r].checks.map((c) => c.jsonField));
    for (const key of keys) expect([key, fields.has(key.slice(0, key.indexOf(' ')))]).toEqual([key, true]);
    for (const rank of Object.values(ranks)) expect(Number.isInteger(rank) && rank >= 1).toBe(true);
  });

  it('the committed files are what the generator writes for these ranks, byte for byte', () => {
    const measured = SUPPORTED_RELEASES.map((release) => ({ release, oracle: rankDiff(release).oracle, ranks: ROW_RANKS[release] }));
    const { base, diffs } = splitRowRanks(measured);
    expect(base).toEqual(ROW_RANKS_BASE);
    expect(diffs).toEqual(SUPPORTED_RELEASES.map(rankDiff));
    for (const [name, content] of renderRankFiles(measured)) expect([name, text(RANKS_DIR, name)]).toEqual([name, content]);
  });

  it.each(SUPPORTED_RELEASES)('systemd %s: the difference repeats nothing of the base', (r) => {
    const diff = rankDiff(r);
    for (const key of diff.removed ?? []) expect(Object.hasOwn(ROW_RANKS_BASE, key)).toBe(true);
    for (const key of Object.keys(diff.added ?? {})) expect(Object.hasOwn(ROW_RANKS_BASE, key)).toBe(false);
    for (const [key, rank] of Object.entries(diff.changed ?? {})) expect([key, rank]).not.toEqual([key, ROW_RANKS_BASE[key]]);
  });
});

describe('the split and its inverse, on any input', () => {
  const distinct = fc.uniqueArray(fc.constantFrom(...'abcdefghijklmnop'.split('')), { maxLength: 12 });

  it('applyListEdit(a, diffList(a, b)) is b', () => {
    fc.assert(fc.property(distinct, distinct, (a, b) => {
      expect(applyListEdit(a, diffList(a, b))).toEqual(b);
      if (diffList(a, b) === undefined) expect(a).toEqual(b);
    }));
  });

  it('rank tables come back from base + difference', () => {
    const table = fc.dictionary(fc.constantFrom('A good', 'A bad', 'B good', 'B na', 'C bad'), fc.integer({ min: 1, max: 9 }))
      .map((t) => Object.fromEntries(Object.entries(t).sort(([a], [b]) => byteOrder(a, b))));
    fc.assert(fc.property(fc.array(table, { minLength: 1, maxLength: 4 }), (tables) => {
      const { base, diffs } = splitRowRanks(tables.map((ranks, i) => ({ oracle: `o${i}`, ranks })));
      diffs.forEach((d, i) => expect(JSON.stringify(materializeRowRanks(base, d))).toBe(JSON.stringify(tables[i])));
    }));
  });
});

test('scoring with one release builds only that release', () => {
  const probe = [
    "const { RELEASE_DATA } = require('./lib/exposure/releases');",
    "const { ROW_RANKS } = require('./lib/exposure/row-ranks');",
    "void RELEASE_DATA['257'].checks.length; void ROW_RANKS['257'];",
    "const loaded = Object.keys(require.cache).filter((k) => /exposure\\/(releases|row-ranks)\\/(v\\d+|base)\\.ts$/.test(k)).map((k) => k.split('/exposure/')[1]).sort();",
    'process.stdout.write(JSON.stringify(loaded));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', probe], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual(['releases/base.ts', 'releases/v257.ts', 'row-ranks/base.ts', 'row-ranks/v257.ts']);
});

function expectMinimalListRecord(base: Readonly<Record<string, readonly string[]>>, diff: ListRecordDiff | undefined): void {
  expectMinimalEdit(Object.keys(base), diff?.keys);
  for (const key of Object.keys(diff?.added ?? {})) expect(Object.hasOwn(base, key)).toBe(false);
  for (const [key, edit] of Object.entries(diff?.changed ?? {})) {
    expect(Object.hasOwn(base, key)).toBe(true);
    expectMinimalEdit(base[key]!, edit);
  }
}

/** An edit removes only base items, inserts in ascending order, and is not empty. */
function expectMinimalEdit(base: readonly string[], edit: ListEdit | undefined): void {
  if (edit === undefined) return;
  expect((edit.remove?.length ?? 0) + (edit.insert?.length ?? 0)).toBeGreaterThan(0);
  for (const item of edit.remove ?? []) expect(base).toContain(item);
  const indices = (edit.insert ?? []).map(([i]) => i);
  expect(indices).toEqual([...indices].sort((a, b) => a - b));
}
