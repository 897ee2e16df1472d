/**
 * `cdktf-systemd diff [--systemd R] [--user] OLD NEW`: what changed in exposure between two unit files
 * or two exposure-report.json files, per check; exit 1 when something got worse (for CI). The work
 * is in diff-run.ts, loaded when the verb runs.
 */
import type { Command } from 'commander';

/** Registers the `diff` verb. */
export function registerDiff(program: Command, exit: { code: number }): void {
  program
    .command('diff')
    .description('compare two unit files or two exposure-report.json files; exit 1 when a unit got worse')
    .option('--systemd <release>', 'systemd release to score unit files with (252, 257, 262; default: the host\'s)')
    .option('--user', 'score unit files in user scope')
    .argument('<old>', 'the old unit file or exposure-report.json')
    .argument('<new>', 'the new unit file or exposure-report.json')
    .action(async (oldFile: string, newFile: string, opts: { systemd?: string; user?: boolean }) => {
      const { runDiff } = await import('./diff-run');
      runDiff(oldFile, newFile, opts, exit);
    });
}
