/**
 * A large `score` batch on several cores: files go in chunks to worker threads (score-worker.ts),
 * and their outcomes are written in the order of the command line, exactly as the one-thread loop
 * writes them (the same writes, stdout and stderr interleaved the same way, the same exit status).
 * Memory stays bounded: a chunk is handed out only while few enough are waiting to be written,
 * writing waits for stdout to drain, and each chunk's buffer goes back to its worker for reuse.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as v8Module from 'node:v8';
import type { Worker } from 'node:worker_threads';
import type { SecurityPolicy } from '../exposure';
import { BUILTIN_POLICY } from '../exposure/policy';
import type { ScoreContext } from './score-file';

/** Below this many files one thread is faster: starting a worker costs about as much as ~300 units. */
export const PARALLEL_MIN_FILES = 1000;
/** Files per chunk: few messages, and outcomes written soon after the first chunk is done. */
const CHUNK_FILES = 64;
/** Chunks handed out but not yet written, per worker. */
const AHEAD_PER_WORKER = 2;
/** More workers than this gain little: writing the output in one thread is then the bottleneck. */
const MAX_WORKERS = 4;

/** One write of an outcome as applied: stdout already encoded. */
export type EncodedWrite = readonly [1, Uint8Array] | readonly [2, string];

/** One write as a worker sends it: stdout as [1, offset, length] in the chunk's buffer. */
export type WireWrite = [1, number, number] | [2, string];

/** A chunk's buffer handed back to its worker once written out. */
export interface SpareBuffer {
  readonly spare: ArrayBuffer;
}

/** What a worker is started with. */
export interface WorkerSetup {
  readonly ctx: ScoreContext;
  /** The policy when not the built-in one (which the worker has itself). */
  readonly policy: SecurityPolicy | null;
}

/** A chunk for a worker. */
export interface ChunkRequest {
  readonly chunk: number;
  readonly files: readonly string[];
}

/** A worker's outcomes for a chunk; with `error`, it stopped after `outcomes` on a bug. */
export interface ChunkResult {
  readonly chunk: number;
  readonly outcomes: Array<{ readonly writes: WireWrite[]; readonly failed: boolean }>;
  /** The chunk's stdout bytes (null when it printed nothing on stdout). */
  readonly buffer: ArrayBuffer | null;
  readonly error?: string;
}

/** How many workers a batch of `files` files gets here (0 or 1: score in this thread). */
export function workerCount(files: number): number {
  if (files < PARALLEL_MIN_FILES) return 0;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.min(cores, MAX_WORKERS, Math.ceil(files / CHUNK_FILES));
}

/**
 * The compiled worker script — its bundle (scripts/bundle-cli.js) when there and current — or
 * undefined when running from TypeScript sources (tests).
 */
export function workerScript(): string | undefined {
  const plain = path.join(__dirname, 'score-worker.js');
  const bundled = path.join(__dirname, 'score-worker-bundle.js');
  const plainTime = fs.statSync(plain, { throwIfNoEntry: false })?.mtimeMs;
  if (!__filename.endsWith('.js') || plainTime === undefined) return undefined;
  return (fs.statSync(bundled, { throwIfNoEntry: false })?.mtimeMs ?? -1) >= plainTime ? bundled : plain;
}

/**
 * Applies one outcome in order: its writes, then its failure (see score-run.ts); `written`, when
 * given, is called once its last stdout write is out of the process (at once when it has none).
 */
export type ApplyOutcome = (outcome: { readonly writes: readonly EncodedWrite[]; readonly failed: boolean }, written?: () => void) => Promise<void>;

/**
 * A chunk's stdout as one write, when none of its files wrote on stderr (there is then no order
 * between the streams to keep): the worker encoded the writes one after another into its buffer.
 */
function stdoutOnly(result: ChunkResult): Uint8Array | undefined {
  if (result.buffer === null) return undefined;
  let end = 0;
  for (const o of result.outcomes) {
    for (const w of o.writes) {
      if (w[0] === 2) return undefined;
      end = w[1] + w[2];
    }
  }
  return new Uint8Array(result.buffer, 0, end);
}

/** Scores `files` with `workers` worker threads running `script`; applies every outcome in order. */
export async function scoreInParallel(files: readonly string[], ctx: ScoreContext, apply: ApplyOutcome, workers: number, script: string): Promise<void> {
  const chunks: string[][] = [];
  for (let i = 0; i < files.length; i += CHUNK_FILES) chunks.push(files.slice(i, i + CHUNK_FILES));
  const setup: WorkerSetup = { ctx: { ...ctx, assess: { ...ctx.assess, policy: BUILTIN_POLICY } }, policy: ctx.assess.policy === BUILTIN_POLICY ? null : ctx.assess.policy };
  // Small young generations for the workers: with V8's default (16 MiB semi-spaces) two workers add
  // ~60 MiB of RSS; at 2 MiB the run costs no more CPU (measured on 10,000 units).
  // node:v8 and node:worker_threads are loaded here only: ~6 ms that a small batch does not need.
  (require('node:v8') as typeof v8Module).setFlagsFromString('--max-semi-space-size=2');
  const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
  const pool = Array.from({ length: workers }, () => new WorkerThread(script, { workerData: setup }));
  const ready = new Map<number, { result: ChunkResult; from: Worker }>();
  const idle: Worker[] = [...pool];
  let next = 0;
  let written = 0;
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const handOut = (): void => {
    while (idle.length > 0 && next < chunks.length && next - written < workers * AHEAD_PER_WORKER) {
      const request: ChunkRequest = { chunk: next, files: chunks[next]! };
      next++;
      idle.pop()!.postMessage(request);
    }
  };
  for (const w of pool) {
    w.on('message', (result: ChunkResult) => {
      ready.set(result.chunk, { result, from: w });
      idle.push(w);
      handOut();
      wake?.();
    });
    w.on('error', (e: Error) => {
      failure ??= e;
      wake?.();
    });
  }
  try {
    handOut();
    while (written < chunks.length) {
      const got = ready.get(written);
      if (got === undefined) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      ready.delete(written);
      const { result, from } = got;
      const { buffer, outcomes } = result;
      // The buffer goes back to its worker once the chunk's last stdout write is out (writes
      // complete in order, so all of them are then).
      const handBack = (): void => {
        if (buffer !== null) from.postMessage({ spare: buffer } satisfies SpareBuffer, [buffer]);
      };
      const whole = stdoutOnly(result);
      const toApply = whole !== undefined
        ? [{ writes: [[1, whole] as const], failed: outcomes.some((o) => o.failed) }]
        : outcomes.map((o) => ({ writes: o.writes.map((w): EncodedWrite => (w[0] === 2 ? w : [1, new Uint8Array(buffer!, w[1], w[2])])), failed: o.failed }));
      let lastOut = -1;
      toApply.forEach((o, i) => {
        if (o.writes.some((w) => w[0] === 1)) lastOut = i;
      });
      for (let i = 0; i < toApply.length; i++) await apply(toApply[i]!, i === lastOut ? handBack : undefined);
      if (result.error !== undefined) throw new Error(result.error);
      written++;
      handOut();
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
