/**
 * The exposure scorer: `systemd-analyze security` reproduced exactly, per systemd release.
 *
 * Input is a raw unit document (drop-ins merged) and its name; the release's data (`releases/`: a
 * generated base table plus that release's differences) drives parsing, implications and the check
 * table; the formula is systemd's integer arithmetic (spec a).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UnitDocument } from '../unit/model';
import { loadUnitFile } from '../unit/load';
import { formatDiagnostic } from '../unit/parse';
import { splitUnitName, unitNameProblem, type UnitName } from '../unit/unit-name';
import { bindRule, evaluateRule, type AnalysisMode, type BoundRule } from './assessors';
import { SecurityPolicyError, UnitLoadError } from './errors';
import { explanationOf } from './explanations';
import { levelRow, type ExposureLevel } from './levels';
import { BUILTIN_POLICY, type CheckOverride, type SecurityPolicy } from './policy';
import { DEFAULT_RELEASE, type SystemdRelease } from './release';
import { RELEASE_DATA } from './releases';
import type { CheckData, ReleaseData } from './release-data';
import { BigIntFormula, ceilDivN, isSmall, NumberFormula } from './formula';
import { buildSecurityRecord, type Scope } from './security-record';
import { rememberRecord } from './report-records';
import type { HostFacts } from '../unit/specifiers';

export { SUPPORTED_RELEASES, DEFAULT_RELEASE, isSystemdRelease, type SystemdRelease } from './release';
export { formatExposure, levelRow, LEVELS, type ExposureLevel, type LevelRow } from './levels';
export { parseSecurityPolicy, BUILTIN_POLICY, type SecurityPolicy, type CheckOverride } from './policy';
export { UnitLoadError, SecurityPolicyError } from './errors';
export type { AnalysisMode } from './assessors';
export { DEFAULT_HOST_FACTS, type HostFacts } from '../unit/specifiers';
export type { Scope } from './security-record';
export type { ReleaseData, CheckData, AssessorRule, ParseFlavour } from './release-data';

/** Options of {@link assessUnit}. */
export interface AssessOptions {
  /** systemd release to reproduce (default: the newest). */
  release?: SystemdRelease;
  /** `offline` (like `--offline=true`, the default) or `live` (a loaded unit's D-Bus view, spec i). */
  mode?: AnalysisMode;
  /** Manager scope: `system` (default) or `user` (`--user`). */
  scope?: Scope;
  /** A `--security-policy` (see parseSecurityPolicy). */
  policy?: SecurityPolicy;
  /**
   * The machine systemd-analyze runs on, for the specifiers that expand to its facts (%H, %m, %b, %o,
   * %w, %h, …). Default: a plain Debian host analysed as root ({@link DEFAULT_HOST_FACTS}).
   */
  host?: HostFacts;
}

/** One row of the report. */
export interface CheckResult {
  name: string;
  jsonField: string;
  /** Effective weight and range (after the policy). */
  weight: number;
  range: number;
  /** null = N/A. */
  badness: number | null;
  /** systemd's ✓ (true), ✗ (false) or blank (null). */
  set: boolean | null;
  /** The row's EXPOSURE in tenths, null when empty. */
  exposure: number | null;
  /** What the outcome means, in our words. */
  description: string;
  explanation: { why: string; fix: string; man: string };
  /** Directives the check read (shared, read-only). */
  readonly reads: readonly string[];
}

/** The verdict on one unit. */
export interface ExposureReport {
  /** Unit name as analysed (a template instantiated). */
  unit: string;
  release: SystemdRelease;
  mode: AnalysisMode;
  scope: Scope;
  /** Overall exposure in tenths, 0…100 (92 = "9.2"). */
  exposure: number;
  level: ExposureLevel;
  /** In systemd's internal table order. */
  checks: CheckResult[];
}

const NO_OVERRIDE: CheckOverride = Object.freeze({});

/**
 * One check as a given policy sees it: effective weight and range, its texts, its frozen report
 * fields. Built once per (release data, policy) so a report only computes badness and exposure.
 */
interface CheckPlan {
  readonly name: string;
  readonly jsonField: string;
  readonly defaultDependenciesOnly: boolean;
  readonly rule: BoundRule;
  readonly weight: number;
  readonly range: number;
  readonly good: string;
  readonly bad: string;
  readonly naRule: string;
  readonly naDefaultDependencies: string;
  readonly naWeight: string;
  readonly explanation: CheckResult['explanation'];
  readonly reads: readonly string[];
}

/** The plans of one (release, policy), and whether Number arithmetic is exact for all of them. */
interface PlanSet {
  readonly plans: readonly CheckPlan[];
  /**
   * Every weight and range is at most SMALL (badness always is: the rules rate 0–10), so every product
   * and sum stays below 2^53; otherwise (huge policy weights) the BigInt formula is used.
   */
  readonly exactInNumbers: boolean;
}

const PLANS = new WeakMap<SecurityPolicy, WeakMap<ReleaseData, PlanSet>>();

function plansFor(data: ReleaseData, policy: SecurityPolicy): PlanSet {
  let byRelease = PLANS.get(policy);
  if (byRelease === undefined) PLANS.set(policy, (byRelease = new WeakMap()));
  let set = byRelease.get(data);
  if (set === undefined) {
    const plans = Object.freeze(data.checks.map((check) => planOf(check, data, policy.overrides[check.jsonField] ?? NO_OVERRIDE)));
    set = Object.freeze({ plans, exactInNumbers: plans.every((p) => isSmall(p.weight) && isSmall(p.range)) });
    byRelease.set(data, set);
  }
  return set;
}

function planOf(check: CheckData, data: ReleaseData, o: CheckOverride): CheckPlan {
  const texts = explanationOf(check);
  const weight = o.weight ?? check.weight;
  const range = o.range ?? check.range;
  return Object.freeze({
    name: check.name,
    jsonField: check.jsonField,
    defaultDependenciesOnly: check.defaultDependenciesOnly,
    rule: bindRule(check.rule, data),
    weight,
    range,
    good: o.descriptionGood ?? texts.good,
    bad: o.descriptionBad ?? texts.bad,
    naRule: o.descriptionNa ?? naReason(check.jsonField, 'rule'),
    naDefaultDependencies: o.descriptionNa ?? naReason(check.jsonField, 'dd'),
    naWeight: o.descriptionNa ?? naReason(check.jsonField, 'weight'),
    explanation: Object.freeze({ why: texts.why, fix: texts.fix, man: texts.man }),
    reads: Object.freeze(check.reads.slice()),
  });
}

/** The name systemd analyses for `name`: a template gets the release's instance name. */
export function analysedUnitName(name: string, release: SystemdRelease = DEFAULT_RELEASE, mode: AnalysisMode = 'offline'): string {
  return analysedName(name, release, mode).name;
}

/** {@link analysedUnitName}, taken apart. */
function analysedName(name: string, release: SystemdRelease, mode: AnalysisMode): UnitName {
  const problem = unitNameProblem(name);
  if (problem) throw new UnitLoadError(name, `not a valid unit name: ${problem}`);
  const parsed = splitUnitName(name);
  if (parsed.kind !== 'template') return parsed;
  const p = RELEASE_DATA[release].parse;
  return splitUnitName(`${parsed.prefix}@${mode === 'live' ? p.liveTemplateInstance : p.templateInstance}.${parsed.type}`);
}

function naReason(jsonField: string, why: 'dd' | 'weight' | 'rule'): string {
  if (why === 'weight') return 'Excluded by the security policy (weight 0)';
  if (why === 'dd') return 'Not assessed because DefaultDependencies=no';
  return jsonField === 'RemoveIPC' || jsonField === 'SupplementaryGroups' ? 'Irrelevant while the service runs as root' : 'Not applicable to this unit';
}

/**
 * Scores a unit exactly like `systemd-analyze security` of the chosen release. `file` is the unit
 * file's real path when there is one (the %y and %Y specifiers expand to it).
 * Throws {@link UnitLoadError} for units systemd refuses to load.
 */
export function assessUnit(unit: { name: string; document: UnitDocument; file?: string }, options: AssessOptions = {}): ExposureReport {
  const release = options.release ?? DEFAULT_RELEASE;
  const mode = options.mode ?? 'offline';
  const scope = options.scope ?? 'system';
  const policy = options.policy ?? BUILTIN_POLICY;
  const data = RELEASE_DATA[release];
  const parsedName = analysedName(unit.name, release, mode);
  const name = parsedName.name;
  if (mode === 'live' && parsedName.type !== 'service') {
    throw new UnitLoadError(name, 'live mode analyses only .service units');
  }
  const record = buildSecurityRecord({
    unit: name, parsedName, document: unit.document, data, scope,
    ...(options.host ? { host: options.host } : {}),
    ...(unit.file !== undefined ? { fragmentPath: unit.file } : {}),
  });

  const { plans, exactInNumbers } = plansFor(data, policy);
  const badness: Array<number | null> = new Array(plans.length);
  const na: Array<string | undefined> = new Array(plans.length);
  // One pass rates every check and sums systemd's formula in Number arithmetic (used when exact).
  let badnessSum = 0;
  let weightSum = 0;
  for (let i = 0; i < plans.length; i++) {
    const plan = plans[i]!;
    let b: number | null = null;
    if (plan.defaultDependenciesOnly && !record.defaultDependencies) na[i] = plan.naDefaultDependencies;
    else if (plan.weight === 0) na[i] = plan.naWeight;
    else {
      b = evaluateRule(plan.rule, record, mode);
      if (b === null) na[i] = plan.naRule;
      else {
        badnessSum += ceilDivN(b * plan.weight, plan.range);
        weightSum += plan.weight;
      }
    }
    badness[i] = b;
  }
  // Larger policy weights: systemd's uint64_t arithmetic with its wraparound.
  const formula = exactInNumbers ? NumberFormula.of(badnessSum, weightSum) : BigIntFormula.of(plans, badness);
  if (formula === undefined) {
    throw new SecurityPolicyError(`${name}: every check is excluded (weight 0 or not applicable); systemd-analyze aborts on this policy`);
  }

  const checks: CheckResult[] = new Array(plans.length);
  for (let i = 0; i < plans.length; i++) {
    const plan = plans[i]!;
    const b = badness[i]!;
    checks[i] = {
      name: plan.name,
      jsonField: plan.jsonField,
      weight: plan.weight,
      range: plan.range,
      badness: b,
      set: b === null ? null : b === 0,
      exposure: b === null || b === 0 ? null : formula.rowExposure(b, plan.weight, plan.range),
      description: b === null ? na[i]! : b === 0 ? plan.good : plan.bad,
      explanation: plan.explanation,
      reads: plan.reads,
    };
  }
  const report: ExposureReport = { unit: name, release, mode, scope, exposure: formula.exposure, level: levelRow(formula.exposure).level, checks };
  rememberRecord(report, record, unit.document, unit.file, options.host);
  return report;
}

/**
 * Reads a unit file with the drop-ins beside it that systemd applies (`NAME.d/`, the template's,
 * dash-prefix and type-wide folders; see lib/unit/load.ts) and scores it. Throws {@link UnitLoadError}
 * when the file cannot be read or systemd would refuse it.
 */
export function assessFile(file: string, options: AssessOptions = {}): ExposureReport {
  const name = path.basename(file);
  const problem = unitNameProblem(name);
  if (problem) throw new UnitLoadError(name, `Failed to prepare filename ${file}: not a valid unit name (${problem})`);
  let stat: fs.Stats | undefined;
  let real: string;
  try {
    stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat === undefined) throw new UnitLoadError(name, `Unit ${name} not found.`);
    // realpath(3) in one call (the JS realpathSync lstat()s every component of the path).
    real = fs.realpathSync.native(file);
  } catch (e) {
    if (e instanceof UnitLoadError) throw e;
    throw new UnitLoadError(name, `cannot read ${file}: ${(e as Error).message}`);
  }
  // An empty file (or a link to /dev/null) masks the unit.
  if (real === '/dev/null' || stat.size === 0) throw new UnitLoadError(name, `Unit ${name} is masked.`);
  // A symlink to another unit file is an alias: systemd loads (and names) the unit by its target.
  const target = path.basename(real);
  const aliasOf = real !== path.resolve(file) && unitNameProblem(target) === undefined ? real : undefined;
  const unitName = aliasOf ? target : name;
  let loaded;
  try {
    loaded = loadUnitFile(aliasOf ?? file);
  } catch (e) {
    throw new UnitLoadError(name, `cannot read ${file}: ${(e as Error).message}`);
  }
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new UnitLoadError(unitName, errors.map(formatDiagnostic).join('; '));
  return assessUnit({ name: unitName, document: loaded.document, file: real }, options);
}

export { renderReportText, summaryLine, displayOrder, glyphsFromEnv, type Glyphs } from './format-report';
