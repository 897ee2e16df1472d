/**
 * The `cdktf-systemd` command line. Each verb lives in its own module and registers itself here.
 */
import { Command, CommanderError } from 'commander';
import { registerFmt } from './fmt-command';
import { registerScore } from './score-command';

/** Builds the command-line program; each verb's action stores its exit code in `exit.code`. */
export function buildProgram(exit: { code: number }): Command {
  const program = new Command('cdktf-systemd')
    .description('Typed, hardened systemd units: format and score unit files like systemd does')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerFmt(program, exit);
  registerScore(program, exit);
  return program;
}

/** Runs the CLI with `argv` (as in process.argv) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const exit = { code: 0 };
  try {
    await buildProgram(exit).parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  return exit.code;
}
