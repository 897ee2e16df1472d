/**
 * Writes many small files on a worker thread while synth goes on, and waits for them before synth
 * returns. Creating a file costs kernel time (on the VMs we measure on, 11,000 unit files took from
 * 0.3 s to 3 s of it between runs); on a second core that time overlaps the reports and cdk.tf.json
 * instead of adding to them. Few files are written in this thread: starting a worker costs more.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/** Below this many files they are written in this thread (a worker starts in ~20–40 ms). */
export const BACKGROUND_MIN_FILES = 256;
/** Files per message to the worker. */
const BATCH = 512;
/** How long {@link FileBatch.finish} waits for the worker before it gives up. */
const FINISH_TIMEOUT_MS = 10 * 60 * 1000;

/** One file: its path and its text (written as UTF-8). */
export type FileToWrite = readonly [file: string, text: string];

/** The worker's messages: a batch of files, then `null` for "all sent". */
type WorkerMessage = readonly FileToWrite[] | null;

// The worker is plain JavaScript given as text, so that it runs the same from tsc's output, a bundle,
// tsx or ts-jest. state[0] becomes 1 when every file is written or one failed; the failure itself
// goes to `report` first, so that the waiting thread can read it at once.
const WORKER_SOURCE = `
const fs = require('node:fs');
const path = require('node:path');
const { workerData, parentPort } = require('node:worker_threads');
const { state, report } = workerData;
const folders = new Set();
let failed = false;
parentPort.on('message', (files) => {
  if (files === null) {
    Atomics.store(state, 0, 1);
    Atomics.notify(state, 0);
    parentPort.close();
    return;
  }
  for (const [file, text] of files) {
    if (failed) return;
    try {
      const folder = path.dirname(file);
      if (!folders.has(folder)) fs.mkdirSync(folder, { recursive: true });
      folders.add(folder);
      fs.writeFileSync(file, text);
    } catch (e) {
      failed = true;
      report.postMessage(String(e && e.message || e));
    }
  }
});
`;

/** Files being written; {@link finish} waits for them and throws the first failure. */
export interface FileBatch {
  /** Blocks until every file is written; throws if one could not be. Idempotent. */
  finish(): void;
}

/** Writes `files` in this thread. */
function writeHere(files: readonly FileToWrite[]): void {
  const folders = new Set<string>();
  for (const [file, text] of files) {
    const folder = path.dirname(file);
    if (!folders.has(folder)) fs.mkdirSync(folder, { recursive: true });
    folders.add(folder);
    fs.writeFileSync(file, text);
  }
}

/**
 * Starts writing `files` (creating their folders), on a worker thread when there are at least
 * `minForWorker` of them, else at once in this thread. Call `finish()` before relying on them.
 */
export function writeFilesInBackground(files: readonly FileToWrite[], minForWorker: number = BACKGROUND_MIN_FILES): FileBatch {
  if (files.length < minForWorker) {
    writeHere(files);
    return { finish: () => undefined };
  }
  const state = new Int32Array(new SharedArrayBuffer(4));
  const { port1: failures, port2: report } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { state, report }, transferList: [report] });
  // synth never awaits it: finish() blocks on the shared state instead
  worker.unref();
  for (let i = 0; i < files.length; i += BATCH) worker.postMessage(files.slice(i, i + BATCH) satisfies WorkerMessage);
  worker.postMessage(null satisfies WorkerMessage);
  let finished = false;
  return {
    finish: () => {
      if (finished) return;
      finished = true;
      const outcome = Atomics.wait(state, 0, 0, FINISH_TIMEOUT_MS);
      const failure = firstFailure(failures);
      failures.close();
      if (failure !== undefined) throw new Error(`cannot write the unit files: ${failure}`);
      if (outcome === 'timed-out') throw new Error(`writing the unit files did not finish within ${FINISH_TIMEOUT_MS / 1000} s`);
    },
  };
}

/** The failure the worker reported, if any (read without the event loop). */
function firstFailure(port: MessagePort): string | undefined {
  const received = receiveMessageOnPort(port);
  return received === undefined ? undefined : String(received.message);
}
