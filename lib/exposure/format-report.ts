/**
 * Rendering a report the way `systemd-analyze security` prints it (spec a.4, f.2, f.3): the table
 * sorted by description (descending, byte order) then name, natural column widths, the ✓/✗ marks,
 * and the summary line with the level glyph. Descriptions are ours, not systemd's.
 */
import type { CheckResult, ExposureReport } from './index';
import { formatExposure, levelRow } from './levels';

/** Terminal capabilities that decide the glyphs, like systemd's is_locale_utf8() and emoji_enabled(). */
export interface Glyphs {
  /** UTF-8 locale: ✓ ✗ → (else + - ->). */
  readonly utf8: boolean;
  /** Level emoji (else the ASCII smileys). */
  readonly emoji: boolean;
}

/** Decides the glyphs from an environment the way systemd does. */
export function glyphsFromEnv(env: NodeJS.ProcessEnv): Glyphs {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  const utf8 = /utf-?8/i.test(locale);
  const forced = env.SYSTEMD_EMOJI;
  const term = env.TERM;
  const emoji =
    forced !== undefined && forced !== ''
      ? ['1', 'yes', 'y', 'true', 't', 'on'].includes(forced.toLowerCase())
      : utf8 && term !== undefined && term !== '' && term !== 'dumb' && term !== 'linux';
  return { utf8, emoji };
}

const byteCompare = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Rows in systemd's display order: description descending (byte order), then name ascending.
 * (systemd's special placement of rows *without* a description, spec f.3, never applies here: our
 * descriptions are always text, and an empty policy text is an empty string, sorted as such.)
 */
export function displayOrder(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => byteCompare(b.description, a.description) || byteCompare(a.name, b.name));
}

/** The summary line: `→ Overall exposure level for NAME: 9.2 UNSAFE 😨`. */
export function summaryLine(report: ExposureReport, glyphs: Glyphs): string {
  const row = levelRow(report.exposure);
  const arrow = glyphs.utf8 ? '\u2192' : '->';
  return `${arrow} Overall exposure level for ${report.unit}: ${formatExposure(report.exposure)} ${row.level} ${glyphs.emoji ? row.emoji : row.ascii}`;
}

const width = (s: string): number => [...s].length;
const padEnd = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number): string => ' '.repeat(Math.max(0, n - width(s))) + s;

/** The full text block of one unit: table, empty line, summary line (each line ends in "\n"). */
export function renderReportText(report: ExposureReport, glyphs: Glyphs): string {
  const rows = displayOrder(report.checks).map((c) => ({
    mark: c.set === null ? ' ' : c.set ? (glyphs.utf8 ? '\u2713' : '+') : glyphs.utf8 ? '\u2717' : '-',
    name: c.name,
    description: c.description,
    exposure: c.exposure === null ? '' : formatExposure(c.exposure),
  }));
  const header = { mark: ' ', name: 'NAME', description: 'DESCRIPTION', exposure: 'EXPOSURE' };
  const all = [header, ...rows];
  const wName = Math.max(...all.map((r) => width(r.name)));
  const wDesc = Math.max(...all.map((r) => width(r.description)));
  const wExp = Math.max(...all.map((r) => width(r.exposure)));
  const lines = all.map((r) => {
    const head = `${r.mark} ${padEnd(r.name, wName)} ${padEnd(r.description, wDesc)} `;
    return r.exposure === '' ? head : head + padStart(r.exposure, wExp);
  });
  return `${lines.join('\n')}\n\n${summaryLine(report, glyphs)}\n`;
}
