/**
 * `--version`: our package version and the systemd releases whose `systemd-analyze security` we reproduce.
 */
import type { Command } from 'commander';
import { CommanderError } from 'commander';
import { SUPPORTED_RELEASES } from '../exposure/release';
import { packageVersion } from './package-version';

export { packageVersion } from './package-version';

/** The text `--version` prints. */
export function versionText(): string {
  return `cdktf-systemd ${packageVersion()}\nscore reproduces systemd-analyze security of systemd ${SUPPORTED_RELEASES.join(', ')}`;
}

/**
 * Adds `--version` to a command. The text is made only when asked for (commander's own .version()
 * wants it up front, which would read package.json on every run).
 */
export function addVersionOption(command: Command): void {
  command.option('--version', 'print the version and the systemd releases reproduced').on('option:version', () => {
    process.stdout.write(`${versionText()}\n`);
    throw new CommanderError(0, 'commander.version', versionText());
  });
}
