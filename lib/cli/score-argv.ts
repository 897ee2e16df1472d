/**
 * A quick reading of `score` command lines, so that a plain run does not load commander (a third of
 * the start-up of scoring one unit). Only what it fully understands is taken — long options of
 * `score` written `--opt=value` or `--opt value` (a value not starting with `-`), its flags, and
 * file names not starting with `-`; anything else (help, `--version`, `--`, short options, an option
 * without its value, an unknown one) returns undefined and commander reads the line as always, with
 * its own messages. What it takes, commander reads the same way (the last of a repeated option wins).
 */
import type { ScoreOptions } from './score-run';

type ValueKey = 'systemd' | 'threshold' | 'securityPolicy' | 'policy' | 'offline' | 'json' | 'format';
type FlagKey = 'user' | 'system' | 'live' | 'jsonLines';

const VALUE_OPTIONS: Readonly<Record<string, ValueKey>> = {
  '--systemd': 'systemd', '--threshold': 'threshold', '--security-policy': 'securityPolicy', '--policy': 'policy',
  '--offline': 'offline', '--json': 'json', '--format': 'format',
};
const FLAG_OPTIONS: Readonly<Record<string, FlagKey>> = { '--user': 'user', '--system': 'system', '--live': 'live', '--json-lines': 'jsonLines' };

/** A `score` command line read without commander. */
export interface ScoreCommandLine {
  readonly files: string[];
  readonly options: ScoreOptions;
}

/** Reads `argv` (as in process.argv) when it is a `score` line this reader fully understands. */
export function readScoreArgv(argv: readonly string[]): ScoreCommandLine | undefined {
  if (argv[2] !== 'score') return undefined;
  // commander's defaults: --no-pager defines `pager`, true unless given.
  const options: ScoreOptions = { pager: true };
  const files: string[] = [];
  for (let i = 3; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-')) {
      files.push(arg);
      continue;
    }
    if (arg === '--no-pager') {
      options.pager = false;
      continue;
    }
    const flag = FLAG_OPTIONS[arg];
    if (flag !== undefined && Object.hasOwn(FLAG_OPTIONS, arg)) {
      options[flag] = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!Object.hasOwn(VALUE_OPTIONS, name)) return undefined;
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    options[VALUE_OPTIONS[name]!] = value;
  }
  return { files, options };
}
