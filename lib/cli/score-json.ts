/**
 * JSON output of `score`:
 * - `--json=short|pretty`: systemd-analyze's own shape for the same release — one array per unit of
 *   `{"set","name","json_field","description","exposure"}` in the table's row order, `exposure` a
 *   string like "0.4" or null, `set` true/false/null; `short` on one line, `pretty` indented with tabs
 *   and " : " between key and value (as systemd's JSON formatter prints them). Descriptions are ours.
 * - `--json-lines`: our richer object per unit per line: unit, file, release, overall exposure, level
 *   and every check with the same fields (exposure as a number).
 */
import { formatExposure, type CheckResult, type ExposureReport } from '../exposure';

/** systemd-analyze's `--json=` formats that print JSON. */
export type SystemdJsonFormat = 'short' | 'pretty';

function systemdRow(c: CheckResult): Array<[string, boolean | string | null]> {
  return [
    ['set', c.set],
    ['name', c.name],
    ['json_field', c.jsonField],
    ['description', c.description],
    ['exposure', c.exposure === null ? null : formatExposure(c.exposure)],
  ];
}

/** One unit's array as `systemd-analyze security --json=FORMAT` prints it (ending in "\n"). */
export function systemdJson(rows: readonly CheckResult[], format: SystemdJsonFormat): string {
  if (format === 'short') return `${JSON.stringify(rows.map((c) => Object.fromEntries(systemdRow(c))))}\n`;
  const objects = rows.map((c) => `\t{\n${systemdRow(c).map(([k, v]) => `\t\t${JSON.stringify(k)} : ${JSON.stringify(v)}`).join(',\n')}\n\t}`);
  return `[\n${objects.join(',\n')}\n]\n`;
}

/** One `--json-lines` line (ending in "\n"): our own per-unit object, checks in the table's row order. */
export function jsonLine(file: string, report: ExposureReport, rows: readonly CheckResult[]): string {
  const obj = {
    unit: report.unit,
    file,
    systemd: report.release,
    overall: report.exposure / 10,
    level: report.level,
    checks: rows.map((c) => ({
      name: c.name,
      json_field: c.jsonField,
      set: c.set,
      exposure: c.exposure === null ? null : c.exposure / 10,
      description: c.description,
    })),
  };
  return `${JSON.stringify(obj)}\n`;
}
