/**
 * Everything a stack writes about exposure at synth, in one place: the JSON, Markdown, HTML and SARIF
 * reports, the baseline (compared, or written when asked), and the lines synth prints on stderr.
 * Constructs call this; it knows nothing of cdktf.
 */
import * as path from 'node:path';
import { EXPIRY_NOTICE_DAYS, synthSummary } from '../policy/report';
import { compareBaseline, ratchetErrors, ratchetNotices, readBaseline, writeBaseline, WRITE_BASELINE_ENV, type BaselineScope } from './baseline';
import type { ReportedUnits } from './diff';
import { writeReportHtml } from './html';
import { stackReport, withBaseline } from './json';
import { writeStackMarkdown } from './markdown';
import type { ReportUnit } from './model';
import { writeJsonFile } from './json-file';
import { sarifUnitsOf } from './sarif';
import { writeSarifFile } from './sarif-file';
import { exposureNumber, failingChecks } from './snapshot';

/** The report files, next to `cdk.tf.json`. */
export const REPORT_FILES = {
  json: 'exposure-report.json',
  markdown: 'exposure-report.md',
  html: 'exposure-report.html',
  sarif: 'exposure-report.sarif',
} as const;

/** Where a stack's baseline lives and whether this synth writes it. */
export interface BaselineSettings {
  /** As given by the user (relative to the working directory) and named in messages. */
  readonly file: string;
  readonly write: boolean;
  /** The stack's units in a baseline file that several stacks may share. */
  readonly scope: BaselineScope;
}

/** Whether the environment asks synth to write the baseline. */
export function writeBaselineFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[WRITE_BASELINE_ENV] === '1';
}

/** What the ratchet compares: each unit's scores and failing checks. */
export function reportedUnits(units: readonly ReportUnit[]): ReportedUnits {
  return {
    units: units.map((u) => ({
      path: u.entry.path,
      host: u.entry.host,
      unit: u.entry.unit,
      systemd: u.entry.offline.release,
      offline: exposureNumber(u.entry.offline.report.exposure),
      live: exposureNumber(u.entry.live.report.exposure),
      failing_checks: failingChecks(u.entry.offline.report, u.entry.live.report),
    })),
  };
}

/** The ratchet's error for the stack as a whole: the baseline file is missing (none when writing it). */
export function baselineProblems(settings: BaselineSettings): string[] {
  if (settings.write || readBaseline(settings.file)) return [];
  return [`exposure baseline ${settings.file} not found: to create it, synth with ${WRITE_BASELINE_ENV}=1 and commit ${settings.file}`];
}

/**
 * The ratchet for one unit, as synth errors about that unit (`web.service: exposure rose …`): none
 * when writing or without a baseline file (see {@link baselineProblems}).
 */
export function unitRatchet(unit: ReportUnit, settings: BaselineSettings): string[] {
  const baseline = settings.write ? undefined : readBaseline(settings.file);
  if (!baseline) return [];
  const scope = { prefix: unit.entry.path };
  const only = Object.fromEntries(Object.entries(baseline.units).filter(([k]) => k === unit.entry.path));
  return ratchetErrors(compareBaseline(settings.file, { version: 1, units: only }, reportedUnits([unit]), scope), { paths: false });
}

/** Inputs of {@link writeStackReports}. */
export interface StackReportsInput {
  /** Stack name, for titles and the stderr summary. */
  readonly stack: string;
  readonly units: readonly ReportUnit[];
  /** "Today" for acknowledgement expiry. */
  readonly today: Date;
  /** The stack folder relative to the repository root (SARIF locations of unit files); undefined when outside it. */
  readonly stackFolder: string | undefined;
  readonly baseline?: BaselineSettings;
}

/** Writes the four reports into `dir` (and the baseline when asked); returns the stderr summary lines. */
export function writeStackReports(dir: string, input: StackReportsInput): string[] {
  // SARIF first and streamed: its results are the largest tree, and the others are not made yet
  writeSarifFile(path.join(dir, REPORT_FILES.sarif), sarifUnitsOf(input.units, input.stackFolder));
  const entries = input.units.map((u) => u.entry);
  let report = stackReport(input.units, { today: input.today });
  const notices: string[] = [];
  const b = input.baseline;
  if (b) {
    const previous = readBaseline(b.file);
    if (previous) {
      const comparison = compareBaseline(b.file, previous, report.json, b.scope);
      report = withBaseline(report, comparison, b.write);
      if (!b.write) notices.push(...ratchetNotices(comparison));
    }
    if (b.write) {
      writeBaseline(b.file, report.json, b.scope);
      if (!previous) report = withBaseline(report, { file: b.file, units: [] }, true);
      notices.push(`  baseline: wrote ${report.json.units.length} unit${report.json.units.length === 1 ? '' : 's'} to ${b.file}`);
    }
  }
  const title = `Exposure report: ${input.stack}`;
  const soon = new Date(input.today.getTime() + EXPIRY_NOTICE_DAYS * 86_400_000).toISOString().slice(0, 10);
  // each unit and drift entry stringified whole: few pieces, none large
  writeJsonFile(path.join(dir, REPORT_FILES.json), report.json, 2);
  // Markdown and HTML written as they are made: the page of 10,000 units is ~32 MB
  writeStackMarkdown(path.join(dir, REPORT_FILES.markdown), entries, report, title);
  writeReportHtml(path.join(dir, REPORT_FILES.html), report.json, { title, expiringBefore: soon });
  return synthSummary(entries, input.stack, input.today, notices);
}
