/**
 * Release drift: every service scored on each supported systemd release, with what changes when its
 * host is upgraded (exposure, budget, checks) and the directives a release ignores. What a team reads
 * before upgrading Debian 12 (systemd 252) to Debian 13 (257).
 */
import { SUPPORTED_RELEASES, UnitLoadError, type ExposureLevel, type SystemdRelease } from '../exposure';
import { evaluateBudget } from '../policy/budget';
import { releaseProblems } from '../unit/catalog/releases';
import { compareChecks, formatCheckChange, formatScores, type CheckChange } from './diff';
import type { ReportUnit } from './model';
import { exposureNumber, failingChecks, showExposure, type UnitSnapshot } from './snapshot';

/** The Debian release that ships each systemd release (262: the unstable suite when this was written). */
export const RELEASE_LABELS: Readonly<Record<SystemdRelease, string>> = { '252': 'Debian 12', '257': 'Debian 13', '262': 'Debian sid' };

/** A directive a release ignores (or a value it refuses), as the catalog words it. */
export interface IgnoredDirective {
  /** `Service.RestartSteps`. */
  readonly directive: string;
  readonly message: string;
}

/** One service scored on one release, with its policy. */
export interface ReleaseScore extends UnitSnapshot {
  readonly systemd: SystemdRelease;
  readonly level: ExposureLevel;
  /** Within budget offline and live, required checks passing. */
  readonly ok: boolean;
  readonly ignored: readonly IgnoredDirective[];
}

/** A release that refuses to load the unit at all. */
export interface ReleaseRefusal {
  readonly systemd: SystemdRelease;
  readonly refused: string;
}

/** What changes when the host goes from its release to a newer one. */
export interface UpgradeDrift {
  readonly from: SystemdRelease;
  readonly to: SystemdRelease;
  readonly before: ReleaseScore;
  readonly after: ReleaseScore | ReleaseRefusal;
  readonly checks: readonly CheckChange[];
  /** Ignored by the host's release, honoured by the newer one: they start to act on upgrade. */
  readonly takesEffect: readonly IgnoredDirective[];
  /** Honoured now, ignored by the newer release (removed directives). */
  readonly becomesIgnored: readonly IgnoredDirective[];
}

/** One service across releases. */
export interface UnitDrift {
  readonly path: string;
  readonly unit: string;
  readonly host: string;
  /** The host's release. */
  readonly systemd: SystemdRelease;
  readonly releases: ReadonlyArray<ReleaseScore | ReleaseRefusal>;
  /** Upgrades to newer releases that change something (empty: upgrading changes nothing). */
  readonly upgrades: readonly UpgradeDrift[];
  /** Flagged: an upgrade changes something, or the host's release ignores one of its directives. */
  readonly flagged: boolean;
}

/** Whether a release entry is a refusal. */
export function isRefusal(r: ReleaseScore | ReleaseRefusal): r is ReleaseRefusal {
  return 'refused' in r;
}

function ignoredOn(u: ReportUnit, release: SystemdRelease): IgnoredDirective[] {
  return releaseProblems(u.document, Number(release)).map((d) => ({ directive: d.directive ?? '', message: d.message }));
}

/** Scores one unit on one release with its policy, as the host's `systemd-analyze security` would. */
export function scoreOnRelease(u: ReportUnit, release: SystemdRelease, today: Date): ReleaseScore | ReleaseRefusal {
  const unit = { name: u.entry.unit, document: u.document };
  try {
    // the host's release: the verdicts synth already has; others: scores only, no fix search
    const own = release === u.entry.offline.release;
    const offline = own ? u.entry.offline : evaluateBudget(unit, u.policy, { release, today, proposeFixes: false });
    const live = own ? u.entry.live : evaluateBudget(unit, u.policy, { release, today, mode: 'live', proposeFixes: false });
    return {
      unit: u.entry.unit,
      host: u.entry.host,
      systemd: release,
      offline: exposureNumber(offline.report.exposure),
      live: exposureNumber(live.report.exposure),
      failing_checks: failingChecks(offline.report, live.report),
      level: offline.report.level,
      ok: offline.ok && live.ok,
      ignored: ignoredOn(u, release),
    };
  } catch (err) {
    if (err instanceof UnitLoadError) return { systemd: release, refused: err.message };
    throw err;
  }
}

/** The directives of `a` that `b` does not list. */
const notIn = (a: readonly IgnoredDirective[], b: readonly IgnoredDirective[]): IgnoredDirective[] => a.filter((x) => !b.some((y) => y.directive === x.directive));

/** The unit on every supported release, and what upgrading its host changes. */
export function releaseDrift(u: ReportUnit, today: Date = new Date()): UnitDrift {
  const host = u.entry.offline.release;
  const releases = SUPPORTED_RELEASES.map((r) => scoreOnRelease(u, r, today));
  const current = releases.find((r) => r.systemd === host);
  const upgrades: UpgradeDrift[] = [];
  if (current && !isRefusal(current)) {
    for (const next of releases) {
      if (Number(next.systemd) <= Number(host)) continue;
      if (isRefusal(next)) {
        upgrades.push({ from: host, to: next.systemd, before: current, after: next, checks: [], takesEffect: [], becomesIgnored: [] });
        continue;
      }
      const checks = compareChecks(current.failing_checks, next.failing_checks);
      const takesEffect = notIn(current.ignored, next.ignored);
      const becomesIgnored = notIn(next.ignored, current.ignored);
      const changed = next.offline !== current.offline || next.live !== current.live || next.ok !== current.ok || checks.length > 0 || takesEffect.length > 0 || becomesIgnored.length > 0;
      if (changed) upgrades.push({ from: host, to: next.systemd, before: current, after: next, checks, takesEffect, becomesIgnored });
    }
  }
  const ignoredOnHost = current && !isRefusal(current) ? current.ignored.length > 0 : false;
  return { path: u.entry.path, unit: u.entry.unit, host: u.entry.host, systemd: host, releases, upgrades, flagged: upgrades.length > 0 || ignoredOnHost };
}

/**
 * What a team should read before upgrading, one finding per line (continuation lines indented):
 * directives the host's release ignores, then each upgrade that changes the exposure, the budget
 * verdict, a check, or which directives act.
 */
export function driftFindings(d: UnitDrift): string[] {
  const lines: string[] = [];
  const who = `[${d.path}] ${d.unit} on ${d.host}`;
  const current = d.releases.find((r) => r.systemd === d.systemd);
  if (current && !isRefusal(current)) {
    for (const i of current.ignored) lines.push(`${who}: systemd ${d.systemd} (the host's release): ${i.message}`);
  }
  for (const up of d.upgrades) {
    const step = `upgrading systemd ${up.from} → ${up.to} (${RELEASE_LABELS[up.from]} → ${RELEASE_LABELS[up.to]})`;
    if (isRefusal(up.after)) {
      lines.push(`${who}: ${step}: systemd ${up.to} refuses to load it: ${up.after.refused}`);
      continue;
    }
    const before = up.before;
    const after = up.after;
    const scores = before.offline !== after.offline || before.live !== after.live ? `changes the exposure: ${formatScores({ ...before, systemd: after.systemd }, after)}` : `keeps the exposure (offline ${showExposure(after.offline)}, live ${showExposure(after.live ?? 0)})`;
    const budget = before.ok === after.ok ? '' : after.ok ? '; it then passes its policy' : '; it then fails its policy (budget or required checks)';
    lines.push(`${who}: ${step} ${scores}${budget}`);
    for (const c of up.checks) lines.push(`  ${formatCheckChange(c)}`);
    for (const t of up.takesEffect) lines.push(`  now honoured: ${t.message}`);
    for (const t of up.becomesIgnored) lines.push(`  becomes ignored: ${t.message}`);
  }
  return lines;
}
