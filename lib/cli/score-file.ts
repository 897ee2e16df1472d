/**
 * One FILE of `score`, from reading to text: what systemd-analyze prints for it, on which stream and
 * in which order, and whether it fails the run. Pure of any writing, so that the same code serves the
 * one-thread loop (score-run.ts) and the worker threads of a large batch (score-parallel.ts).
 */
import * as path from 'node:path';
import { assessUnit, formatExposure, SecurityPolicyError, UnitLoadError, type AssessOptions, type ExposureReport, type Glyphs } from '../exposure';
import { reportBytes, type ReportBytes } from '../exposure/report-bytes';
import { systemdRowOrder } from '../exposure/row-order';
import type { FolderEntries } from '../unit/folder-entries';
import { formatDiagnostic } from '../unit/parse';
import { jsonLine, systemdJson } from './score-json';
import { loadUnitArgument } from './unit-argument';

/** How reports are printed: systemd's text table, its `--json=` forms, our `--json-lines`, or SARIF (collected, printed at the end). */
export type ScoreFormat = 'text' | 'short' | 'pretty' | 'lines' | 'sarif';

/** What every file of a run is scored with (plain data: it is handed to worker threads). */
export interface ScoreContext {
  /** `host`: the facts of the machine running `score` (%H %m %b %v … expand to them, as for the real tool). */
  readonly assess: Required<Pick<AssessOptions, 'release' | 'policy' | 'scope' | 'mode' | 'host'>>;
  /** The `--security-policy` file as given (it names the policy in messages). */
  readonly policyFile: string | undefined;
  readonly format: ScoreFormat;
  /** `--threshold` on the tenths scale (100 when not given). */
  readonly threshold: number;
  readonly glyphs: Glyphs;
  /** The command line's search path (unit-argument.ts searchPathOf()). */
  readonly searchPath: readonly string[];
}

/** One write of a file's outcome: 1 for stdout (a text table as bytes to be written), 2 for stderr. */
export type ScoreWrite = readonly [1, string | ReportBytes] | readonly [2, string];

/** What one file prints (in order) and whether it makes the run exit 1. */
export interface FileOutcome {
  readonly writes: ScoreWrite[];
  readonly failed: boolean;
  /** The report, with `--format sarif` (nothing is printed for it then). */
  readonly report?: ExposureReport;
  /** An unexpected error (a bug): the run stops after this file's writes, with that error. */
  readonly bug?: unknown;
}

/**
 * Scores one FILE argument as systemd-analyze does (see score-run.ts). `folders`: the listings of the
 * batch's folders, shared by its files (one per run and thread).
 */
export function scoreFile(file: string, ctx: ScoreContext, folders?: FolderEntries): FileOutcome {
  const writes: ScoreWrite[] = [];
  try {
    return scoreInto(file, ctx, writes, folders);
  } catch (bug) {
    return { writes, failed: false, bug };
  }
}

function scoreInto(file: string, ctx: ScoreContext, writes: ScoreWrite[], folders: FolderEntries | undefined): FileOutcome {
  const err = (line: string): number => writes.push([2, `${line}\n`]);
  const arg = loadUnitArgument(file, ctx.searchPath, folders);
  if (!arg.ok) {
    for (const line of arg.details) err(line);
    if (arg.systemd !== undefined) err(arg.systemd);
    return { writes, failed: writes.length > 0 };
  }
  const dir = path.dirname(arg.loaded.file);
  for (const d of arg.loaded.diagnostics) err(`${dir}/${formatDiagnostic(d)}`);
  let report: ExposureReport;
  try {
    report = assessUnit({ name: arg.unitName, document: arg.loaded.document, file: arg.fragment }, ctx.assess);
  } catch (e) {
    if (e instanceof SecurityPolicyError) {
      err(`Failed to score ${file} with security policy '${ctx.policyFile}': ${e.message}`);
      return { writes, failed: true };
    }
    if (!(e instanceof UnitLoadError)) throw e;
    // Like systemd: the reason, then "Unit NAME has a bad unit file setting." for refused settings.
    err(/^(Unit |Failed to prepare)/.test(e.reason) ? e.reason : `${file}: ${e.reason}\nUnit ${e.unit} has a bad unit file setting.`);
    return { writes, failed: true };
  }
  const over = report.exposure > ctx.threshold;
  if (ctx.format === 'sarif') return { writes, failed: over, report };
  const rows = systemdRowOrder(report, { document: arg.loaded.document, file: arg.fragment }, ctx.assess);
  if (ctx.format === 'lines') writes.push([1, jsonLine(file, report, rows)]);
  else if (ctx.format !== 'text') writes.push([1, systemdJson(rows, ctx.format)]);
  else writes.push([1, reportBytes(report, ctx.glyphs, rows)]);
  if (over && ctx.format === 'text') err(`${report.unit}: exposure ${formatExposure(report.exposure)} exceeds the threshold ${formatExposure(ctx.threshold)}`);
  return { writes, failed: over };
}
