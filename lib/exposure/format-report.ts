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

const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;

/**
 * UTF-8 byte order of two strings (what systemd's strcmp() sees), without encoding them: outside the
 * surrogates, UTF-16 code units order like code points and so like UTF-8 bytes. Where the first
 * difference involves a surrogate (a pair, or a lone one that UTF-8 encodes as U+FFFD), the strings
 * are encoded and compared as bytes.
 */
export function byteCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (isSurrogate(x) || isSurrogate(y)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
    return x < y ? -1 : 1;
  }
  // A shared prefix ending in a high surrogate may pair with what follows in the longer string.
  if (n > 0 && isSurrogate(a.charCodeAt(n - 1))) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

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
  if (!ranks.includes(null)) return sortRanked(rows, ranks as readonly number[]);
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

/**
 * {@link systemdSort} when every row has a text: the comparator is then a total order (rank
 * descending, name in byte order, insertion order), so any correct sort gives glibc's result, and the
 * header row, first in every comparison, stays first. The rows' places by name are the same for every
 * report of a release (its checks, in its order), and ranks are small whole numbers: the rows are
 * counted into their ranks' places, walking them in name order (a counting sort).
 */
function sortRanked<T extends { readonly name: string }>(rows: readonly T[], ranks: readonly number[]): T[] {
  let top = 0;
  for (const r of ranks) {
    if (!Number.isSafeInteger(r) || r < 0 || r > MAX_COUNTED_RANK) return mergeSorted(rows, ranks);
    if (r > top) top = r;
  }
  const byName = namePlaces(rows);
  // starts[r]: where the rows of rank r begin in the result (higher ranks first).
  if (starts.length <= top) starts = new Int32Array(2 * top + 2);
  starts.fill(0, 0, top + 1);
  for (const r of ranks) starts[r]!++;
  let at = 0;
  for (let r = top; r >= 0; r--) {
    const count = starts[r]!;
    starts[r] = at;
    at += count;
  }
  const sorted = new Array<T>(rows.length);
  for (let place = 0; place < rows.length; place++) {
    const row = byName.rowAt[place]!;
    sorted[starts[ranks[row]!]!++] = rows[row]!;
  }
  return sorted;
}

/** Ranks above this are sorted by the comparator (a rank table has a few hundred texts). */
const MAX_COUNTED_RANK = 1 << 16;
/** {@link sortRanked}'s counts, kept between calls. */
let starts = new Int32Array(512);

/** {@link sortRanked} for ranks that are not small whole numbers: the comparator, merge-sorted. */
function mergeSorted<T extends { readonly name: string }>(rows: readonly T[], ranks: readonly number[]): T[] {
  const order: number[] = [];
  for (let i = 0; i < rows.length; i++) order.push(i);
  glibcMergeSort(order, (a, b) => ranks[b]! - ranks[a]! || byteCompare(rows[a]!.name, rows[b]!.name) || a - b);
  return order.map((i) => rows[i]!);
}

/** The rows in name order (byte order, then insertion order): the row at each place. */
interface NamePlaces {
  readonly names: readonly string[];
  readonly rowAt: Int32Array;
}

/** The last rows' name places: a run scores every unit on one release, whose rows have the same names. */
let lastNamePlaces: NamePlaces | undefined;

function sameNames(rows: readonly { readonly name: string }[], names: readonly string[]): boolean {
  if (rows.length !== names.length) return false;
  for (let i = 0; i < rows.length; i++) if (rows[i]!.name !== names[i]) return false;
  return true;
}

function namePlaces(rows: readonly { readonly name: string }[]): NamePlaces {
  const cached = lastNamePlaces;
  if (cached !== undefined && sameNames(rows, cached.names)) return cached;
  const names = rows.map((r) => r.name);
  const order = names.map((_, i) => i).sort((a, b) => byteCompare(names[a]!, names[b]!) || a - b);
  return (lastNamePlaces = { names, rowAt: Int32Array.from(order) });
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

/** Code points in `s` (what `[...s].length` counts: a surrogate pair is one, a lone surrogate one). */
export function width(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
let spaces = ' '.repeat(256);

/** `n` spaces, cut from one long string (no new string per row). */
function pad(n: number): string {
  while (n > spaces.length) spaces += spaces;
  return spaces.slice(0, n);
}

/**
 * The full text block of one unit: table, empty line, summary line (each line ends in "\n"). `ordered`
 * are the report's rows in the order to print (default: {@link displayOrder}). This runs for every
 * unit of a batch: each cell's width is counted once, and the text is made in one pass.
 */
export function renderReportText(report: ExposureReport, glyphs: Glyphs, ordered: readonly CheckResult[] = displayOrder(report.checks)): string {
  const [good, bad] = glyphs.utf8 ? ['\u2713', '\u2717'] : ['+', '-'];
  const n = ordered.length + 1;
  const marks: string[] = [' '];
  const names: string[] = ['NAME'];
  const descriptions: string[] = ['DESCRIPTION'];
  const exposures: string[] = ['EXPOSURE'];
  for (const c of ordered) {
    marks.push(c.set === null ? ' ' : c.set ? good : bad);
    names.push(c.name);
    descriptions.push(c.description);
    exposures.push(c.exposure === null ? '' : formatExposure(c.exposure));
  }
  const wName = names.map(width);
  const wDesc = descriptions.map(width);
  const wExp = exposures.map(width);
  const [maxName, maxDesc, maxExp] = [Math.max(...wName), Math.max(...wDesc), Math.max(...wExp)];
  let text = '';
  for (let i = 0; i < n; i++) {
    text += `${marks[i]!} ${names[i]!}${pad(maxName - wName[i]!)} ${descriptions[i]!}${pad(maxDesc - wDesc[i]!)} `;
    if (exposures[i] !== '') text += pad(maxExp - wExp[i]!) + exposures[i]!;
    text += '\n';
  }
  return `${text}\n${summaryLine(report, glyphs)}\n`;
}
