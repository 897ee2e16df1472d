/** The work of `baseline`: write or check the ratchet baseline from a synthesized exposure report. */
import * as fs from 'node:fs';
import { compareBaseline, ratchetErrors, ratchetNotices, readBaseline, writeBaseline } from '../report';
import type { ReportedUnits } from '../report/diff';

/** Writes `file` from `reportFile`, or with `check` compares them; exit 1 on a rise, 2 on unreadable input. */
export function runBaseline(reportFile: string, file: string, check: boolean, exit: { code: number }): void {
  let report: ReportedUnits;
  try {
    const data = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Partial<ReportedUnits> | null;
    if (!data || !Array.isArray(data.units)) throw new Error(`${reportFile}: not an exposure report (expected {"units": […]})`);
    report = data as ReportedUnits;
    if (!check) {
      const written = writeBaseline(file, report);
      process.stdout.write(`baseline: wrote ${Object.keys(written.units).length} units to ${file}\n`);
      return;
    }
    const baseline = readBaseline(file);
    if (!baseline) throw new Error(`${file}: no baseline yet (write one with: cdktf-systemd baseline ${reportFile} --file ${file})`);
    const comparison = compareBaseline(file, baseline, report);
    for (const line of ratchetNotices(comparison)) process.stdout.write(`${line}\n`);
    const errors = ratchetErrors(comparison, { paths: true });
    for (const line of errors) process.stderr.write(`${line}\n`);
    exit.code = errors.length > 0 ? 1 : 0;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    exit.code = 2;
  }
}
