/**
 * Text made in pieces: written to a file as the pieces come (a mebibyte at a time), or joined into
 * one string. Both give the same bytes, so a report's file and its string form have one source. The
 * large reports use it so that a stack of 10,000 units never holds its ~30 MB page as one string.
 */
import * as fs from 'node:fs';

/** Characters buffered before a write. */
const FLUSH_AT = 1 << 20;

/** Whether UTF-16 code unit `c` opens a surrogate pair (its other half is the next unit). */
const highSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;

/** Writes all of `text` as UTF-8 at the file's current position. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
}

/** Appends text to an open file, buffering about a mebibyte between writes. */
export class BufferedFileWriter {
  private parts: string[] = [];
  private size = 0;

  /** `flushAt`: characters buffered before a write (small only in tests, to move the cuts). */
  constructor(
    private readonly fd: number,
    private readonly flushAt: number = FLUSH_AT,
  ) {}

  /** Adds `s`; writes the buffer once it holds `flushAt` characters. */
  readonly put = (s: string): void => {
    if (s.length === 0) return;
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= this.flushAt) this.write(false);
  };

  /** Writes everything buffered. */
  flush(): void {
    this.write(true);
  }

  // Each write is encoded on its own, so a surrogate pair cut between two pieces is held back whole:
  // encoded apart, its halves would each become U+FFFD.
  private write(all: boolean): void {
    if (this.parts.length === 0) return;
    let text = this.parts.join('');
    let rest = '';
    if (!all && highSurrogate(text.charCodeAt(text.length - 1))) [text, rest] = [text.slice(0, -1), text.slice(-1)];
    writeAll(this.fd, text);
    this.parts = rest ? [rest] : [];
    this.size = rest.length;
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
