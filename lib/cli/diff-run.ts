/**
 * The work of `diff`: two exposure-report.json files are compared unit by unit (by construct path);
 * two unit files are scored (offline and live, with the drop-ins beside them) and compared.
 */
import * as fs from 'node:fs';
import { UnitLoadError } from '../exposure';
import { diffReports, diffUnitFiles, formatDiff, type ReportDiff } from '../report';
import type { ReportedUnits } from '../report/diff';
import { chooseRelease } from './host-release';

/** An exposure-report.json, or undefined when `file` is not one (then it is a unit file). */
function readReport(file: string): ReportedUnits | undefined {
  if (!file.endsWith('.json')) return undefined;
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ReportedUnits> | null;
  if (!data || !Array.isArray(data.units)) throw new Error(`${file}: not an exposure report (expected {"units": […]})`);
  return data as ReportedUnits;
}

/** Prints the diff of `oldFile` and `newFile`; exit 1 when a unit got worse, 2 when they cannot be read. */
export function runDiff(oldFile: string, newFile: string, opts: { systemd?: string; user?: boolean }, exit: { code: number }): void {
  let diff: ReportDiff;
  try {
    const [before, after] = [readReport(oldFile), readReport(newFile)];
    if ((before === undefined) !== (after === undefined)) throw new Error('compare two unit files or two exposure-report.json files, not one of each');
    if (before && after) diff = diffReports(before, after);
    else {
      const choice = chooseRelease(opts.systemd);
      if (choice instanceof Error) throw choice;
      if (choice.note) process.stderr.write(`${choice.note}\n`);
      diff = diffUnitFiles(oldFile, newFile, { release: choice.release, scope: opts.user ? 'user' : 'system' });
    }
  } catch (err) {
    process.stderr.write(`${err instanceof UnitLoadError ? err.message : (err as Error).message}\n`);
    exit.code = 2;
    return;
  }
  process.stdout.write(formatDiff(diff));
  exit.code = diff.exitCode;
}
