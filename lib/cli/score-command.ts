/**
 * `cdktf-systemd score [--systemd 252|257|262] [--threshold N] [--policy FILE] [--user] [--live]
 * [--json] FILE…`: a drop-in for `systemd-analyze security --offline=true FILE…` (same numbers,
 * same table shape and exit status; descriptions in our own words).
 */
import * as fs from 'node:fs';
import type { Command } from 'commander';
import {
  assessFile,
  BUILTIN_POLICY,
  DEFAULT_RELEASE,
  displayOrder,
  formatExposure,
  glyphsFromEnv,
  isSystemdRelease,
  parseSecurityPolicy,
  renderReportText,
  SecurityPolicyError,
  SUPPORTED_RELEASES,
  UnitLoadError,
  type ExposureReport,
  type SecurityPolicy,
} from '../exposure';
import { parseBoolean } from '../exposure/settings/words';

interface ScoreOptions {
  systemd: string;
  threshold?: string;
  policy?: string;
  securityPolicy?: string;
  user?: boolean;
  live?: boolean;
  offline?: string;
  json?: boolean | string;
}

/** systemd-analyze's --threshold: an integer 0…100 on the tenths scale. */
function parseThreshold(value: string | undefined): number | undefined | Error {
  if (value === undefined) return 100;
  if (!/^[0-9]+$/.test(value) || Number(value) > 100) {
    return new Error(`Failed to parse threshold: ${value} (an integer 0…100 on the tenths scale, e.g. 92 for 9.2)`);
  }
  return Number(value);
}

/** One JSON line of `--json`. */
function jsonLine(file: string, report: ExposureReport, pretty = false): string {
  return JSON.stringify(
    {
    unit: report.unit,
    file,
    systemd: report.release,
    overall: report.exposure / 10,
    level: report.level,
    checks: displayOrder(report.checks).map((c) => ({
      name: c.name,
      json_field: c.jsonField,
      set: c.set,
      exposure: c.exposure === null ? null : c.exposure / 10,
      description: c.description,
    })),
    },
    null,
    pretty ? 2 : undefined,
  );
}

/** Registers the `score` verb. */
export function registerScore(program: Command, exit: { code: number }): void {
  program
    .command('score')
    .description('score unit files exactly like `systemd-analyze security --offline=true` of a systemd release')
    .option('--systemd <release>', `systemd release to reproduce (${SUPPORTED_RELEASES.join(', ')})`, DEFAULT_RELEASE)
    .option('--threshold <N>', 'fail (exit 1) when a unit exposure exceeds N tenths (0…100), like systemd-analyze --threshold')
    .option('--policy <file>', 'a systemd-analyze --security-policy JSON file')
    .option('--security-policy <file>', 'same as --policy (systemd-analyze spelling)')
    .option('--user', 'analyse in user scope (--user)')
    .option('--live', 'use the live-mode rules (as for a loaded unit) instead of offline')
    .option('--offline <bool>', 'systemd-analyze spelling: --offline=true (default) or --offline=false (= --live)')
    .option('--json [format]', 'print one JSON object per unit per line (short, the default), indented (pretty), or text (off)')
    .argument('[files...]', 'unit files (drop-in folders beside them apply, as with systemd-analyze)')
    .action((files: string[], opts: ScoreOptions) => {
      const fail = (message: string): void => {
        process.stderr.write(`${message}\n`);
        exit.code = 1;
      };
      if (!isSystemdRelease(opts.systemd)) return fail(`Unknown systemd release '${opts.systemd}' (one of ${SUPPORTED_RELEASES.join(', ')})`);
      const release = opts.systemd;
      const policyFile = opts.policy ?? opts.securityPolicy;
      const offline = opts.offline === undefined ? true : parseBoolean(opts.offline);
      if (offline === undefined) return fail(`Failed to parse --offline value: ${opts.offline} (true or false)`);
      const live = opts.live === true || !offline;
      // `--json FILE` (no format): commander hands FILE to --json as its optional value; give it back.
      if (typeof opts.json === 'string' && !['short', 'pretty', 'off'].includes(opts.json)) {
        files.unshift(opts.json);
        opts.json = true;
      }
      if (files.length === 0) return fail('No unit files given (score FILE…)');
      const json = opts.json === undefined || opts.json === 'off' ? undefined : opts.json === 'pretty' ? 'pretty' : 'short';
      const threshold = parseThreshold(opts.threshold);
      if (threshold instanceof Error) return fail(threshold.message);
      let policy: SecurityPolicy = BUILTIN_POLICY;
      if (policyFile !== undefined) {
        try {
          policy = parseSecurityPolicy(fs.readFileSync(policyFile, 'utf8'), release);
        } catch (e) {
          const why = e instanceof SecurityPolicyError ? e.message : (e as Error).message;
          return fail(`Failed to load security policy '${policyFile}': ${why}`);
        }
      }
      const glyphs = glyphsFromEnv(process.env);
      for (const file of files) {
        let report: ExposureReport;
        try {
          report = assessFile(file, { release, policy, scope: opts.user ? 'user' : 'system', mode: live ? 'live' : 'offline' });
        } catch (e) {
          if (e instanceof SecurityPolicyError) {
            fail(`Failed to score ${file} with security policy '${policyFile}': ${e.message}`);
            continue;
          }
          if (!(e instanceof UnitLoadError)) throw e;
          // Like systemd: the reason, then "Unit NAME has a bad unit file setting." for refused settings.
          const plain = /^(Unit |Failed to prepare)/.test(e.reason);
          fail(plain ? e.reason : `${file}: ${e.reason}\nUnit ${e.unit} has a bad unit file setting.`);
          continue;
        }
        process.stdout.write(json ? `${jsonLine(file, report, json === 'pretty')}\n` : renderReportText(report, glyphs));
        if (report.exposure > (threshold ?? 100)) {
          exit.code = 1;
          if (!json) process.stderr.write(`${report.unit}: exposure ${formatExposure(report.exposure)} exceeds the threshold ${formatExposure(threshold ?? 100)}\n`);
        }
      }
    });
}
