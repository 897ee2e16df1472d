/**
 * Text made in pieces: written to a file as the pieces come (a mebibyte at a time), or joined into
 * one string. Both give the same bytes, so a report's file and its string form have one source. The
 * large reports use it so that a stack of 10,000 units never holds its ~30 MB page as one string.
 */
import * as fs from 'node:fs';

/**
 * Characters joined into one string before they are encoded: few enough that the string stays in V8's
 * young generation (a string of a mebibyte goes to a space of its own, fresh pages every time).
 */
const JOIN_AT = 1 << 15;

/** Bytes encoded into the writer's one buffer before a write() (one system call per mebibyte). */
const WRITE_AT = 1 << 20;

/** The most UTF-8 bytes a UTF-16 code unit can become (a lone surrogate: U+FFFD; a pair: 4 for 2). */
const MAX_BYTES_PER_UNIT = 3;

/** Whether UTF-16 code unit `c` opens a surrogate pair (its other half is the next unit). */
const highSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;

/** Writes `bytes[0, end)` at the file's current position. */
function writeAll(fd: number, bytes: Uint8Array, end: number): void {
  for (let at = 0; at < end; ) at += fs.writeSync(fd, bytes, at, end - at);
}

/**
 * Appends text to an open file: pieces are joined a few tens of kilobytes at a time, encoded into one
 * buffer kept for the writer's life, and written a mebibyte at a time. Making a new string and a new
 * buffer of a mebibyte for every write cost a page fault per 4 KiB each time (1.4 s of a 10,000-service
 * synth on these VMs).
 */
export class BufferedFileWriter {
  private parts: string[] = [];
  private size = 0;
  private readonly bytes: Buffer;
  private used = 0;

  /**
   * `joinAt`: characters joined before they are encoded; `writeAt`: bytes encoded before a write (both
   * small only in tests, to move the cuts).
   */
  constructor(
    private readonly fd: number,
    private readonly joinAt: number = JOIN_AT,
    private readonly writeAt: number = WRITE_AT,
  ) {
    this.bytes = Buffer.allocUnsafeSlow(writeAt + MAX_BYTES_PER_UNIT * joinAt);
  }

  /** Adds `s`; encodes what is held once it reaches `joinAt` characters. */
  readonly put = (s: string): void => {
    if (s.length === 0) return;
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= this.joinAt) this.encode(false);
  };

  /** Writes everything held. */
  flush(): void {
    this.encode(true);
    this.writeBytes();
  }

  // Each join is encoded on its own, so a surrogate pair cut between two pieces is held back whole:
  // encoded apart, its halves would each become U+FFFD.
  private encode(all: boolean): void {
    if (this.parts.length === 0) return;
    let text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    let rest = '';
    if (!all && highSurrogate(text.charCodeAt(text.length - 1))) [text, rest] = [text.slice(0, -1), text.slice(-1)];
    this.parts = rest ? [rest] : [];
    this.size = rest.length;
    if (this.used + MAX_BYTES_PER_UNIT * text.length > this.bytes.length) this.writeBytes();
    if (MAX_BYTES_PER_UNIT * text.length > this.bytes.length) {
      // one piece larger than the buffer: encoded on its own
      const whole = Buffer.from(text, 'utf8');
      writeAll(this.fd, whole, whole.length);
      return;
    }
    this.used += this.bytes.write(text, this.used, 'utf8');
    if (this.used >= this.writeAt) this.writeBytes();
  }

  private writeBytes(): void {
    writeAll(this.fd, this.bytes, this.used);
    this.used = 0;
  }
}

/** Creates (or truncates) `file`, lets `write` put text into it, then flushes and closes it. */
export function withFileWriter(file: string, write: (put: (s: string) => void) => void): void {
  const fd = fs.openSync(file, 'w');
  try {
    const out = new BufferedFileWriter(fd);
    write(out.put);
    out.flush();
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes the pieces to `file` as they are made: the bytes of {@link joinPieces} of the same pieces. */
export function writeTextFile(file: string, pieces: Iterable<string>): void {
  withFileWriter(file, (put) => {
    for (const piece of pieces) put(piece);
  });
}

/** The pieces as one string: the text {@link writeTextFile} writes. */
export function joinPieces(pieces: Iterable<string>): string {
  const all: string[] = [];
  for (const piece of pieces) all.push(piece);
  return all.join('');
}

/**
 * The pieces of `items.join(sep)`, each item made only when reached. An item is a string or, for
 * one that is large (a table row across 10,000 units), the pieces of that string.
 */
export function* joined(items: Iterable<string | Iterable<string>>, sep: string): Generator<string> {
  let first = true;
  for (const item of items) {
    if (!first) yield sep;
    first = false;
    if (typeof item === 'string') yield item;
    else yield* item;
  }
}
