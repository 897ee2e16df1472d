/**
 * `diff OLD NEW`: what changed in the exposure of units between two versions — two unit files, or two
 * `exposure-report.json` files — check by check, with an exit status for CI (1 when a unit got worse:
 * its exposure rose or a check that passed now fails).
 */
import * as path from 'node:path';
import { assessFile, assessUnit, type AssessOptions, type ExposureReport } from '../exposure';
import type { UnitDocument } from '../unit/model';
import { exposureNumber, failingChecks, showExposure, worst, type FailingCheck, type UnitSnapshot } from './snapshot';

/** How one check changed. */
export type CheckChangeKind = 'starts failing' | 'costs more' | 'costs less' | 'now passes';

/** One check whose outcome or cost changed. */
export interface CheckChange {
  readonly name: string;
  readonly json_field: string;
  readonly kind: CheckChangeKind;
  /** Exposure per mode before and after (null: passes there). */
  readonly before: { readonly offline: number | null; readonly live: number | null };
  readonly after: { readonly offline: number | null; readonly live: number | null };
}

const KIND_ORDER: readonly CheckChangeKind[] = ['starts failing', 'costs more', 'costs less', 'now passes'];
const PASSING = { offline: null, live: null } as const;

/** Check-by-check changes between two lists of failing checks of one unit. */
export function compareChecks(before: readonly FailingCheck[], after: readonly FailingCheck[]): CheckChange[] {
  const was = new Map(before.map((c) => [c.json_field, c]));
  const now = new Map(after.map((c) => [c.json_field, c]));
  const out: CheckChange[] = [];
  for (const field of new Set([...was.keys(), ...now.keys()])) {
    const b = was.get(field);
    const a = now.get(field);
    const name = (a ?? b)!.name;
    const pair = { before: b ? { offline: b.offline, live: b.live } : PASSING, after: a ? { offline: a.offline, live: a.live } : PASSING };
    if (!b) out.push({ name, json_field: field, kind: 'starts failing', ...pair });
    else if (!a) out.push({ name, json_field: field, kind: 'now passes', ...pair });
    else {
      const d = worst(a) - worst(b) || (a.offline ?? 0) - (b.offline ?? 0) || (a.live ?? 0) - (b.live ?? 0);
      if (d !== 0) out.push({ name, json_field: field, kind: d > 0 ? 'costs more' : 'costs less', ...pair });
    }
  }
  return out.sort((x, y) => KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** `0.5`, or `offline 0.5, live 0.4` when the modes differ (`passes` where a mode passes). */
function modes(v: CheckChange['before'], liveScored: boolean): string {
  const show = (n: number | null): string => (n === null ? 'passes' : showExposure(n));
  if (!liveScored || v.offline === v.live) return show(v.offline ?? v.live);
  return `offline ${show(v.offline)}, live ${show(v.live)}`;
}

/** One line for a check change: `starts failing: PrivateNetwork= (0.5)`, `costs more: X= (0.2 → 0.3)`. */
export function formatCheckChange(c: CheckChange, liveScored = true): string {
  if (c.kind === 'starts failing') return `starts failing: ${c.name} (${modes(c.after, liveScored)})`;
  if (c.kind === 'now passes') return `now passes: ${c.name} (was ${modes(c.before, liveScored)})`;
  const same = !liveScored || (c.before.offline === c.before.live && c.after.offline === c.after.live);
  const arrow = (x: number | null, y: number | null): string => `${x === null ? 'passes' : showExposure(x)} → ${y === null ? 'passes' : showExposure(y)}`;
  const text = same ? arrow(c.before.offline ?? c.before.live, c.after.offline ?? c.after.live) : `offline ${arrow(c.before.offline, c.after.offline)}, live ${arrow(c.before.live, c.after.live)}`;
  return `${c.kind}: ${c.name} (${text})`;
}

/** How a unit changed as a whole. */
export type UnitVerdict = 'worse' | 'better' | 'changed' | 'unchanged' | 'added' | 'removed';

/** One unit's change between two versions. */
export interface UnitDiff {
  /** Construct path (reports) or unit name (unit files). */
  readonly key: string;
  readonly unit: string;
  readonly before: UnitSnapshot | null;
  readonly after: UnitSnapshot | null;
  readonly checks: readonly CheckChange[];
  /** worse: an exposure rose or a check started failing; better: an exposure fell and none of that. */
  readonly verdict: UnitVerdict;
}

/** The outcome of a diff. */
export interface ReportDiff {
  readonly units: readonly UnitDiff[];
  /** 0 when no unit got worse, 1 when one did (for CI). */
  readonly exitCode: 0 | 1;
}

/** Compares two snapshots of one unit. */
export function diffSnapshots(key: string, before: UnitSnapshot | null, after: UnitSnapshot | null): UnitDiff {
  const unit = (after ?? before)!.unit;
  if (!before || !after) return { key, unit, before, after, checks: [], verdict: before ? 'removed' : 'added' };
  const checks = compareChecks(before.failing_checks, after.failing_checks);
  const rose = after.offline > before.offline || (after.live ?? 0) > (before.live ?? 0);
  const fell = after.offline < before.offline || (after.live ?? 0) < (before.live ?? 0);
  const verdict: UnitVerdict = rose || checks.some((c) => c.kind === 'starts failing') ? 'worse' : fell ? 'better' : checks.length > 0 || before.systemd !== after.systemd ? 'changed' : 'unchanged';
  return { key, unit, before, after, checks, verdict };
}

function finish(units: UnitDiff[]): ReportDiff {
  units.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { units, exitCode: units.some((u) => u.verdict === 'worse') ? 1 : 0 };
}

/** A unit as an `exposure-report.json` lists it (older reports have `costliest` only). */
export interface ReportedUnit {
  readonly path?: string;
  readonly host?: string;
  readonly unit: string;
  readonly systemd: string;
  readonly offline: number;
  readonly live?: number | null;
  readonly failing_checks?: readonly FailingCheck[];
  readonly costliest?: ReadonlyArray<{ readonly name: string; readonly json_field: string; readonly exposure: number }>;
}

/** The part of an `exposure-report.json` a diff reads. */
export interface ReportedUnits {
  readonly units: readonly ReportedUnit[];
}

/** A reported unit's scores and failing checks. */
export function snapshotOf(u: ReportedUnit): UnitSnapshot {
  // Without failing_checks (reports written before them) the top five offline checks are all there is.
  const failing = u.failing_checks ?? (u.costliest ?? []).map((c) => ({ name: c.name, json_field: c.json_field, offline: c.exposure, live: null }));
  return { unit: u.unit, ...(u.host !== undefined ? { host: u.host } : {}), systemd: u.systemd, offline: u.offline, live: u.live ?? null, failing_checks: failing };
}

/** The key a unit is matched by across two reports (and in a baseline): its construct path, else host and unit. */
export function keyOf(u: ReportedUnit): string {
  return u.path ?? `${u.host ?? ''}/${u.unit}`;
}

/** Compares two `exposure-report.json` contents unit by unit (matched by construct path). */
export function diffReports(before: ReportedUnits, after: ReportedUnits): ReportDiff {
  const was = new Map(before.units.map((u) => [keyOf(u), u]));
  const now = new Map(after.units.map((u) => [keyOf(u), u]));
  const keys = new Set([...was.keys(), ...now.keys()]);
  return finish([...keys].map((k) => {
    const b = was.get(k);
    const a = now.get(k);
    return diffSnapshots(k, b ? snapshotOf(b) : null, a ? snapshotOf(a) : null);
  }));
}

/** Options of {@link diffUnits} and {@link diffUnitFiles}: how both versions are scored. */
export type DiffOptions = Pick<AssessOptions, 'release' | 'scope' | 'policy'>;

function snapshotOfReports(offline: ExposureReport, live: ExposureReport | undefined): UnitSnapshot {
  return {
    unit: offline.unit,
    systemd: offline.release,
    offline: exposureNumber(offline.exposure),
    live: live ? exposureNumber(live.exposure) : null,
    failing_checks: failingChecks(offline, live),
  };
}

/** Offline, and live for services (live mode analyses services only). */
function scoreBoth(score: (o: AssessOptions) => ExposureReport, name: string, options: DiffOptions): UnitSnapshot {
  const offline = score({ ...options, mode: 'offline' });
  const live = name.endsWith('.service') ? score({ ...options, mode: 'live' }) : undefined;
  return snapshotOfReports(offline, live);
}

/** Compares two versions of a unit (parsed documents), scored with the same release and policy. */
export function diffUnits(
  before: { readonly name: string; readonly document: UnitDocument },
  after: { readonly name: string; readonly document: UnitDocument },
  options: DiffOptions = {},
): ReportDiff {
  const b = scoreBoth((o) => assessUnit(before, o), before.name, options);
  const a = scoreBoth((o) => assessUnit(after, o), after.name, options);
  return finish([diffSnapshots(after.name, b, a)]);
}

/** Compares two unit files (each read with the drop-ins beside it, as `score` reads them). */
export function diffUnitFiles(beforeFile: string, afterFile: string, options: DiffOptions = {}): ReportDiff {
  const b = scoreBoth((o) => assessFile(beforeFile, o), path.basename(beforeFile), options);
  const a = scoreBoth((o) => assessFile(afterFile, o), path.basename(afterFile), options);
  return finish([diffSnapshots(a.unit, b, a)]);
}

/** `offline 1.1 → 1.6, live 1.1 → 1.6` (and the release when it changed). */
export function formatScores(before: UnitSnapshot, after: UnitSnapshot): string {
  const parts = [`offline ${showExposure(before.offline)} → ${showExposure(after.offline)}`];
  if (before.live !== null && after.live !== null) parts.push(`live ${showExposure(before.live)} → ${showExposure(after.live)}`);
  if (before.systemd !== after.systemd) parts.push(`systemd ${before.systemd} → ${after.systemd}`);
  return parts.join(', ');
}

/** The diff as text: one block per unit that changed, then a summary line. */
export function formatDiff(diff: ReportDiff): string {
  const lines: string[] = [];
  for (const u of diff.units) {
    const label = u.key === u.unit ? u.unit : `${u.unit} [${u.key}]`;
    if (u.verdict === 'unchanged') continue;
    if (u.verdict === 'added') lines.push(`added: ${label}: offline ${showExposure(u.after!.offline)}${u.after!.live !== null ? `, live ${showExposure(u.after!.live)}` : ''}`);
    else if (u.verdict === 'removed') lines.push(`removed: ${label}`);
    else {
      lines.push(`${u.verdict}: ${label}: ${formatScores(u.before!, u.after!)}`);
      const live = u.before!.live !== null && u.after!.live !== null;
      for (const c of u.checks) lines.push(`  ${formatCheckChange(c, live)}`);
    }
  }
  const count = (v: UnitVerdict): number => diff.units.filter((u) => u.verdict === v).length;
  lines.push(`${count('worse')} worse, ${count('better')} better, ${count('changed')} changed, ${count('unchanged')} unchanged, ${count('added')} added, ${count('removed')} removed`);
  return lines.join('\n') + '\n';
}
