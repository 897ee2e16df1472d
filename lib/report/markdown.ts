/**
 * `exposure-report.md`: the policy report's table (lib/policy/report.ts), then the release drift and,
 * when the stack has a baseline, how the units stand against it. Made a line at a time, so the file
 * is written as it is made ({@link writeStackMarkdown}); {@link stackMarkdown} joins the same lines.
 */
import { SUPPORTED_RELEASES } from '../exposure';
import { reportMarkdownLines, type ReportEntry } from '../policy/report';
import { formatCheckChange, formatScores } from './diff';
import { RELEASE_LABELS, driftFindings, isRefusal, type UnitDrift } from './drift';
import type { BaselineJson, StackReport } from './json';
import { showExposure } from './snapshot';
import { joined, joinPieces, writeTextFile } from './text-file';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** The release drift section: a score table (offline / live per release) and the findings. */
export function driftMarkdown(report: StackReport): string[] {
  return [...driftMarkdownLines(report)];
}

/** {@link driftMarkdown}'s lines, each made when read (the table a unit at a time). */
export function* driftMarkdownLines(report: StackReport): Generator<string> {
  yield* [
    '## Release drift',
    '',
    "Each service scored on every supported systemd release with its policy (offline / live; bold: the host's release; ✗: fails its policy there).",
    '',
    `| unit | host | ${SUPPORTED_RELEASES.map((r) => `systemd ${r} (${RELEASE_LABELS[r]})`).join(' | ')} |`,
    `|---|---|${SUPPORTED_RELEASES.map(() => '---').join('|')}|`,
  ];
  for (const d of report.drift) yield driftRow(d);
  yield '';
  let none = true;
  for (const d of report.drift) {
    for (const f of driftFindings(d)) {
      none = false;
      yield f.startsWith('  ') ? `  - ${f.trimStart()}` : `- ${f}`;
    }
  }
  if (none) yield 'Upgrading the hosts changes no exposure, and no host ignores a directive of its units.';
}

/** A unit's row of the drift table: offline / live on each release. */
function driftRow(d: UnitDrift): string {
  const cells = d.releases.map((r) => {
    if (isRefusal(r)) return 'refused';
    const text = `${showExposure(r.offline)} / ${showExposure(r.live ?? 0)}${r.ok ? '' : ' ✗'}${r.ignored.length ? ` (ignores ${r.ignored.length})` : ''}`;
    return r.systemd === d.systemd ? `**${text}**` : text;
  });
  return `| ${cell(d.unit)} | ${cell(d.host)} | ${cells.join(' | ')} |`;
}

/** The baseline section: units that rose, fell, moved, appeared or disappeared. */
export function baselineMarkdown(b: BaselineJson): string[] {
  return [...baselineMarkdownLines(b)];
}

/** {@link baselineMarkdown}'s lines, each made when read. */
export function* baselineMarkdownLines(b: BaselineJson): Generator<string> {
  yield* ['## Baseline', ''];
  yield b.written ? `Written to \`${b.file}\` at this synth.` : `Compared with \`${b.file}\`.`;
  yield '';
  if (b.changes.length === 0) {
    yield 'Every unit is at its baseline.';
    return;
  }
  for (const c of b.changes) {
    if (c.before && c.after) {
      const snap = (s: NonNullable<typeof c.before>) => ({ unit: c.unit, failing_checks: [], ...s });
      yield `- ${c.verdict}: ${cell(c.unit)} [${c.path}]: ${formatScores(snap(c.before), snap(c.after))}`;
      for (const x of c.checks) yield `  - ${formatCheckChange(x, c.before.live !== null && c.after.live !== null)}`;
    } else if (c.after) {
      yield `- new: ${cell(c.unit)} [${c.path}]: offline ${showExposure(c.after.offline)}${c.after.live !== null ? `, live ${showExposure(c.after.live)}` : ''}, not in the baseline`;
    } else {
      yield `- gone: ${cell(c.unit)} [${c.path}]: in the baseline, no longer in the stack`;
    }
  }
}

/** The whole Markdown report. */
export function stackMarkdown(entries: readonly ReportEntry[], report: StackReport, title: string): string {
  return joinPieces(stackMarkdownPieces(entries, report, title));
}

/** Writes {@link stackMarkdown}'s text to `file` as it is made, without holding it as one string. */
export function writeStackMarkdown(file: string, entries: readonly ReportEntry[], report: StackReport, title: string): void {
  writeTextFile(file, stackMarkdownPieces(entries, report, title));
}

/** {@link stackMarkdown}'s text in pieces, each made when read (the tables a row at a time). */
export function* stackMarkdownPieces(entries: readonly ReportEntry[], report: StackReport, title: string): Generator<string> {
  yield* joined(stackMarkdownLines(entries, report, title), '\n');
  yield '\n';
}

function* stackMarkdownLines(entries: readonly ReportEntry[], report: StackReport, title: string): Generator<string> {
  // the policy report first, its end trimmed as `reportMarkdown(…).trimEnd()` would be
  yield* trimmedEnd(reportMarkdownLines(entries, title));
  yield '';
  yield* driftMarkdownLines(report);
  if (report.json.baseline) {
    yield '';
    yield* baselineMarkdownLines(report.json.baseline);
  }
}

/**
 * The lines whose join is `lines.join('\n').trimEnd()`: all but the end as they come; the last line
 * that is not blank and any blank ones after it are held back and trimmed together.
 */
export function* trimmedEnd(lines: Iterable<string>): Generator<string> {
  let held: string[] = [];
  for (const line of lines) {
    if (line.trimEnd() === '') {
      held.push(line);
      continue;
    }
    yield* held;
    held = [line];
  }
  yield held.join('\n').trimEnd();
}
