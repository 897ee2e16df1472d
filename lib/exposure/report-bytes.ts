/**
 * A report's text block (format-report.ts renderReportText()) made directly as UTF-8 bytes, for
 * `score`, which prints thousands of them: building each 12 KB block as a string and encoding it cost
 * a sixth of a 100-unit run. Cells come from small sets (the release's check names, our descriptions,
 * exposures, the marks), so each cell's bytes and width are kept once and a block is copies and
 * space fills. A cell is always followed by a space or a newline, so encoding cells one by one gives
 * the bytes of the whole text (no surrogate pair spans two cells); test/exposure/report-bytes.test.ts
 * compares the two.
 */
import { summaryLine, width, type Glyphs } from './format-report';
import type { CheckResult, ExposureReport } from './index';
import { formatExposure } from './levels';

/** A cell's UTF-8 bytes and its width in columns (code points, as renderReportText() counts). */
interface Cell {
  readonly bytes: Uint8Array;
  readonly width: number;
}

/** Cells by text. Policies may bring texts of their own: past this many, new texts are not kept. */
const MAX_CELLS = 10_000;
const cells = new Map<string, Cell>();

function cellOf(text: string): Cell {
  let cell = cells.get(text);
  if (cell === undefined) {
    cell = { bytes: Buffer.from(text, 'utf8'), width: width(text) };
    if (cells.size < MAX_CELLS) cells.set(text, cell);
  }
  return cell;
}

/** Exposure cells by tenths (0…100 in practice): no string is made for a known exposure. */
const exposureCells: Cell[] = [];
const NO_EXPOSURE = cellOf('');

function exposureCell(tenths: number | null): Cell {
  if (tenths === null) return NO_EXPOSURE;
  if (!Number.isInteger(tenths) || tenths < 0 || tenths > 1000) return cellOf(formatExposure(tenths));
  return (exposureCells[tenths] ??= cellOf(formatExposure(tenths)));
}

const SPACE = 0x20;
const NEWLINE = 0x0a;

/** A report's text block as bytes: its exact size, and a way to write it. */
export interface ReportBytes {
  /** Bytes the block takes. */
  readonly size: number;
  /** Writes the block at `offset` of `target` (which must hold `size` more bytes); returns its end. */
  writeInto(target: Uint8Array, offset: number): number;
}

/**
 * The bytes of `renderReportText(report, glyphs, ordered)` (see the header). `ordered`: the rows in
 * the order to print (row-order.ts systemdRowOrder()).
 */
export function reportBytes(report: ExposureReport, glyphs: Glyphs, ordered: readonly CheckResult[]): ReportBytes {
  const good = cellOf(glyphs.utf8 ? '\u2713' : '+');
  const bad = cellOf(glyphs.utf8 ? '\u2717' : '-');
  const blank = cellOf(' ');
  const rows = ordered.length + 1;
  // Four cells per row (mark, name, description, exposure), the header first.
  // Made at its size: grown by push(), it was copied at each doubling (10 KB of garbage per report).
  const table = new Array<Cell>(4 * rows);
  table[0] = blank;
  table[1] = cellOf('NAME');
  table[2] = cellOf('DESCRIPTION');
  table[3] = cellOf('EXPOSURE');
  for (let r = 0; r < ordered.length; r++) {
    const c = ordered[r]!;
    const at = 4 * (r + 1);
    table[at] = c.set === null ? blank : c.set ? good : bad;
    table[at + 1] = cellOf(c.name);
    table[at + 2] = cellOf(c.description);
    table[at + 3] = exposureCell(c.exposure);
  }
  let maxName = 0;
  let maxDesc = 0;
  let maxExp = 0;
  let cellBytes = 0;
  for (let i = 0; i < table.length; i += 4) {
    maxName = Math.max(maxName, table[i + 1]!.width);
    maxDesc = Math.max(maxDesc, table[i + 2]!.width);
    maxExp = Math.max(maxExp, table[i + 3]!.width);
    cellBytes += table[i]!.bytes.length + table[i + 1]!.bytes.length + table[i + 2]!.bytes.length + table[i + 3]!.bytes.length;
  }
  let padding = 0;
  for (let i = 0; i < table.length; i += 4) {
    padding += maxName - table[i + 1]!.width + maxDesc - table[i + 2]!.width;
    if (table[i + 3]!.bytes.length > 0) padding += maxExp - table[i + 3]!.width;
  }
  const summary = Buffer.from(summaryLine(report, glyphs), 'utf8');
  // Per row three separating spaces and a newline; then an empty line, the summary and its newline.
  const size = cellBytes + padding + 4 * rows + 1 + summary.length + 1;
  const writeInto = (into: Uint8Array, offset: number): number => {
    // A plain view: Buffer's own fill() checks its arguments in JavaScript on every call.
    const target = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
    let at = offset;
    const put = (cell: Cell): void => {
      target.set(cell.bytes, at);
      at += cell.bytes.length;
    };
    const spaces = (n: number): void => {
      target.fill(SPACE, at, at + n);
      at += n;
    };
    for (let i = 0; i < table.length; i += 4) {
      const name = table[i + 1]!;
      const desc = table[i + 2]!;
      const exposure = table[i + 3]!;
      put(table[i]!);
      target[at++] = SPACE;
      put(name);
      spaces(maxName - name.width + 1);
      put(desc);
      spaces(maxDesc - desc.width + 1);
      if (exposure.bytes.length > 0) {
        spaces(maxExp - exposure.width);
        put(exposure);
      }
      target[at++] = NEWLINE;
    }
    target[at++] = NEWLINE;
    target.set(summary, at);
    at += summary.length;
    target[at++] = NEWLINE;
    return at;
  };
  return { size, writeInto };
}
