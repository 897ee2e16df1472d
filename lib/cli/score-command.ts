/**
 * `cdktf-systemd score [--systemd 252|257|262] [--threshold N] [--security-policy FILE] [--user]
 * [--offline=BOOL] [--json=short|pretty|off] [--json-lines] [--no-pager] FILE…`: a drop-in for
 * `systemd-analyze security --offline=true FILE…` (same numbers, rows in the same order, same JSON
 * shape and exit status; descriptions in our own words). The work is in score-run.ts, loaded when the
 * verb runs.
 */
import type { Command } from 'commander';
import { SUPPORTED_RELEASES } from '../exposure/release';
import type { ScoreOptions } from './score-run';
import { addVersionOption } from './version';

/** Registers the `score` verb. */
export function registerScore(program: Command, exit: { code: number }): void {
  const score = program
    .command('score')
    .description('score unit files exactly like `systemd-analyze security --offline=true` of a systemd release')
    .option('--systemd <release>', `systemd release to reproduce (${SUPPORTED_RELEASES.join(', ')}; default: the host's systemd-analyze, or the newest)`)
    .option('--threshold <N>', 'fail (exit 1) when a unit exposure exceeds N tenths (0…100), like systemd-analyze --threshold')
    .option('--security-policy <file>', 'a systemd-analyze --security-policy JSON file')
    .option('--policy <file>', 'same as --security-policy')
    .option('--user', 'analyse in user scope (--user)')
    .option('--system', 'analyse in system scope (the default)')
    .option('--live', 'use the live-mode rules (as for a loaded unit) instead of offline')
    .option('--offline <bool>', 'systemd-analyze spelling: --offline=true (default) or --offline=false (= --live)')
    .option('--json <format>', "systemd-analyze's JSON: short (one array per unit per line), pretty, or off (text)")
    .option('--json-lines', 'our own JSON instead: one object per unit per line, with the overall exposure and level')
    .option('--format <format>', 'sarif: one SARIF 2.1.0 log of every failing check of every file, for code scanning (budget: --threshold, default 4.9)')
    .option('--no-pager', 'accepted and ignored: output is never paged')
    .argument('[files...]', 'unit files (drop-in folders beside them apply, as with systemd-analyze)')
    .action(async (files: string[], opts: ScoreOptions) => {
      const { runScore } = await import('./score-run');
      await runScore(files, opts, exit);
    });
  addVersionOption(score);
}
