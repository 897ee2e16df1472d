/**
 * `cdktf-systemd fmt [--merge-dropins] FILE…`: prints units in canonical form (the work is in fmt-run.ts,
 * loaded when the verb runs).
 */
import type { Command } from 'commander';

/** Registers the `fmt` verb. */
export function registerFmt(program: Command, exit: { code: number }): void {
  program
    .command('fmt')
    .description('print unit files in canonical form (sections and directives in canonical order)')
    .option('--merge-dropins', 'merge the drop-ins beside each file that systemd applies (NAME.d/, template, dash-prefix and type-wide folders) into its output')
    .argument('<files...>', 'unit files')
    .action(async (files: string[], opts: { mergeDropins?: boolean }) => {
      const { runFmt } = await import('./fmt-run');
      runFmt(files, opts.mergeDropins === true, exit);
    });
}
