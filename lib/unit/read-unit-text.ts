/**
 * Reading one unit file or drop-in the way systemd's config_parse() reads it (src/shared/conf-parser.c
 * with read_line() of src/basic/fileio.c; the same in 252, 257 and 262), in bounded memory:
 *
 * - There is no limit on the file's size: systemd reads line by line. Comment lines and blank lines
 *   change nothing, so they are dropped here as they stream past (a 200 MB file of comments costs
 *   one read buffer; the first 10,000 stay as one-character placeholders, so that ordinary files keep
 *   their line numbers); what is kept is handed to the parser with each line's original number.
 * - A line of LONG_LINE_MAX (1 MiB) bytes or more fails read_line() with ENOBUFS ("n >= limit" is
 *   tested before each byte, so 1 MiB − 1 is the longest line), comment lines included.
 * - A continued line whose pieces add up to more than LONG_LINE_MAX fails with ENOBUFS too.
 * - A setting line that is not valid UTF-8 fails parse_line() with EINVAL ("String is not UTF-8
 *   clean"); comment lines are skipped before that test.
 *
 * Each of these ends systemd's reading of the file at that line: the unit fails to load, or, in a
 * drop-in, the drop-in's remaining lines are ignored. The text returned then holds what came before
 * (a continued line left unfinished is dropped with the failing line).
 *
 * On top of systemd's rules, what a unit may keep in memory is bounded by {@link UnitReadBudget}.
 */
import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';
import type { UnitDocument } from './model';
import { LONG_LINE_MAX } from './parse';
import { firstInvalidOffset, isSystemdUtf8 } from './systemd-utf8';

/** Why systemd stops reading a file at some line (its config_parse() fails there). */
export interface ReadStop {
  /** 1-based line number. */
  readonly line: number;
  readonly kind: 'line-too-long' | 'continuation-too-long' | 'invalid-utf8';
  /** systemd's errno for it: ENOBUFS ("No buffer space available") or EINVAL ("Invalid argument"). */
  readonly errno: 'ENOBUFS' | 'EINVAL';
  /** What is wrong, in our words. */
  readonly message: string;
}

/** What the parser needs of one file. */
export interface UnitText {
  /** The lines that can matter to the parser, joined with "\n". */
  readonly text: string;
  /** Original 1-based line number of each line of `text`. */
  readonly lineNumbers: readonly number[];
  /** True when `text` has exactly the file's lines (nothing dropped, so no renumbering needed). */
  readonly complete: boolean;
  readonly stop?: ReadStop;
}

/** Our own bounds on what one unit (its file and drop-ins together) keeps in memory. */
export interface UnitReadLimits {
  /** Bytes of setting lines (comment and blank lines are not counted). */
  readonly settingBytes: number;
  /** Number of setting lines. */
  readonly settingLines: number;
  /** Assignments of any one directive (some settings cost time in proportion to their square). */
  readonly assignmentsPerKey: number;
}

/**
 * The bounds used unless a caller chooses others: one line as long as systemd allows plus 64 KiB,
 * 100,000 setting lines and 10,000 assignments of one directive — hundreds of times any real unit,
 * and small enough that the costliest settings (a 1 MiB line of `IPAddressAllow=::1 ::1 …`, or 10,000
 * `IPAddressAllow=` lines, whose scoring cost grows with the square of their number) score in about a
 * second within 200 MB of memory.
 */
export const DEFAULT_UNIT_READ_LIMITS: UnitReadLimits = Object.freeze({ settingBytes: LONG_LINE_MAX + 64 * 1024, settingLines: 100_000, assignmentsPerKey: 10_000 });

/** A unit holds more settings than {@link UnitReadLimits} allow (systemd itself has no such bound). */
export class UnitTooLargeError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly limit: string,
  ) {
    super(
      `${file}:${line}: more than ${limit} of settings in this unit (its file and drop-ins together, comment and blank lines not counted): ` +
        'cdktf-systemd reads no more (systemd has no such limit)',
    );
    this.name = 'UnitTooLargeError';
  }
}

/** What is left of the limits while one unit is read. */
export class UnitReadBudget {
  private bytes: number;
  private lines: number;
  /** Assignments so far by section, then key. */
  private readonly perKey = new Map<string, Map<string, number>>();
  constructor(private readonly limits: UnitReadLimits = DEFAULT_UNIT_READ_LIMITS) {
    this.bytes = limits.settingBytes;
    this.lines = limits.settingLines;
  }

  /** Accounts for the assignments of one parsed file; throws {@link UnitTooLargeError} past the limit. */
  takeAssignments(doc: UnitDocument, file: string): void {
    for (const section of doc.sections) {
      let counts = this.perKey.get(section.name);
      if (counts === undefined) this.perKey.set(section.name, (counts = new Map()));
      for (const e of section.entries) {
        const n = (counts.get(e.key) ?? 0) + 1;
        counts.set(e.key, n);
        if (n > this.limits.assignmentsPerKey) {
          throw new UnitTooLargeError(file, e.position?.line ?? 0, `${this.limits.assignmentsPerKey} assignments of ${section.name}.${e.key}=`);
        }
      }
    }
  }

  /** Accounts for one kept line; throws {@link UnitTooLargeError} past the limits. */
  take(bytes: number, file: string, line: number): void {
    this.bytes -= bytes;
    this.lines -= 1;
    if (this.bytes < 0) throw new UnitTooLargeError(file, line, `${this.limits.settingBytes} bytes`);
    if (this.lines < 0) throw new UnitTooLargeError(file, line, `${this.limits.settingLines} lines`);
  }
}

const CHUNK = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const SEMICOLON = 0x3b;
const BACKSLASH = 0x5c;

let shared: Buffer | undefined;

/** One read buffer for every file (reading is synchronous): room for a carried line plus a chunk. */
function readBuffer(): Buffer {
  return (shared ??= Buffer.allocUnsafe(LONG_LINE_MAX + 1 + CHUNK));
}

/** An odd run of trailing backslashes on `data[start, end)`: the line continues (systemd's escape-aware test). */
function continues(data: Uint8Array, start: number, end: number): boolean {
  let n = 0;
  for (let i = end - 1; i >= start && data[i] === BACKSLASH; i--) n++;
  return n % 2 === 1;
}

/** What one read buffer holds, tested once for all of its lines. */
interface BufferFacts {
  /** Some byte is NUL. */
  readonly nul: boolean;
  /** Every byte is ASCII: valid UTF-8, decoded as Latin-1 (the same, faster). */
  readonly ascii: boolean;
}

/** Lines that change nothing kept as placeholders before they are dropped (see LineSink.drop). */
const MAX_PLACEHOLDERS = 10_000;

/** Line-by-line state of one file, as config_parse() keeps it. */
class LineSink {
  readonly kept: string[] = [];
  readonly lineNumbers: number[] = [];
  line = 0;
  dropped = false;
  private placeholders = 0;
  stop: ReadStop | undefined;
  /** Index in `kept` where an unfinished continued line starts, or -1. */
  private continuationStart = -1;
  /** systemd's strlen(continuation). */
  private continuationBytes = 0;

  constructor(
    private readonly label: string,
    private readonly budget: UnitReadBudget,
  ) {}

  /** Takes one line (`data[start, end)`, without its end-of-line bytes); false once reading must stop. */
  push(data: Buffer, start: number, end: number, facts: BufferFacts): boolean {
    const n = ++this.line;
    const length = end - start;
    if (length >= LONG_LINE_MAX) return this.fail('line-too-long', 'ENOBUFS', `line of ${length} bytes: systemd refuses lines of ${LONG_LINE_MAX} bytes (1 MiB) or more`);
    let i = start;
    while (i < end && (data[i] === SPACE || data[i] === TAB)) i++;
    const first = i < end ? data[i] : -1;
    // A NUL byte is the parser's business (it refuses the file): keep such lines as they are.
    const nul = facts.nul && data.subarray(start, end).includes(0);
    if (first === HASH || first === SEMICOLON) {
      // Skipped by systemd before anything else, even inside a continued line.
      if (nul) this.keep(data, start, end, n, facts);
      else this.drop(n);
      return true;
    }
    if (this.continuationStart >= 0 && this.continuationBytes + length > LONG_LINE_MAX) {
      return this.fail('continuation-too-long', 'ENOBUFS', `continued line of more than ${LONG_LINE_MAX} bytes (1 MiB): systemd refuses it`);
    }
    if (first !== -1 && !facts.ascii && !isSystemdUtf8(data.subarray(start, end))) {
      const bytes = data.subarray(start, end);
      const at = firstInvalidOffset(bytes);
      return this.fail('invalid-utf8', 'EINVAL', `not valid UTF-8 (byte 0x${bytes[at]!.toString(16).padStart(2, '0')} at column ${at + 1}): systemd refuses the line ("String is not UTF-8 clean")`);
    }
    if (first === -1 && this.continuationStart < 0 && !nul) {
      this.drop(n); // a blank line outside a continued line changes nothing
      return true;
    }
    this.budget.take(length + 1, this.label, n);
    this.keep(data, start, end, n, facts);
    if (first !== -1 && continues(data, start, end)) {
      if (this.continuationStart < 0) {
        this.continuationStart = this.kept.length - 1;
        this.continuationBytes = 0;
      }
      this.continuationBytes += length;
    } else {
      this.continuationStart = -1;
      this.continuationBytes = 0;
    }
    return true;
  }

  /** The line that cannot be taken whole (no end of line within LONG_LINE_MAX bytes). */
  overlong(): false {
    this.line++;
    return this.fail('line-too-long', 'ENOBUFS', `line of ${LONG_LINE_MAX} bytes or more: systemd refuses lines of ${LONG_LINE_MAX} bytes (1 MiB) or more`);
  }

  /**
   * A line that changes nothing. The first MAX_PLACEHOLDERS of them stay as `#` (a comment, skipped by
   * the parser even inside a continued line), so that a file with a few comments keeps its line
   * numbers and needs no renumbering; past that they are dropped.
   */
  private drop(n: number): void {
    if (this.placeholders < MAX_PLACEHOLDERS) {
      this.placeholders++;
      this.kept.push('#');
      this.lineNumbers.push(n);
    } else this.dropped = true;
  }

  private keep(data: Buffer, start: number, end: number, n: number, facts: BufferFacts): void {
    this.kept.push(data.toString(facts.ascii ? 'latin1' : 'utf8', start, end));
    this.lineNumbers.push(n);
  }

  private fail(kind: ReadStop['kind'], errno: ReadStop['errno'], message: string): false {
    this.stop = { line: this.line, kind, errno, message };
    // An unfinished continued line is never applied.
    if (this.continuationStart >= 0) {
      this.kept.length = this.continuationStart;
      this.lineNumbers.length = this.continuationStart;
    }
    this.dropped = true;
    return false;
  }
}

/**
 * Reads a file opened with openRegularFile() (`fd` undefined: /dev/null, empty) the way systemd's
 * config_parse() does, keeping what the parser needs. `label` names the file in messages; the budget
 * is shared by a unit's file and its drop-ins; `size` (from fstat) spares the read that would only
 * find the end. Throws {@link UnitTooLargeError} past the budget.
 */
export function readUnitText(fd: number | undefined, label: string, budget: UnitReadBudget, size?: number): UnitText {
  const sink = new LineSink(label, budget);
  if (fd === undefined) return { text: '', lineNumbers: [], complete: true };
  const buf = readBuffer();
  let carried = 0; // bytes of an unfinished line kept at the start of buf
  let total = 0;
  let eof = false;
  reading: while (!eof) {
    const n = fs.readSync(fd, buf, carried, CHUNK, null);
    total += n;
    eof = n === 0 || total === size;
    const data = buf.subarray(0, carried + n);
    carried = 0;
    const facts: BufferFacts = { nul: data.includes(0), ascii: isAscii(data) };
    let nextLf = -2;
    let nextCr = data.includes(CR) ? -2 : -1;
    let pos = 0;
    while (pos < data.length) {
      if (nextLf !== -1 && nextLf < pos) nextLf = data.indexOf(LF, pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = data.indexOf(CR, pos);
      // End of line: \n or \r, whichever comes first; \r\n and \n\r are one line end (read_line()).
      const end = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
      if (end === -1 || (end === data.length - 1 && !eof)) {
        if (eof) {
          if (!sink.push(data, pos, data.length, facts)) break reading;
          break;
        }
        // An unfinished line (or a line end whose partner may follow): carry it over to the next read.
        carried = data.length - pos;
        if (carried - (end === data.length - 1 ? 1 : 0) >= LONG_LINE_MAX) {
          sink.overlong();
          break reading;
        }
        data.copyWithin(0, pos);
        break;
      }
      if (!sink.push(data, pos, end, facts)) break reading;
      const pair = (data[end] === CR && data[end + 1] === LF) || (data[end] === LF && data[end + 1] === CR);
      pos = end + (pair ? 2 : 1);
    }
  }
  const text = sink.kept.length === 0 ? '' : `${sink.kept.join('\n')}\n`;
  return { text, lineNumbers: sink.lineNumbers, complete: !sink.dropped, ...(sink.stop ? { stop: sink.stop } : {}) };
}
