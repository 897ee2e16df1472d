/**
 * A worker thread of a large `score` batch (score-parallel.ts): scores the chunks of files it is
 * sent with scoreFile(), exactly as the one-thread loop does, and sends back each file's writes with
 * the stdout text already UTF-8 encoded (the encoding is a good part of the work of a report).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BUILTIN_POLICY } from '../exposure/policy';
import { scoreFile, type ScoreContext } from './score-file';
import type { ChunkRequest, ChunkResult, WorkerSetup, EncodedWrite } from './score-parallel';

const setup = workerData as WorkerSetup;
// The built-in policy travels as null: scoring keys some tables by that very object.
const ctx: ScoreContext = { ...setup.ctx, assess: { ...setup.ctx.assess, policy: setup.policy ?? BUILTIN_POLICY } };

parentPort!.on('message', ({ chunk, files }: ChunkRequest) => {
  const outcomes: ChunkResult['outcomes'] = [];
  const transfer: ArrayBuffer[] = [];
  let error: string | undefined;
  for (const file of files) {
    const outcome = scoreFile(file, ctx);
    const writes: EncodedWrite[] = outcome.writes.map(([fd, text]) => {
      if (fd === 2) return [2, text];
      const bytes = Buffer.from(text, 'utf8');
      // Only a buffer that owns its memory is handed over (small ones share Node's pool).
      if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) transfer.push(bytes.buffer as ArrayBuffer);
      return [1, bytes];
    });
    outcomes.push({ writes, failed: outcome.failed });
    if (outcome.bug !== undefined) {
      // The run stops after this file, as the one-thread loop does (bin prints the message).
      error = outcome.bug instanceof Error ? outcome.bug.message : String(outcome.bug);
      break;
    }
  }
  const result: ChunkResult = error === undefined ? { chunk, outcomes } : { chunk, outcomes, error };
  parentPort!.postMessage(result, transfer);
});
