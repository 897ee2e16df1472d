/**
 * `score --format sarif`: every file's failing checks as one SARIF 2.1.0 log (loaded only with that
 * option). The budget of each result's level is `--threshold` when given, else the default budget.
 */
import * as path from 'node:path';
import type { ExposureReport } from '../exposure';
import { sarifReport, type SarifUnit } from '../report';
import { packageVersion } from './package-version';

/** A scored file as a SARIF unit; its location is the file, relative to the working folder. */
export function sarifUnitOf(file: string, report: ExposureReport, budgetTenths: number | undefined): SarifUnit {
  const relative = path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/');
  return { unit: report.unit, file: relative, offline: report, ...(budgetTenths !== undefined ? { budgetTenths } : {}) };
}

/** The log as written: two-space JSON and a final newline. */
export function sarifText(units: readonly SarifUnit[]): string {
  return JSON.stringify(sarifReport(units, { toolVersion: packageVersion() }), null, 2) + '\n';
}
