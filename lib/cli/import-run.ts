/**
 * The work of `import`: plans and writes the module (lib/import; ts-morph is required there lazily,
 * so only this verb loads it). Files that cannot be imported are named with the reason — the
 * parser's errors, with file and line, when systemd would refuse them — and make the exit status 1;
 * the others are still written.
 */
import * as fs from 'node:fs';
import { importUnits } from '../import/import-units';
import { isSystemdRelease, SUPPORTED_RELEASES } from '../exposure/release';
import { formatDiagnostic } from '../unit/parse';
import type { ImportCommandOptions } from './import-command';

/** Imports `files`; the module goes to `opts.out` or stdout, problems to stderr. */
export function runImport(files: readonly string[], opts: ImportCommandOptions, exit: { code: number }): void {
  if (opts.systemd !== undefined && !isSystemdRelease(opts.systemd)) {
    process.stderr.write(`--systemd: unknown release '${opts.systemd}' (supported: ${SUPPORTED_RELEASES.join(', ')})\n`);
    exit.code = 1;
    return;
  }
  const result = importUnits(files, {
    onError: 'skip',
    ...(opts.host !== undefined ? { hostId: opts.host } : {}),
    ...(opts.systemd !== undefined && isSystemdRelease(opts.systemd) ? { systemd: opts.systemd } : {}),
    ...(opts.mergeDropins ? { mergeDropIns: true } : {}),
    ...(opts.suggest ? { suggest: true } : {}),
  });
  for (const s of result.skipped) {
    process.stderr.write(`${s.message}\n`);
    for (const d of s.cause?.diagnostics ?? []) process.stderr.write(`  ${formatDiagnostic(d)}\n`);
  }
  if (result.skipped.length > 0) exit.code = 1;
  if (result.units.length === 0) {
    process.stderr.write('import: nothing to write\n');
    exit.code = 1;
    return;
  }
  if (opts.out !== undefined) {
    fs.writeFileSync(opts.out, result.text);
    const raw = result.units.filter((u) => u.rawSettings.length > 0).length;
    process.stderr.write(`import: wrote ${result.units.length} unit${result.units.length === 1 ? '' : 's'} to ${opts.out}${raw > 0 ? ` (${raw} with raw entries, each commented)` : ''}\n`);
  } else process.stdout.write(result.text);
}
