/**
 * stdout for `score`, honouring the stream's backpressure: a batch of 10,000 units prints ~110 MB,
 * which a slow pipe would otherwise hold in memory. Text tables arrive as bytes (report-bytes.ts)
 * and are gathered into writes of up to 64 KiB; any other text is written as it comes, after what is
 * gathered, and stderr too, so the two streams keep their order. The run waits for 'drain' when the
 * stream asks for it.
 */
import { once } from 'node:events';
import type { ReportBytes } from '../exposure/report-bytes';

/** Bytes of tables gathered into one write. */
const GATHER_BYTES = 64 * 1024;

/** stdout and stderr of one `score` run (see the header). */
export class ScoreOutput {
  /** Tables not yet written, in a buffer of their own (a written buffer is never reused). */
  private gathered: Buffer | undefined;
  private used = 0;

  /**
   * Writes `text` to stdout; resolves once the stream can take more (at once, mostly). `written` is
   * called when the text is out of the process (its memory may then be reused).
   */
  async out(text: string | Uint8Array, written?: () => void): Promise<void> {
    await this.flush();
    // process.stdout is looked up on each write: tests replace its write().
    if (!process.stdout.write(text, written)) await once(process.stdout, 'drain');
  }

  /** Adds a text table to stdout (written with the next ones, or by {@link flush}). */
  async table(bytes: ReportBytes): Promise<void> {
    if (this.gathered !== undefined && this.used + bytes.size > this.gathered.length) await this.flush();
    if (this.gathered === undefined) {
      this.gathered = Buffer.allocUnsafeSlow(Math.max(GATHER_BYTES, bytes.size));
      this.used = 0;
    }
    this.used = bytes.writeInto(this.gathered, this.used);
  }

  /** Writes the tables gathered so far; resolves once the stream can take more. */
  async flush(): Promise<void> {
    if (!this.writeGathered()) await once(process.stdout, 'drain');
  }

  /** Writes `text` to stderr, after the tables gathered so far. */
  err(text: string): void {
    this.writeGathered();
    process.stderr.write(text);
  }

  /** Writes the gathered tables; false when the stream asks to wait for 'drain'. */
  private writeGathered(): boolean {
    const gathered = this.gathered;
    if (gathered === undefined || this.used === 0) return true;
    this.gathered = undefined;
    return process.stdout.write(gathered.subarray(0, this.used));
  }
}
