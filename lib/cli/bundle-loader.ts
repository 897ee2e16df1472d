/**
 * Loads the `score` path as bin/cdktf-systemd.js runs it: one bundled file (score-bundle.js, made by
 * scripts/bundle-cli.js at build time) compiled with the V8 code cache made beside it, which spares
 * resolving ~60 modules and most of their compilation (a third of the start-up of scoring one unit).
 * Without a bundle, or with one older than the compiled sources (tsc run on its own since), the
 * modules are loaded one by one as usual; a cache V8 refuses (another Node) only costs its speed.
 */
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type { scoreFast } from './score-fast';

/** The bundle of score-fast.js and what it imports. */
export const SCORE_BUNDLE = path.join(__dirname, 'score-bundle.js');
/** V8's code cache of {@link SCORE_BUNDLE}, made after a warm-up run. */
export const SCORE_CODE_CACHE = path.join(__dirname, 'score-bundle.cache');

/** The `score` entry point, and the compiled bundle when it was used (to make its code cache). */
export interface ScoreEntry {
  readonly scoreFast: typeof scoreFast;
  readonly script?: vm.Script;
}

const mtime = (file: string): number => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Infinity;

/** The bundled entry when it is there and current, else the compiled modules (see the header). */
export function loadScoreEntry(): ScoreEntry {
  let source: string | undefined;
  if (mtime(SCORE_BUNDLE) >= mtime(path.join(__dirname, 'score-fast.js'))) {
    try {
      source = fs.readFileSync(SCORE_BUNDLE, 'utf8');
    } catch {
      source = undefined;
    }
  }
  if (source === undefined) return { scoreFast: (require('./score-fast') as typeof import('./score-fast')).scoreFast };
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(SCORE_CODE_CACHE);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: SCORE_BUNDLE, ...(cachedData === undefined ? {} : { cachedData }) });
  const module = { exports: {} as Partial<ScoreEntry> };
  const wrapper = script.runInThisContext() as (this: unknown, ...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(SCORE_BUNDLE), module, SCORE_BUNDLE, __dirname);
  return { scoreFast: module.exports.scoreFast!, script };
}
