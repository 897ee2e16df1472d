/**
 * `cdktf-systemd fix [--apply] [--budget N] [--app main.ts]`: writes the budget planner's settings into
 * the `service:` props of each failing `new SystemdService(…)`. The work (and ts-morph) is in
 * fix-run.ts, loaded when the verb runs.
 */
import type { Command } from 'commander';

/** Registers the `fix` verb. */
export function registerFix(program: Command, exit: { code: number }): void {
  program
    .command('fix')
    .description("write the settings that bring each service over budget within it into the app's TypeScript (prints the diff; --apply writes it)")
    .option('--apply', 'write the changes (default: print the diff only)')
    .option('--budget <n>', 'plan for this budget instead of each service\'s own (0.0-10.0)')
    .option('--app <file>', 'the app\'s entry file, run with tsx', 'main.ts')
    .action(async (opts: { apply?: boolean; budget?: string; app: string }) => {
      const { runFix } = await import('./fix-run');
      runFix(opts, exit);
    });
}
