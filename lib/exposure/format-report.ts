/**
 * Rendering a report the way `systemd-analyze security` prints it (spec a.4, f.2, f.3): the rows in
 * systemd's order (see {@link systemdSort}; row-order.ts gives each row its place), natural column
 * widths, the ✓/✗ marks, and the summary line with the level glyph. Descriptions are ours, not
 * systemd's.
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
 * Rows ordered by *our* descriptions (descending, byte order), then name: systemd's rule applied to our
 * texts. This is not the order systemd-analyze prints (that follows its own texts): use
 * `systemdRowOrder()` (row-order.ts) for that.
 */
export function displayOrder(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => byteCompare(b.description, a.description) || byteCompare(a.name, b.name));
}

/** Where rows without a description go: glibc's merge sort of a comparator that is not an order, or first. */
export type EmptyDescriptionOrder = 'glibc-merge' | 'first';

const sign = (x: number): number => (x < 0 ? -1 : x > 0 ? 1 : 0);

/**
 * Sorts rows as systemd's table code does for `systemd-analyze security` (format-table.c with sort
 * columns "description" reversed, then "name"; ties by insertion order). `ranks[i]` stands for row
 * i's description text (equal texts, equal ranks; a higher rank is a later text in byte order), null
 * for a row without text. With `glibc-merge` (252, 257) a row without text compares with a text row
 * by insertion order — not a consistent order — so the result is whatever glibc's qsort (a top-down
 * merge sort over the header and the rows) makes of it, reproduced here step by step. With `first`
 * (262) rows without text come first.
 */
export function systemdSort<T extends { readonly name: string }>(rows: readonly T[], ranks: readonly (number | null)[], empty: EmptyDescriptionOrder): T[] {
  const HEADER = -1;
  const compare = (a: number, b: number): number => {
    if (a === HEADER || b === HEADER) return a === b ? 0 : a === HEADER ? -1 : 1;
    const ka = ranks[a]!;
    const kb = ranks[b]!;
    let r: number;
    if (ka !== null && kb !== null) r = sign(ka - kb);
    else if (empty === 'first') r = ka === null && kb === null ? 0 : ka === null ? 1 : -1;
    else r = sign(a - b); // cells of different types (or both empty): insertion order
    if (r !== 0) return -r; // the description column is reversed
    return byteCompare(rows[a]!.name, rows[b]!.name) || sign(a - b);
  };
  const order = [HEADER, ...rows.map((_, i) => i)];
  if (empty === 'first') order.sort(compare);
  else glibcMergeSort(order, compare);
  return order.slice(1).map((i) => rows[i]!);
}

/** glibc's msort_with_tmp(): split n into ⌊n/2⌋ and the rest, sort both, merge taking the left on ≤ 0. */
function glibcMergeSort(a: number[], compare: (x: number, y: number) => number): void {
  const tmp: number[] = new Array<number>(a.length);
  const sort = (lo: number, n: number): void => {
    if (n <= 1) return;
    let n1 = n >> 1;
    let n2 = n - n1;
    sort(lo, n1);
    sort(lo + n1, n2);
    let i = lo;
    let j = lo + n1;
    let k = 0;
    while (n1 > 0 && n2 > 0) {
      if (compare(a[i]!, a[j]!) <= 0) {
        tmp[k++] = a[i++]!;
        n1--;
      } else {
        tmp[k++] = a[j++]!;
        n2--;
      }
    }
    while (n1-- > 0) tmp[k++] = a[i++]!;
    for (let m = 0; m < k; m++) a[lo + m] = tmp[m]!;
  };
  sort(0, a.length);
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

/**
 * The full text block of one unit: table, empty line, summary line (each line ends in "\n"). `ordered`
 * are the report's rows in the order to print (default: {@link displayOrder}).
 */
export function renderReportText(report: ExposureReport, glyphs: Glyphs, ordered: readonly CheckResult[] = displayOrder(report.checks)): string {
  const rows = ordered.map((c) => ({
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
