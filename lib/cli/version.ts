/**
 * `--version`: our package version and the systemd releases whose `systemd-analyze security` we reproduce.
 */
import type { Command } from 'commander';
import { CommanderError } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SUPPORTED_RELEASES } from '../exposure/release';

/** This package's version, from the package.json above this file (in lib/ as in dist/lib/). */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'cdktf-systemd' && typeof pkg.version === 'string') return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

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
