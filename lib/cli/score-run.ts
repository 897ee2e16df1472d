/**
 * The work of `score`, as `systemd-analyze security --offline=true FILE…` does it: options checked
 * first (a bad one prints nothing else and exits 1), the policy read (a bad one: exit 1), then each
 * file in turn — its table and summary line on stdout, or why it cannot be scored on stderr (exit 1,
 * the other files still scored) — and exit 1 when an exposure exceeds `--threshold`.
 */
import { assessUnit, formatExposure, glyphsFromEnv, renderReportText, SecurityPolicyError, UnitLoadError, type ExposureReport, type SecurityPolicy } from '../exposure';
import { BUILTIN_POLICY } from '../exposure/policy';
import { systemdRowOrder } from '../exposure/row-order';
import { parseBoolean } from '../exposure/settings/words';
import { formatDiagnostic } from '../unit/parse';
import { chooseRelease } from './host-release';
import { jsonLine, systemdJson, type SystemdJsonFormat } from './score-json';
import { loadUnitArgument, searchPathOf } from './unit-argument';
import * as path from 'node:path';

/** Options of the `score` verb, as commander hands them over. */
export interface ScoreOptions {
  systemd?: string;
  threshold?: string;
  policy?: string;
  securityPolicy?: string;
  user?: boolean;
  system?: boolean;
  live?: boolean;
  offline?: string;
  json?: string;
  jsonLines?: boolean;
  format?: string;
  pager?: boolean;
}

/** systemd-analyze's --threshold: an integer 0…100 on the tenths scale (default 100). */
function parseThreshold(value: string | undefined): number | Error {
  if (value === undefined) return 100;
  if (!/^[0-9]+$/.test(value) || Number(value) > 100) {
    return new Error(`Failed to parse threshold: ${value} (an integer 0…100 on the tenths scale, e.g. 92 for 9.2)`);
  }
  return Number(value);
}

/** `--json=`: systemd-analyze's values (off = text). */
function parseJson(value: string | undefined): SystemdJsonFormat | 'off' | Error {
  if (value === undefined || value === 'off') return 'off';
  if (value === 'short' || value === 'pretty') return value;
  return new Error(`Unknown argument to --json= switch: ${value} (short, pretty or off)`);
}

/** Scores `files` (see the header); sets `exit.code`. */
export async function runScore(files: readonly string[], opts: ScoreOptions, exit: { code: number }): Promise<void> {
  const fail = (message: string): void => {
    process.stderr.write(`${message}\n`);
    exit.code = 1;
  };
  const json = parseJson(opts.json);
  if (json instanceof Error) return fail(json.message);
  if (opts.format !== undefined && opts.format !== 'sarif') return fail(`Unknown --format: ${opts.format} (sarif)`);
  const sarif = opts.format === 'sarif' ? await import('./score-sarif') : undefined;
  const sarifUnits: Array<import('../report').SarifUnit> = [];
  const offline = opts.offline === undefined ? true : parseBoolean(opts.offline);
  if (offline === undefined) return fail(`Failed to parse boolean argument to --offline: ${opts.offline} (true or false)`);
  const threshold = parseThreshold(opts.threshold);
  if (threshold instanceof Error) return fail(threshold.message);
  const choice = chooseRelease(opts.systemd);
  if (choice instanceof Error) return fail(choice.message);
  if (choice.note) process.stderr.write(`${choice.note}\n`);
  const release = choice.release;
  const policyFile = opts.securityPolicy ?? opts.policy;
  let policy: SecurityPolicy = BUILTIN_POLICY;
  if (policyFile !== undefined) {
    // Loaded only with a policy: most runs have none.
    const { PolicyFileError, readPolicyFile } = await import('./policy-file');
    try {
      policy = readPolicyFile(policyFile, release);
    } catch (e) {
      if (!(e instanceof PolicyFileError || e instanceof SecurityPolicyError)) throw e;
      return fail(`Failed to load security policy '${policyFile}': ${e.message}`);
    }
  }
  const options = { release, policy, scope: opts.user ? ('user' as const) : ('system' as const), mode: opts.live === true || !offline ? ('live' as const) : ('offline' as const) };
  const glyphs = glyphsFromEnv(process.env);
  const searchPath = searchPathOf(files);
  for (const file of files) {
    const arg = loadUnitArgument(file, searchPath);
    if (!arg.ok) {
      for (const line of [...arg.details, ...(arg.systemd === undefined ? [] : [arg.systemd])]) fail(line);
      continue;
    }
    const dir = path.dirname(arg.loaded.file);
    for (const d of arg.loaded.diagnostics) process.stderr.write(`${dir}/${formatDiagnostic(d)}\n`);
    let report: ExposureReport;
    try {
      report = assessUnit({ name: arg.unitName, document: arg.loaded.document, file: arg.fragment }, options);
    } catch (e) {
      if (e instanceof SecurityPolicyError) {
        fail(`Failed to score ${file} with security policy '${policyFile}': ${e.message}`);
        continue;
      }
      if (!(e instanceof UnitLoadError)) throw e;
      // Like systemd: the reason, then "Unit NAME has a bad unit file setting." for refused settings.
      fail(/^(Unit |Failed to prepare)/.test(e.reason) ? e.reason : `${file}: ${e.reason}\nUnit ${e.unit} has a bad unit file setting.`);
      continue;
    }
    if (sarif) {
      sarifUnits.push(sarif.sarifUnitOf(file, report, opts.threshold === undefined ? undefined : threshold));
      if (report.exposure > threshold) exit.code = 1;
      continue;
    }
    const rows = systemdRowOrder(report, { document: arg.loaded.document, file: arg.fragment }, options);
    if (opts.jsonLines) process.stdout.write(jsonLine(file, report, rows));
    else if (json !== 'off') process.stdout.write(systemdJson(rows, json));
    else process.stdout.write(renderReportText(report, glyphs, rows));
    if (report.exposure > threshold) {
      exit.code = 1;
      if (json === 'off' && !opts.jsonLines) process.stderr.write(`${report.unit}: exposure ${formatExposure(report.exposure)} exceeds the threshold ${formatExposure(threshold)}\n`);
    }
  }
  if (sarif) process.stdout.write(sarif.sarifText(sarifUnits));
}
