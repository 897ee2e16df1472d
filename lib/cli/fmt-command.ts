/**
 * `cdktf-systemd fmt [--merge-dropins] FILE…`: prints units in canonical form.
 */
import type { Command } from 'commander';
import { loadUnitFile } from '../unit/load';
import { formatDiagnostic } from '../unit/parse';
import { renderDocument } from '../unit/render';
import { canonicalDocument } from '../unit/canonical';
import '../unit/catalog'; // registers the catalog's directive order for canonical output

/** Registers the `fmt` verb. */
export function registerFmt(program: Command, exit: { code: number }): void {
  program
    .command('fmt')
    .description('print unit files in canonical form (sections and directives in canonical order)')
    .option('--merge-dropins', 'merge the drop-ins beside each file that systemd applies (NAME.d/, template, dash-prefix and type-wide folders) into its output')
    .argument('<files...>', 'unit files')
    .action((files: string[], opts: { mergeDropins?: boolean }) => {
      const many = files.length > 1;
      files.forEach((file, i) => {
        try {
          const unit = loadUnitFile(file, { dropIns: opts.mergeDropins === true });
          for (const d of unit.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
          if (unit.diagnostics.some((d) => d.severity === 'error')) {
            exit.code = 1;
            return;
          }
          if (many) process.stdout.write(`${i > 0 ? '\n' : ''}# ${file}\n`);
          process.stdout.write(renderDocument(canonicalDocument(unit.document)));
        } catch (err) {
          process.stderr.write(`${file}: ${err instanceof Error ? err.message : String(err)}\n`);
          exit.code = 1;
        }
      });
    });
}
