/**
 * A unit's exposure as the JSON report, the baseline and the diffs keep it: the overall scores and every
 * failing check with what it costs, offline and live. Exposures are numbers with one decimal, as
 * systemd prints them (1.1), made from the scorer's tenths.
 */
import { formatExposure, type CheckResult, type ExposureReport } from '../exposure';

/** A check that fails in at least one mode, with its row exposure per mode (null: passes or N/A there). */
export interface FailingCheck {
  /** Name as systemd prints it (`PrivateNetwork=`). */
  readonly name: string;
  /** systemd's json_field (`PrivateNetwork`). */
  readonly json_field: string;
  readonly offline: number | null;
  readonly live: number | null;
}

/** One unit's scores and failing checks. */
export interface UnitSnapshot {
  readonly unit: string;
  readonly host?: string;
  readonly systemd: string;
  readonly offline: number;
  /** Null when the unit was scored offline only. */
  readonly live: number | null;
  readonly failing_checks: readonly FailingCheck[];
}

/** Tenths (the scorer's integers) to the one-decimal number systemd prints: 11 → 1.1. */
export function exposureNumber(tenths: number): number {
  return Number(formatExposure(tenths));
}

/** An exposure number as systemd prints it: 1 → "1.0". */
export function showExposure(n: number): string {
  return n.toFixed(1);
}

const failing = (c: CheckResult): boolean => (c.badness ?? 0) > 0;

/**
 * The checks failing in `offline` or `live` (reports of the same unit and release), costliest first,
 * then by name. A check excluded by the policy (acknowledged: weight 0) is not failing.
 */
export function failingChecks(offline: ExposureReport, live?: ExposureReport): FailingCheck[] {
  const byField = new Map<string, { name: string; offline: number | null; live: number | null }>();
  for (const [mode, report] of [['offline', offline], ['live', live]] as const) {
    for (const c of report?.checks ?? []) {
      if (!failing(c)) continue;
      const row = byField.get(c.jsonField) ?? { name: c.name, offline: null, live: null };
      row[mode] = exposureNumber(c.exposure ?? 0);
      byField.set(c.jsonField, row);
    }
  }
  return [...byField.entries()]
    .map(([json_field, r]) => ({ name: r.name, json_field, offline: r.offline, live: r.live }))
    .sort((a, b) => worst(b) - worst(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The larger of a check's offline and live exposure. */
export function worst(c: Pick<FailingCheck, 'offline' | 'live'>): number {
  return Math.max(c.offline ?? 0, c.live ?? 0);
}
