/**
 * `exposure-report.sarif` (SARIF 2.1.0) for code scanning: one rule per exposure check, one result
 * per failing or acknowledged check per unit, at the line of TypeScript that declared the unit (else
 * at the unit file). The level follows the check's share of the unit's budget; acknowledged checks
 * are results with a suppression that carries the reason and the expiry.
 */
import { createHash } from 'node:crypto';
import { formatExposure, type CheckResult, type ExposureReport, type SystemdRelease } from '../exposure';
import { DEFAULT_BUDGET, evaluateBudget } from '../policy/budget';
import type { ReportUnit } from './model';
import { checkRules } from './rules';
import type { SarifLevel, SarifLocation, SarifLog, SarifResult } from './sarif-types';
import type { SourceLocation } from './source-location';

/** The schema the log names (the OASIS standard with its approved errata). */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The base locations are relative to; GitHub code scanning maps it to the checkout. */
export const SRCROOT = '%SRCROOT%';

/** The base of unit-file locations when the stack folder is outside the repository (e.g. a temporary outdir). */
export const STACKDIR = 'STACKDIR';

/**
 * Shares of the budget from which a failing check is a SARIF `error` or `warning` (else a `note`): a
 * check that alone costs half the budget is an error. In a unit over its budget every failing check
 * is one level higher (it is part of why synth fails); a failing required check is always an error.
 */
export const SARIF_LEVEL_SHARES = { error: 0.5, warning: 0.2 } as const;

/** An acknowledged check: excused by the policy, reported as a suppressed result. */
export interface SarifAcknowledgement {
  readonly jsonField: string;
  readonly reason: string;
  /** `YYYY-MM-DD`. */
  readonly expires?: string;
  /** What the check costs without the acknowledgement, in tenths. */
  readonly exposure: number;
}

/** One unit to report. */
export interface SarifUnit {
  readonly unit: string;
  readonly host?: string;
  /** Construct path (`example/web1/website`), as a logical location. */
  readonly constructPath?: string;
  /** The unit file, relative to `fileBase` (`cdktf.out/stacks/example/units/web1/website.service`). */
  readonly file: string;
  /** The uriBaseId of `file`. @default SRCROOT (the repository root) */
  readonly fileBase?: string;
  /** The TypeScript line that declared the unit (relative to the repository root); the primary location when known. */
  readonly declaredAt?: SourceLocation;
  /** The offline report with the policy applied (acknowledged checks have weight 0). */
  readonly offline: ExposureReport;
  /** The live report, when the unit was scored live too. */
  readonly live?: ExposureReport;
  /** Budget in tenths. @default DEFAULT_BUDGET (49) */
  readonly budgetTenths?: number;
  /** json_fields of required checks (a failing one is an `error`). */
  readonly requiredChecks?: readonly string[];
  readonly acknowledged?: readonly SarifAcknowledgement[];
}

/** Options of {@link sarifReport}. */
export interface SarifOptions {
  /** `tool.driver.version`. */
  readonly toolVersion?: string;
  /** Absolute `file://` URI of the repository root, written as `originalUriBaseIds` (omit for portable logs). */
  readonly srcRoot?: string;
}

/** The level of a failing check from its share of the budget (see {@link SARIF_LEVEL_SHARES}). */
export function sarifLevel(exposureTenths: number, budgetTenths: number, options: { readonly required?: boolean; readonly overBudget?: boolean } = {}): SarifLevel {
  if (options.required) return 'error';
  const share = budgetTenths === 0 ? (exposureTenths > 0 ? Infinity : 0) : exposureTenths / budgetTenths;
  const rank = share >= SARIF_LEVEL_SHARES.error ? 2 : share >= SARIF_LEVEL_SHARES.warning ? 1 : 0;
  return (['note', 'warning', 'error'] as const)[Math.min(2, rank + (options.overBudget ? 1 : 0))]!;
}

const failing = (c: CheckResult | undefined): c is CheckResult => c !== undefined && (c.badness ?? 0) > 0;

function locations(u: SarifUnit): { locations: SarifLocation[]; relatedLocations?: SarifLocation[] } {
  const logical = [{ name: u.unit, fullyQualifiedName: u.constructPath ?? (u.host ? `${u.host}/${u.unit}` : u.unit), kind: 'resource' }];
  const unitFile: SarifLocation = { physicalLocation: { artifactLocation: { uri: u.file, uriBaseId: u.fileBase ?? SRCROOT } }, logicalLocations: logical };
  if (!u.declaredAt) return { locations: [unitFile] };
  const d = u.declaredAt;
  return {
    locations: [{ physicalLocation: { artifactLocation: { uri: d.file, uriBaseId: SRCROOT }, region: { startLine: d.line, startColumn: d.column } }, logicalLocations: logical }],
    relatedLocations: [{ id: 1, ...unitFile, message: { text: `the unit file ${u.unit}` } }],
  };
}

/** A stable identity of the alert (unit and check), so it survives lines moving in the code. */
function fingerprint(u: SarifUnit, jsonField: string): string {
  return createHash('sha256').update(`${u.constructPath ?? u.host ?? ''}\0${u.unit}\0${jsonField}`).digest('hex').slice(0, 32);
}

const tenthsText = (t: number | null | undefined): string => formatExposure(t ?? 0);

function unitResults(u: SarifUnit, ruleIndex: ReadonlyMap<string, number>): SarifResult[] {
  const budget = u.budgetTenths ?? Math.round(DEFAULT_BUDGET * 10);
  const release: SystemdRelease = u.offline.release;
  const where = locations(u);
  const overBudget = u.offline.exposure > budget || (u.live !== undefined && u.live.exposure > budget);
  const out: Array<{ worst: number; result: SarifResult }> = [];
  const common = (field: string) => ({ ruleId: field, ruleIndex: ruleIndex.get(field) ?? -1, ...where, partialFingerprints: { 'cdktfSystemdUnitCheck/v1': fingerprint(u, field) } });
  for (const off of u.offline.checks) {
    const live = u.live?.checks.find((c) => c.jsonField === off.jsonField);
    const offFails = failing(off);
    const liveFails = failing(live);
    if (!offFails && !liveFails) continue;
    const worst = Math.max(offFails ? (off.exposure ?? 0) : 0, liveFails ? (live!.exposure ?? 0) : 0);
    const required = (u.requiredChecks ?? []).includes(off.jsonField);
    const modes = offFails && liveFails ? 'offline and live' : offFails ? 'offline only' : 'live only';
    const described = (offFails ? off : live!).description;
    const why = required ? '; it is a required check' : overBudget ? `; the unit is over its budget (exposure ${tenthsText(Math.max(u.offline.exposure, u.live?.exposure ?? 0))})` : '';
    const text = `${u.unit}: ${described}. ${off.name} costs ${tenthsText(worst)} of the exposure budget ${tenthsText(budget)} (${modes}, systemd ${release})${why}.`;
    out.push({
      worst,
      result: {
        ...common(off.jsonField),
        level: sarifLevel(worst, budget, { required, overBudget }),
        message: { text },
        properties: { unit: u.unit, ...(u.host ? { host: u.host } : {}), systemd: release, offline: offFails ? Number(tenthsText(off.exposure)) : null, live: liveFails ? Number(tenthsText(live!.exposure)) : null, budget: Number(tenthsText(budget)), required },
      },
    });
  }
  for (const a of u.acknowledged ?? []) {
    const check = u.offline.checks.find((c) => c.jsonField === a.jsonField);
    if (!check) continue;
    const text = `${u.unit}: ${check.name} acknowledged${a.expires ? ` until ${a.expires}` : ''}: ${a.reason}. Without the acknowledgement it costs ${tenthsText(a.exposure)} of the exposure budget ${tenthsText(budget)} (systemd ${release}).`;
    out.push({
      worst: a.exposure,
      result: {
        ...common(a.jsonField),
        level: sarifLevel(a.exposure, budget),
        message: { text },
        suppressions: [{ kind: 'inSource', justification: a.reason, ...(a.expires ? { properties: { expires: a.expires } } : {}) }],
        properties: { unit: u.unit, ...(u.host ? { host: u.host } : {}), systemd: release, offline: Number(tenthsText(a.exposure)), budget: Number(tenthsText(budget)), acknowledged: true },
      },
    });
  }
  // costliest first; ties in rule order (systemd's table order)
  return out.sort((x, y) => y.worst - x.worst || x.result.ruleIndex - y.result.ruleIndex).map((r) => r.result);
}

/** The SARIF log of a set of units (deterministic: units in the order given, results costliest first). */
export function sarifReport(units: readonly SarifUnit[], options: SarifOptions = {}): SarifLog {
  const releases = [...new Set(units.map((u) => u.offline.release))];
  const rules = checkRules(releases.length > 0 ? releases : ['262']);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cdktf-systemd', ...(options.toolVersion ? { version: options.toolVersion } : {}), rules } },
        ...(options.srcRoot ? { originalUriBaseIds: { [SRCROOT]: { uri: options.srcRoot.endsWith('/') ? options.srcRoot : `${options.srcRoot}/` } } } : {}),
        columnKind: 'utf16CodeUnits',
        results: units.flatMap((u) => unitResults(u, ruleIndex)),
      },
    ],
  };
}

/**
 * The units of a stack report as SARIF units. `stackFolder` is the stack folder relative to the
 * repository root (`cdktf.out/stacks/example`), so that unit-file locations resolve in the checkout;
 * undefined when the folder is outside the repository: unit files are then relative to {@link STACKDIR}
 * (and the log does not depend on where the folder is).
 */
export function sarifUnitsOf(units: readonly ReportUnit[], stackFolder: string | undefined): SarifUnit[] {
  const base = stackFolder === undefined || stackFolder === '' ? '' : `${stackFolder.replace(/\/$/, '')}/`;
  return [...units]
    .sort((a, b) => (a.entry.path < b.entry.path ? -1 : a.entry.path > b.entry.path ? 1 : 0))
    .map((u) => {
      const { offline, live } = u.entry;
      // What an acknowledged check would cost: the unit scored with the policy minus its acknowledgements.
      const unit = { name: u.entry.unit, document: u.document };
      const plain = offline.acknowledged.length > 0 ? evaluateBudget(unit, { ...u.policy, acknowledgements: [] }, { release: offline.release }).report : undefined;
      const acknowledged = offline.acknowledged.flatMap(({ acknowledgement: a, check }) => {
        const c = plain?.checks.find((x) => x.jsonField === check.jsonField);
        if (!failing(c)) return []; // passes anyway: nothing to excuse
        return [{ jsonField: check.jsonField, reason: a.reason, ...(a.expires ? { expires: a.expires } : {}), exposure: c.exposure ?? 0 }];
      });
      const requiredChecks = offline.requiredFailures.map((c) => c.jsonField);
      return {
        unit: u.entry.unit,
        host: u.entry.host,
        constructPath: u.entry.path,
        file: `${base}${u.unitFile}`,
        ...(stackFolder === undefined ? { fileBase: STACKDIR } : {}),
        ...(u.declaredAt ? { declaredAt: u.declaredAt } : {}),
        offline: offline.report,
        live: live.report,
        budgetTenths: offline.budgetTenths,
        ...(requiredChecks.length ? { requiredChecks } : {}),
        ...(acknowledged.length ? { acknowledged } : {}),
      };
    });
}
