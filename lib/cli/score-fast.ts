/**
 * The start of `cdktf-systemd score …` as bin/cdktf-systemd.js runs it: a line that score-argv.ts
 * understands is scored without commander or any other verb's modules; when the host's release is
 * to be asked, `systemd-analyze --version` starts first and runs while the scorer loads. Any other
 * line goes to main.ts (commander).
 */
import { readScoreArgv } from './score-argv';

/**
 * Runs `argv` (as in process.argv) when it is a plain `score` line and resolves to the exit code;
 * undefined when main() must read it.
 */
export function scoreFast(argv: readonly string[]): Promise<number> | undefined {
  const line = readScoreArgv(argv);
  if (line === undefined) return undefined;
  const { files, options } = line;
  // The host is asked early only when runScore() would surely ask it: no release given and none of
  // the options checked before that (a bad one ends the run before the host is asked).
  const early = [options.systemd, options.json, options.format, options.offline, options.threshold].every((o) => o === undefined);
  const hostVersion = early ? (require('./host-release') as typeof import('./host-release')).hostSystemdVersionAsync() : undefined;
  const exit = { code: 0 };
  const { runScore } = require('./score-run') as typeof import('./score-run');
  return runScore(files, options, exit, hostVersion).then(() => exit.code);
}
