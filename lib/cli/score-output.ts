/**
 * stdout for `score`, honouring the stream's backpressure: a batch of 10,000 units prints ~110 MB,
 * which a slow pipe would otherwise hold in memory. Each unit's text is written as it is made (one
 * write per unit, as before; joining units into bigger chunks made large two-byte strings and cost
 * more than the write calls it saved), and the run waits for 'drain' when the stream asks for it.
 */
import { once } from 'node:events';

/** stdout and stderr of one `score` run (see the header). */
export class ScoreOutput {
  /**
   * Writes `text` to stdout; resolves once the stream can take more (at once, mostly). `written` is
   * called when the text is out of the process (its memory may then be reused).
   */
  async out(text: string | Uint8Array, written?: () => void): Promise<void> {
    // process.stdout is looked up on each write: tests replace its write().
    if (!process.stdout.write(text, written)) await once(process.stdout, 'drain');
  }

  /** Writes `text` to stderr. */
  err(text: string): void {
    process.stderr.write(text);
  }
}
