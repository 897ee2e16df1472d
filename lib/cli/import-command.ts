/**
 * `cdktf-systemd import [--out FILE] [--host ID] [--systemd V] [--merge-dropins] [--suggest] FILE…`:
 * unit files → a TypeScript module of constructs (the work is in import-run.ts, loaded with ts-morph
 * only when the verb runs).
 */
import type { Command } from 'commander';

/** Options of the `import` verb. */
export interface ImportCommandOptions {
  readonly out?: string;
  readonly host?: string;
  readonly systemd?: string;
  readonly mergeDropins?: boolean;
  readonly suggest?: boolean;
}

/** Registers the `import` verb. */
export function registerImport(program: Command, exit: { code: number }): void {
  program
    .command('import')
    .description('write unit files (with the drop-ins beside them) as a TypeScript module of cdktf-systemd constructs, meaning unchanged')
    .option('--out <file>', 'write the module to FILE instead of stdout')
    .option('--host <id>', 'id of the host the module declares when run directly', 'host')
    .option('--systemd <release>', 'systemd release of that host: 252, 257 or 262 (budgets and suggestions are scored for it)')
    .option('--merge-dropins', 'merge the drop-ins into each unit instead of declaring them as SystemdDropIn')
    .option('--suggest', 'add the hardened variant of each service as a comment: the preset that fits and the settings that reach the budget, with predicted scores')
    .argument('<files...>', 'unit files (.service, .socket, .timer)')
    .action(async (files: string[], opts: ImportCommandOptions) => {
      const { runImport } = await import('./import-run');
      runImport(files, opts, exit);
    });
}
