/**
 * The exposure report of a set of units (one stack): JSON for machines, Markdown for people. The
 * numbers are the scorer's, the same that `cdktf-systemd score` prints.
 */
import { formatExposure } from '../exposure';
import type { Acknowledgement, BudgetVerdict } from './budget';
import type { BudgetSource } from './merge';

/** One unit's line in the report. */
export interface ReportEntry {
  /** Construct path of the unit. */
  readonly path: string;
  readonly host: string;
  readonly unit: string;
  /** Offline verdict (what `systemd-analyze security --offline=true` reports). */
  readonly offline: BudgetVerdict;
  /** Live verdict (what the running manager reports once the unit is loaded). */
  readonly live: BudgetVerdict;
  /** Which level set the budget. */
  readonly budgetSource: BudgetSource;
  /** Synth warnings of the unit (e.g. a directive newer than the host's systemd). */
  readonly warnings: readonly string[];
}

/** JSON shape written to `exposure-report.json`. */
export interface ExposureReportJson {
  readonly units: ReadonlyArray<{
    path: string;
    host: string;
    unit: string;
    systemd: string;
    offline: number;
    live: number;
    level: string;
    budget: number;
    budget_source: BudgetSource;
    ok: boolean;
    costliest: Array<{ name: string; json_field: string; exposure: number }>;
    acknowledged: Array<{ name: string; reason: string; expires?: string }>;
    required_failures: string[];
    expired_acknowledgements: Array<{ check: string; reason: string; expires: string }>;
    warnings: string[];
    /**
     * Over budget only: the planner's smallest fix, in order — the lines to add (`Key=value`), the
     * checks each improves, the exposure after it, its breakage class and what it may break.
     */
    fixes?: Array<{ set: string[]; checks: string[]; exposure_after: number; breakage: string; may_break?: string }>;
  }>;
}

/** The fixes of the verdict that is over budget (offline first), as the JSON report lists them. */
function fixesJson(e: ReportEntry): NonNullable<ExposureReportJson['units'][number]['fixes']> | undefined {
  const over = [e.offline, e.live].find((v) => !v.withinBudget && v.fixes.length > 0);
  if (!over) return undefined;
  return over.fixes.map((f) => ({
    set: f.fix.set.map((a) => `${a.key}=${a.value}`),
    checks: f.checks.map((c) => c.name),
    exposure_after: tenths(f.exposureAfter),
    breakage: f.breakage.class,
    ...(f.breakage.mayBreak ? { may_break: f.breakage.mayBreak } : {}),
  }));
}

const tenths = (n: number): number => Number(formatExposure(n));

/** Builds the JSON report (deterministic: entries sorted by construct path). */
export function reportJson(entries: readonly ReportEntry[]): ExposureReportJson {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    units: sorted.map((e) => ({
      path: e.path,
      host: e.host,
      unit: e.unit,
      systemd: e.offline.release,
      offline: tenths(e.offline.report.exposure),
      live: tenths(e.live.report.exposure),
      level: e.offline.report.level,
      budget: tenths(e.offline.budgetTenths),
      budget_source: e.budgetSource,
      ok: e.offline.ok && e.live.ok,
      costliest: e.offline.costliest.slice(0, 5).map((c) => ({ name: c.name, json_field: c.jsonField, exposure: tenths(c.exposure ?? 0) })),
      acknowledged: e.offline.acknowledged.map((a) => ({
        name: a.check.name,
        reason: a.acknowledgement.reason,
        ...(a.acknowledgement.expires ? { expires: a.acknowledgement.expires } : {}),
      })),
      required_failures: e.offline.requiredFailures.map((c) => c.name),
      expired_acknowledgements: e.offline.expired.map((a) => ({ check: a.check, reason: a.reason, expires: a.expires! })),
      warnings: [...e.warnings],
      ...((fixes) => (fixes ? { fixes } : {}))(fixesJson(e)),
    })),
  };
}

/** Builds the Markdown report: one table row per unit. */
export function reportMarkdown(entries: readonly ReportEntry[], title = 'Exposure report'): string {
  return [...reportMarkdownLines(entries, title)].join('\n') + '\n';
}

/**
 * The lines of {@link reportMarkdown} (its text is their join and a newline), each made when read:
 * the table a unit at a time. The sections after it (acknowledged, expired, warnings) are collected
 * on the way; they are as long as the stack has acknowledgements and warnings.
 */
export function* reportMarkdownLines(entries: readonly ReportEntry[], title = 'Exposure report'): Generator<string> {
  yield* [`# ${title}`, '', '| unit | host | systemd | offline | live | level | budget | ok | costliest checks |', '|---|---|---|---|---|---|---|---|---|'];
  const acks: string[] = [];
  const expired: string[] = [];
  const warnings: string[] = [];
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const e of sorted) {
    // one unit's JSON at a time (the JSON report is the table's source), not the whole stack's
    const u = reportJson([e]).units[0]!;
    yield markdownRow(u);
    for (const a of u.acknowledged) acks.push(`- ${u.unit}: ${a.name} — ${a.reason}${a.expires ? ` (until ${a.expires})` : ''}`);
    for (const a of u.expired_acknowledgements) expired.push(`- ${u.unit}: ${a.check} — expired on ${a.expires}, counts again (${a.reason})`);
    for (const w of u.warnings) warnings.push(`- ${u.unit}: ${w}`);
  }
  if (acks.length > 0) yield* ['', '## Acknowledged checks', '', ...acks];
  if (expired.length > 0) yield* ['', '## Expired acknowledgements', '', ...expired];
  if (warnings.length > 0) yield* ['', '## Warnings', '', ...warnings];
}

/** A unit's row of the Markdown table. */
function markdownRow(u: ExposureReportJson['units'][number]): string {
  const costly = u.costliest.slice(0, 3).map((c) => `${c.name} ${c.exposure.toFixed(1)}`).join(', ') || '–';
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  return `| ${u.unit} | ${u.host} | ${u.systemd} | ${u.offline.toFixed(1)} | ${u.live.toFixed(1)} | ${u.level} | ${u.budget.toFixed(1)} (${u.budget_source}) | ${u.ok ? 'yes' : '**no**'} | ${cell(costly)} |`;
}

/** Days before expiry from which an acknowledgement is called out at synth. */
export const EXPIRY_NOTICE_DAYS = 30;

/**
 * What synth prints to stderr: warnings, expired acknowledgements and those expiring within
 * {@link EXPIRY_NOTICE_DAYS} days, then `more` (lines of other reports, e.g. the baseline's, indented
 * like these). Empty when there is nothing to say.
 */
export function synthSummary(entries: readonly ReportEntry[], stack: string, today: Date = new Date(), more: readonly string[] = []): string[] {
  const lines: string[] = [];
  const soon = new Date(today.getTime() + EXPIRY_NOTICE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const e of sorted) {
    for (const w of e.warnings) lines.push(`  warning: [${e.path}] ${e.unit}: ${w}`);
    for (const a of e.offline.expired) lines.push(`  expired: [${e.path}] ${e.unit}: the acknowledgement of ${a.check} expired on ${a.expires}; the check counts again (${a.reason})`);
    for (const { acknowledgement: a } of e.offline.acknowledged) {
      if (a.expires !== undefined && a.expires <= soon) lines.push(`  expires soon: [${e.path}] ${e.unit}: the acknowledgement of ${a.check} expires on ${a.expires}`);
    }
  }
  lines.push(...more);
  return lines.length > 0 ? [`cdktf-systemd: stack ${stack}:`, ...lines] : [];
}

export type { Acknowledgement };
