/**
 * The stack's `exposure-report.json`: the policy report of lib/policy/report.ts (unchanged keys) plus,
 * per unit, where it was declared, its unit file, every failing check and its score on each supported
 * release; then the release drift and the comparison with the baseline. The HTML report and the
 * diffs read this shape.
 */
import { reportJson, type ExposureReportJson } from '../policy/report';
import type { BaselineComparison } from './baseline';
import type { CheckChange, UnitVerdict } from './diff';
import { driftFindings, isRefusal, releaseDrift, type UnitDrift } from './drift';
import type { ReportUnit } from './model';
import { failingChecks, type FailingCheck } from './snapshot';
import type { SourceLocation } from './source-location';

/** A unit's score on one release (null scores: that release refuses the unit, see `refused`). */
export interface ReleaseScoreJson {
  readonly systemd: string;
  readonly offline: number | null;
  readonly live: number | null;
  readonly level: string | null;
  readonly ok: boolean;
  /** Directives (or values) this release ignores, in the catalog's words. */
  readonly ignored: readonly string[];
  readonly refused?: string;
}

/** One unit of the stack report. */
export type UnitReportJson = ExposureReportJson['units'][number] & {
  readonly unit_file: string;
  readonly declared_at?: SourceLocation;
  readonly failing_checks: readonly FailingCheck[];
  readonly releases: readonly ReleaseScoreJson[];
};

/** One upgrade that changes something for a unit. */
export interface UpgradeJson {
  readonly from: string;
  readonly to: string;
  readonly offline: readonly [number, number | null];
  readonly live: readonly [number | null, number | null];
  readonly ok: readonly [boolean, boolean];
  readonly checks: readonly CheckChange[];
  readonly now_honoured: readonly string[];
  readonly becomes_ignored: readonly string[];
  readonly refused?: string;
}

/** A flagged unit of the release drift. */
export interface DriftJson {
  readonly path: string;
  readonly unit: string;
  readonly host: string;
  readonly systemd: string;
  /** What to read before upgrading, one line each (see driftFindings). */
  readonly findings: readonly string[];
  readonly upgrades: readonly UpgradeJson[];
}

/** A unit whose standing against the baseline is not "unchanged". */
export interface BaselineChangeJson {
  readonly path: string;
  readonly unit: string;
  readonly verdict: UnitVerdict;
  readonly before: { readonly systemd: string; readonly offline: number; readonly live: number | null } | null;
  readonly after: { readonly systemd: string; readonly offline: number; readonly live: number | null } | null;
  readonly checks: readonly CheckChange[];
}

/** The baseline section: which file, whether synth wrote it, and what moved. */
export interface BaselineJson {
  readonly file: string;
  readonly written: boolean;
  readonly changes: readonly BaselineChangeJson[];
}

/** Contents of `exposure-report.json`. */
export interface StackReportJson {
  readonly units: readonly UnitReportJson[];
  /** Units whose exposure changes on an upgrade of their host, or whose host ignores a directive. */
  readonly release_drift: readonly DriftJson[];
  readonly baseline?: BaselineJson;
}

function releasesJson(d: UnitDrift): ReleaseScoreJson[] {
  return d.releases.map((r) =>
    isRefusal(r)
      ? { systemd: r.systemd, offline: null, live: null, level: null, ok: false, ignored: [], refused: r.refused }
      : { systemd: r.systemd, offline: r.offline, live: r.live, level: r.level, ok: r.ok, ignored: r.ignored.map((i) => i.message) },
  );
}

function driftJson(d: UnitDrift): DriftJson {
  return {
    path: d.path,
    unit: d.unit,
    host: d.host,
    systemd: d.systemd,
    findings: driftFindings(d),
    upgrades: d.upgrades.map((u) => {
      const refused = isRefusal(u.after) ? u.after.refused : undefined;
      const after = isRefusal(u.after) ? undefined : u.after;
      return {
        from: u.from,
        to: u.to,
        offline: [u.before.offline, after?.offline ?? null],
        live: [u.before.live, after?.live ?? null],
        ok: [u.before.ok, after?.ok ?? false],
        checks: u.checks,
        now_honoured: u.takesEffect.map((i) => i.message),
        becomes_ignored: u.becomesIgnored.map((i) => i.message),
        ...(refused !== undefined ? { refused } : {}),
      };
    }),
  };
}

/** The baseline section of the report. */
export function baselineJson(c: BaselineComparison, written: boolean): BaselineJson {
  const scores = (s: { systemd: string; offline: number; live: number | null } | null) => (s ? { systemd: s.systemd, offline: s.offline, live: s.live } : null);
  return {
    file: c.file,
    written,
    changes: c.units.filter((u) => u.verdict !== 'unchanged').map((u) => ({ path: u.key, unit: u.unit, verdict: u.verdict, before: scores(u.before), after: scores(u.after), checks: u.checks })),
  };
}

/** Options of {@link stackReport}. */
export interface StackReportOptions {
  /** "Today" for acknowledgement expiry when scoring other releases (default: now). */
  readonly today?: Date;
}

/** The stack report, and the drift it was built from (for the Markdown and HTML renderings). */
export interface StackReport {
  readonly json: StackReportJson;
  readonly drift: readonly UnitDrift[];
}

/** Builds the stack report (deterministic: units by construct path). */
export function stackReport(units: readonly ReportUnit[], options: StackReportOptions = {}): StackReport {
  const byPath = new Map(units.map((u) => [u.entry.path, u]));
  const drift = [...byPath.values()].sort((a, b) => (a.entry.path < b.entry.path ? -1 : 1)).map((u) => releaseDrift(u, options.today));
  const driftByPath = new Map(drift.map((d) => [d.path, d]));
  const base = reportJson(units.map((u) => u.entry));
  const json: StackReportJson = {
    units: base.units.map((row) => {
      const u = byPath.get(row.path)!;
      return {
        ...row,
        unit_file: u.unitFile,
        ...(u.declaredAt ? { declared_at: u.declaredAt } : {}),
        failing_checks: failingChecks(u.entry.offline.report, u.entry.live.report),
        releases: releasesJson(driftByPath.get(row.path)!),
      };
    }),
    release_drift: drift.filter((d) => d.flagged).map(driftJson),
  };
  return { json, drift };
}

/** The report with its baseline section (the comparison is made from the report's own units). */
export function withBaseline(report: StackReport, comparison: BaselineComparison, written: boolean): StackReport {
  return { ...report, json: { ...report.json, baseline: baselineJson(comparison, written) } };
}
