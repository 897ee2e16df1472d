/**
 * The work of `fix`: run the app in recording mode (a `tsx` child), place each failing service's
 * settings in its source, print the diff, and with --apply write it and run the app again to check
 * that every service is now within budget. Exit codes: 0 done (or nothing to do), 1 something could
 * not be fixed automatically, 2 the app could not be run or the options are wrong.
 */
import * as fs from 'node:fs';
import type { FixOutcome } from '../fix/apply';
import type { AppRecord } from '../fix/record';
import { recordApp } from '../fix/run-app';
import { budgetProblem } from '../policy/validate';

/** Options of {@link runFix}, as the command line gives them. */
export interface FixOptions {
  readonly apply?: boolean;
  readonly budget?: string;
  readonly app: string;
}

const say = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

function failingLines(record: AppRecord): string[] {
  return record.units
    .filter((u) => !u.ok)
    .map((u) => `  ${u.path} (${u.unit})${u.plan ? `: exposure ${(u.plan.exposure / 10).toFixed(1)}, budget ${(u.plan.budget / 10).toFixed(1)}` : u.error ? `: ${u.error}` : ''}`);
}

/** Runs `fix` for the project in `cwd` (where synth runs); sets `exit.code`. */
export function runFix(opts: FixOptions, exit: { code: number }, cwd: string = process.cwd()): void {
  let budget: number | undefined;
  if (opts.budget !== undefined) {
    budget = Number(opts.budget);
    const problem = opts.budget.trim() === '' ? 'must be a number' : budgetProblem(budget);
    if (problem) {
      say(`--budget ${problem}`);
      exit.code = 2;
      return;
    }
  }
  let record: AppRecord;
  try {
    record = recordApp({ app: opts.app, cwd, ...(budget !== undefined ? { budget } : {}) });
  } catch (err) {
    say((err as Error).message);
    exit.code = 2;
    return;
  }
  if (record.units.every((u) => u.ok)) {
    say(`every service is within its budget${budget !== undefined ? ` of ${budget.toFixed(1)}` : ''}: nothing to fix`);
    if (budget === undefined && record.synthErrors.length > 0) {
      say(`synth fails for other reasons:\n${record.synthErrors.join('\n')}`);
      exit.code = 1;
    }
    return;
  }
  // ts-morph is heavy: loaded only here, when there is something to place
  const { planFixes, placedLine, unplacedText } = require('../fix/apply') as typeof import('../fix/apply');
  const outcome: FixOutcome = planFixes(record, cwd);
  for (const f of outcome.files) process.stdout.write(f.diff);
  for (const o of outcome.placed) say(`${opts.apply ? 'fixed' : 'would fix'}: ${placedLine(o)}`);
  for (const o of outcome.unplaced) say(unplacedText(o));
  const short = outcome.placed.some((o) => o.plan && o.plan.exposureAfter > o.plan.budget);
  exit.code = outcome.unplaced.length > 0 || short ? 1 : 0;
  if (!opts.apply) return;
  for (const f of outcome.files) fs.writeFileSync(f.file, f.after);
  say(`wrote ${outcome.files.map((f) => f.name).join(', ') || 'nothing'}`);
  if (outcome.files.length === 0) return;
  let again: AppRecord;
  try {
    again = recordApp({ app: opts.app, cwd, ...(budget !== undefined ? { budget } : {}) });
  } catch (err) {
    say(`after the fix, ${(err as Error).message}`);
    exit.code = 2;
    return;
  }
  const still = failingLines(again);
  if (still.length === 0) say(`synth now passes: ${again.units.length} service${again.units.length === 1 ? '' : 's'} within budget`);
  else {
    say(`still failing after the fix:\n${still.join('\n')}`);
    exit.code = 1;
  }
}
