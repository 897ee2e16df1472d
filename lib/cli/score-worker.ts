/**
 * A worker thread of a large `score` batch (score-parallel.ts): scores the chunks of files it is
 * sent with scoreFile(), exactly as the one-thread loop does, and sends back each file's writes with
 * the stdout bytes (text tables written as bytes, other texts UTF-8 encoded) in one buffer per chunk,
 * which main hands back once written: the memory of a batch stays a few such buffers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BUILTIN_POLICY } from '../exposure/policy';
import type { ReportBytes } from '../exposure/report-bytes';
import { FolderEntries } from '../unit/folder-entries';
import { scoreFile, type ScoreContext } from './score-file';
import type { ChunkRequest, ChunkResult, SpareBuffer, WireWrite, WorkerSetup } from './score-parallel';

const setup = workerData as WorkerSetup;
// The built-in policy travels as null: scoring keys some tables by that very object.
const ctx: ScoreContext = { ...setup.ctx, assess: { ...setup.ctx.assess, policy: setup.policy ?? BUILTIN_POLICY } };

/** This worker's listings of the batch's folders (see folder-entries.ts). */
const folders = new FolderEntries();

/** Buffers main has written out and handed back, to encode the next chunks into. */
const spares: Buffer[] = [];

/** A buffer of at least `bytes`: a spare one when there is one large enough. */
function bufferOf(bytes: number): Buffer {
  const i = spares.findIndex((b) => b.length >= bytes);
  return i >= 0 ? spares.splice(i, 1)[0]! : Buffer.allocUnsafeSlow(Math.max(bytes, 1 << 20));
}

function scoreChunk({ chunk, files }: ChunkRequest): void {
  const outcomes: ChunkResult['outcomes'] = [];
  let error: string | undefined;
  // Every stdout text of the chunk, as bytes as soon as it is made (a text kept longer would outlive
  // V8's young generation) into one buffer that travels to main and back.
  let buffer: Buffer | undefined;
  let offset = 0;
  const encode = (text: string | ReportBytes): WireWrite => {
    // The exact UTF-8 length of a string costs as much again as the encoding: it is counted only
    // when the most the text can take (3 bytes per UTF-16 unit) might not fit. A table knows its size.
    const most = typeof text === 'string' ? 3 * text.length : text.size;
    const fits = buffer !== undefined && offset + most <= buffer.length;
    const bytes = fits ? 0 : typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.size;
    if (buffer === undefined) buffer = bufferOf(bytes);
    else if (offset + bytes > buffer.length) {
      const bigger = bufferOf(Math.max(2 * buffer.length, offset + bytes));
      buffer.copy(bigger, 0, 0, offset);
      spares.push(buffer);
      buffer = bigger;
    }
    const at = offset;
    offset = typeof text === 'string' ? offset + buffer.write(text, offset, 'utf8') : text.writeInto(buffer, offset);
    return [1, at, offset - at];
  };
  for (const file of files) {
    const outcome = scoreFile(file, ctx, folders);
    outcomes.push({ writes: outcome.writes.map(([fd, text]) => (fd === 2 ? [2, text] : encode(text))), failed: outcome.failed });
    if (outcome.bug !== undefined) {
      // The run stops after this file, as the one-thread loop does (bin prints the message).
      error = outcome.bug instanceof Error ? outcome.bug.message : String(outcome.bug);
      break;
    }
  }
  const sent = buffer === undefined ? null : (buffer.buffer as ArrayBuffer);
  const result: ChunkResult = error === undefined ? { chunk, outcomes, buffer: sent } : { chunk, outcomes, buffer: sent, error };
  parentPort!.postMessage(result, sent === null ? [] : [sent]);
}

parentPort!.on('message', (message: ChunkRequest | SpareBuffer) => {
  if ('spare' in message) spares.push(Buffer.from(message.spare));
  else scoreChunk(message);
});
