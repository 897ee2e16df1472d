/**
 * `exposure-report.md`: the policy report's table (lib/policy/report.ts, unchanged), then the release
 * drift and, when the stack has a baseline, how the units stand against it.
 */
import { SUPPORTED_RELEASES } from '../exposure';
import { reportMarkdown, type ReportEntry } from '../policy/report';
import { formatCheckChange, formatScores } from './diff';
import { RELEASE_LABELS, driftFindings, isRefusal } from './drift';
import type { BaselineJson, StackReport } from './json';
import { showExposure } from './snapshot';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** The release drift section: a score table (offline / live per release) and the findings. */
export function driftMarkdown(report: StackReport): string[] {
  const lines = [
    '## Release drift',
    '',
    "Each service scored on every supported systemd release with its policy (offline / live; bold: the host's release; ✗: fails its policy there).",
    '',
    `| unit | host | ${SUPPORTED_RELEASES.map((r) => `systemd ${r} (${RELEASE_LABELS[r]})`).join(' | ')} |`,
    `|---|---|${SUPPORTED_RELEASES.map(() => '---').join('|')}|`,
  ];
  for (const d of report.drift) {
    const cells = d.releases.map((r) => {
      if (isRefusal(r)) return 'refused';
      const text = `${showExposure(r.offline)} / ${showExposure(r.live ?? 0)}${r.ok ? '' : ' ✗'}${r.ignored.length ? ` (ignores ${r.ignored.length})` : ''}`;
      return r.systemd === d.systemd ? `**${text}**` : text;
    });
    lines.push(`| ${cell(d.unit)} | ${cell(d.host)} | ${cells.join(' | ')} |`);
  }
  const findings = report.drift.flatMap(driftFindings);
  lines.push('');
  if (findings.length === 0) lines.push('Upgrading the hosts changes no exposure, and no host ignores a directive of its units.');
  else lines.push(...findings.map((f) => (f.startsWith('  ') ? `  - ${f.trimStart()}` : `- ${f}`)));
  return lines;
}

/** The baseline section: units that rose, fell, moved, appeared or disappeared. */
export function baselineMarkdown(b: BaselineJson): string[] {
  const lines = ['## Baseline', ''];
  lines.push(b.written ? `Written to \`${b.file}\` at this synth.` : `Compared with \`${b.file}\`.`);
  if (b.changes.length === 0) return [...lines, '', 'Every unit is at its baseline.'];
  lines.push('');
  for (const c of b.changes) {
    if (c.before && c.after) {
      const snap = (s: NonNullable<typeof c.before>) => ({ unit: c.unit, failing_checks: [], ...s });
      lines.push(`- ${c.verdict}: ${cell(c.unit)} [${c.path}]: ${formatScores(snap(c.before), snap(c.after))}`);
      for (const x of c.checks) lines.push(`  - ${formatCheckChange(x, c.before.live !== null && c.after.live !== null)}`);
    } else if (c.after) {
      lines.push(`- new: ${cell(c.unit)} [${c.path}]: offline ${showExposure(c.after.offline)}${c.after.live !== null ? `, live ${showExposure(c.after.live)}` : ''}, not in the baseline`);
    } else {
      lines.push(`- gone: ${cell(c.unit)} [${c.path}]: in the baseline, no longer in the stack`);
    }
  }
  return lines;
}

/** The whole Markdown report. */
export function stackMarkdown(entries: readonly ReportEntry[], report: StackReport, title: string): string {
  const parts = [reportMarkdown(entries, title).trimEnd(), '', ...driftMarkdown(report)];
  if (report.json.baseline) parts.push('', ...baselineMarkdown(report.json.baseline));
  return parts.join('\n') + '\n';
}
