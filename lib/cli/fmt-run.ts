/**
 * The work of `fmt`: each file read safely (regular files only, systemd's line limits; see
 * lib/unit/load.ts), refused with the file and line when systemd would refuse it — invalid UTF-8
 * included, which is never rewritten — and printed in canonical form.
 */
import { loadUnitFile, NotRegularFileError, UnitTooLargeError } from '../unit/load';
import { formatDiagnostic } from '../unit/parse';
import { renderDocument } from '../unit/render';
import { canonicalDocument } from '../unit/canonical';
import '../unit/catalog'; // registers the catalog's directive order for canonical output

/** Formats `files` to stdout (diagnostics to stderr); sets `exit.code` to 1 when one is refused. */
export function runFmt(files: readonly string[], mergeDropIns: boolean, exit: { code: number }): void {
  const many = files.length > 1;
  files.forEach((file, i) => {
    try {
      const unit = loadUnitFile(file, { dropIns: mergeDropIns });
      for (const d of unit.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
      // A drop-in systemd would read only in part is refused too: fmt prints whole files.
      if (unit.diagnostics.some((d) => d.severity === 'error') || unit.dropInErrors.length > 0) {
        exit.code = 1;
        return;
      }
      if (many) process.stdout.write(`${i > 0 ? '\n' : ''}# ${file}\n`);
      process.stdout.write(renderDocument(canonicalDocument(unit.document)));
    } catch (err) {
      const named = err instanceof NotRegularFileError || err instanceof UnitTooLargeError;
      process.stderr.write(`${named ? '' : `${file}: `}${err instanceof Error ? err.message : String(err)}\n`);
      exit.code = 1;
    }
  });
}
