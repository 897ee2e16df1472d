/**
 * The `cdktf-systemd` command line. Each verb registers its options here; its work lives in a module
 * of its own that is loaded only when the verb runs (`score` never loads fmt's directive catalog).
 */
import { Command, CommanderError } from 'commander';
import { registerBaseline } from './baseline-command';
import { registerDiff } from './diff-command';
import { registerFix } from './fix-command';
import { registerFmt } from './fmt-command';
import { registerImport } from './import-command';
import { registerScore } from './score-command';
import { addVersionOption } from './version';

/** Builds the command-line program; each verb's action stores its exit code in `exit.code`. */
export function buildProgram(exit: { code: number }): Command {
  const program = new Command('cdktf-systemd')
    .description('Typed, hardened systemd units: format and score unit files like systemd does')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  addVersionOption(program);
  registerFmt(program, exit);
  registerScore(program, exit);
  registerDiff(program, exit);
  registerBaseline(program, exit);
  registerImport(program, exit);
  registerFix(program, exit);
  return program;
}

/**
 * Runs the CLI with `argv` (as in process.argv) and resolves to the exit code. A usage error (unknown
 * option, missing argument) exits with 1, as systemd-analyze does.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const exit = { code: 0 };
  try {
    await buildProgram(exit).parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 1;
    throw err;
  }
  return exit.code;
}
