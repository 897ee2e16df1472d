/**
 * The search path of a `score` command line (see unit-argument.ts): kept apart so that the main
 * thread of a parallel batch computes it without loading the unit reader.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** realpath(3) of `file`, or undefined when it cannot be resolved. */
export function safeRealpath(file: string): string | undefined {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return undefined;
  }
}

/** The search path of a command line: each FILE's folder, as given and resolved (systemd keeps both). */
export function searchPathOf(files: readonly string[]): string[] {
  const dirs = new Set<string>();
  const resolved = new Set<string>();
  for (const f of files) {
    const dir = path.dirname(path.resolve(f));
    dirs.add(dir);
    // Each folder resolved once: a batch of thousands of files mostly shares a few folders.
    if (resolved.has(dir)) continue;
    resolved.add(dir);
    const real = safeRealpath(dir);
    if (real !== undefined) dirs.add(real);
  }
  return [...dirs];
}
