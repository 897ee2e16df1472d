/**
 * Exposure budgets: a ceiling on a unit's exposure, checks that must pass whatever the total, and
 * acknowledgements that excuse a check with a written reason (until an optional expiry date).
 *
 * A policy compiles to systemd's own `--security-policy` JSON (acknowledged checks get weight 0, custom
 * weights are kept), so the number we check at synth time is the number `systemd-analyze security
 * --security-policy=… --threshold=…` checks on the host.
 */
import type { UnitDocument } from '../unit/model';
import { parseUnitName } from '../unit/unit-name';
import type { AnalysisMode, CheckResult, ExposureReport, SecurityPolicy, SystemdRelease } from '../exposure';
import { assessUnit, formatExposure, parseSecurityPolicy } from '../exposure';
import { BREAKAGE_COST, CHECK_FIXES, type BreakageClass, type CheckFix, describeFix } from './fixes';
import { planFixes, type PlanSearch } from './planner';
import { budgetProblem, isCalendarDate } from './validate';

/** Excuses one check, with a reason a reviewer can read. */
export interface Acknowledgement {
  /** The check: its json_field (`PrivateNetwork`) or its name as systemd prints it (`PrivateNetwork=`). */
  readonly check: string;
  /** Why the service cannot pass this check (at least 10 characters). */
  readonly reason: string;
  /** ISO date `YYYY-MM-DD`; from that day on the check counts again. */
  readonly expires?: string;
}

/** A per-check override in systemd's `--security-policy` format. */
export interface CheckWeight {
  readonly weight?: number;
  readonly range?: number;
}

/** The exposure policy of a service (or the default of a stack). */
export interface ExposurePolicy {
  /** Highest acceptable exposure, on systemd's 0.0–10.0 scale with one decimal (e.g. 4.5). */
  readonly budget?: number;
  /** Checks that must pass (badness 0) whatever the total, e.g. `['PrivateNetwork']` for batch jobs. */
  readonly requiredChecks?: readonly string[];
  readonly acknowledgements?: readonly Acknowledgement[];
  /** Custom weights/ranges by json_field (systemd's `--security-policy` JSON). */
  readonly weights?: Readonly<Record<string, CheckWeight>>;
  /** Treat warnings (e.g. a directive the target systemd does not know) as errors. */
  readonly strict?: boolean;
  /**
   * Directives (`PrivateNetwork`), candidate ids or checks (`RestrictAddressFamilies_AF_INET_INET6`)
   * the proposed fixes must leave alone, e.g. a server's network. Acknowledged checks are kept anyway.
   */
  readonly keep?: readonly string[];
}

/** The budget when neither the service nor its stack sets one: 4.9, the top of systemd's "OK" level. */
export const DEFAULT_BUDGET = 4.9;

/** Converts a budget like 4.5 to systemd's integer tenths (45); throws on anything else. */
export function budgetToTenths(budget: number): number {
  const problem = budgetProblem(budget);
  if (problem) throw new Error(`exposure budget ${problem}`);
  return Math.round(budget * 10);
}

/** A fix the report proposes, with the exposure it brings the unit to. */
export interface ProposedFix {
  /** The check it improves most at its turn (as it was before the fix). */
  readonly check: CheckResult;
  readonly fix: CheckFix;
  /** Exposure (tenths) after this and all earlier proposed fixes. */
  readonly exposureAfter: number;
  /** Exposure (tenths) this fix gains at its turn (0 or below when it pays off only with later ones). */
  readonly gain: number;
  /** Every check whose badness it lowered at its turn, costliest first (`check` is the first). */
  readonly checks: readonly CheckResult[];
  /** Its breakage class, the class's cost in the planner's tie-break, and what it may break. */
  readonly breakage: { readonly class: BreakageClass; readonly cost: number; readonly mayBreak?: string };
  /** How the planner's search went (one object shared by the fixes of a verdict). */
  readonly search: PlanSearch;
}

/** Outcome of checking one unit against its policy. */
export interface BudgetVerdict {
  readonly unit: string;
  readonly release: SystemdRelease;
  readonly budgetTenths: number;
  /** The report with the policy applied (acknowledged checks have weight 0). */
  readonly report: ExposureReport;
  readonly withinBudget: boolean;
  /** Checks that cost the most, highest first. */
  readonly costliest: readonly CheckResult[];
  /** Smallest set of settings, best first, that brings the unit within budget (when over it). */
  readonly fixes: readonly ProposedFix[];
  readonly acknowledged: ReadonlyArray<{ readonly acknowledgement: Acknowledgement; readonly check: CheckResult }>;
  readonly expired: readonly Acknowledgement[];
  readonly requiredFailures: readonly CheckResult[];
  /** Problems with the policy itself (unknown check names, missing reasons). */
  readonly policyErrors: readonly string[];
  /** True when the unit is within budget, passes its required checks and the policy is valid. */
  readonly ok: boolean;
}

/** Options of {@link evaluateBudget}. */
export interface EvaluateOptions {
  readonly release?: SystemdRelease;
  /** "Today" for acknowledgement expiry (default: now). */
  readonly today?: Date;
  /** Score as `systemd-analyze security --offline=true` (default) or as the running manager does. */
  readonly mode?: AnalysisMode;
  /** Search the fewest settings that bring an over-budget unit within budget (default true; costly). */
  readonly proposeFixes?: boolean;
}

function todayIso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Finds the check a policy names, by json_field or printed name (with or without the trailing `=`). */
export function resolveCheck(checks: readonly CheckResult[], name: string): CheckResult | undefined {
  return checks.find((c) => c.jsonField === name || c.name === name || c.name === `${name}=`);
}

function suggestCheck(checks: readonly CheckResult[], name: string): string {
  const lower = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const hit = checks.find((c) => c.jsonField.toLowerCase().replace(/[^a-z0-9]/g, '').includes(lower));
  return hit ? ` (did you mean ${hit.jsonField}?)` : '';
}

/** Checks an acknowledgement's shape; returns the problems found. */
export function acknowledgementProblems(a: Acknowledgement): string[] {
  const problems: string[] = [];
  if (typeof a.reason !== 'string' || a.reason.trim().length < 10) {
    problems.push(`acknowledgement of ${a.check} needs a reason of at least 10 characters saying why the check cannot pass`);
  }
  if (a.expires !== undefined && !isCalendarDate(a.expires)) {
    problems.push(`acknowledgement of ${a.check}: expires must be a calendar date YYYY-MM-DD, got '${a.expires}'`);
  }
  return problems;
}

/** The unit's own section, where exec and sandboxing settings live (`Service` for foo.service …). */
export function execSectionOf(unitName: string): string {
  const t = parseUnitName(unitName).type;
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/**
 * Scores a unit against its policy and, when it is over budget, finds the fewest settings that bring it
 * within budget (greedy on the real re-scored exposure, largest gain first).
 */
export function evaluateBudget(
  unit: { readonly name: string; readonly document: UnitDocument },
  policy: ExposurePolicy,
  options: EvaluateOptions = {},
): BudgetVerdict {
  const release = options.release;
  const mode = options.mode ?? 'offline';
  const today = todayIso(options.today ?? new Date());
  const budgetTenths = budgetToTenths(policy.budget ?? DEFAULT_BUDGET);
  const plain = assessUnit(unit, { mode, ...(release ? { release } : {}) });
  const policyErrors: string[] = [];

  const active: Acknowledgement[] = [];
  const expired: Acknowledgement[] = [];
  for (const a of policy.acknowledgements ?? []) {
    policyErrors.push(...acknowledgementProblems(a));
    if (!resolveCheck(plain.checks, a.check)) {
      policyErrors.push(`acknowledgement names unknown check '${a.check}'${suggestCheck(plain.checks, a.check)}`);
      continue;
    }
    if (a.expires !== undefined && a.expires <= today) expired.push(a);
    else active.push(a);
  }
  for (const r of policy.requiredChecks ?? []) {
    if (!resolveCheck(plain.checks, r)) policyErrors.push(`required check '${r}' is unknown${suggestCheck(plain.checks, r)}`);
  }

  const securityPolicy = compileSecurityPolicy(plain.checks, policy, active);
  const scoreOptions = { mode, ...(release ? { release } : {}), ...(securityPolicy ? { policy: securityPolicy } : {}) };
  // with systemd's built-in weights the plain report is the policy's report: score once
  const report = securityPolicy ? assessUnit(unit, scoreOptions) : plain;

  const acknowledged = active.map((a) => ({ acknowledgement: a, check: resolveCheck(report.checks, a.check)! }));
  const ackFields = new Set(acknowledged.map((a) => a.check.jsonField));
  const requiredFailures = (policy.requiredChecks ?? [])
    .map((r) => resolveCheck(plain.checks, r))
    // An acknowledgement excuses a required check too: that is what it is for.
    .filter((c): c is CheckResult => c !== undefined && (c.badness ?? 0) > 0 && !ackFields.has(c.jsonField));

  const costliest = report.checks
    .filter((c) => (c.exposure ?? 0) > 0)
    .sort((a, b) => (b.exposure ?? 0) - (a.exposure ?? 0) || a.name.localeCompare(b.name));

  const withinBudget = report.exposure <= budgetTenths;
  const fixes = withinBudget || options.proposeFixes === false ? [] : proposeFixes(unit, budgetTenths, [...ackFields, ...(policy.keep ?? [])], scoreOptions);
  return {
    unit: unit.name,
    release: report.release,
    budgetTenths,
    report,
    withinBudget,
    costliest,
    fixes,
    acknowledged,
    expired,
    requiredFailures,
    policyErrors,
    ok: withinBudget && requiredFailures.length === 0 && policyErrors.length === 0,
  };
}

/** systemd `--security-policy` JSON for a policy (custom weights; acknowledged checks weight 0). */
export function securityPolicyJson(
  checks: readonly CheckResult[],
  policy: ExposurePolicy,
  active: readonly Acknowledgement[],
): Record<string, CheckWeight> | undefined {
  const out: Record<string, CheckWeight> = {};
  for (const [field, w] of Object.entries(policy.weights ?? {})) out[field] = { ...w };
  for (const a of active) {
    const c = resolveCheck(checks, a.check);
    if (c) out[c.jsonField] = { ...(out[c.jsonField] ?? {}), weight: 0 };
  }
  const keys = Object.keys(out).sort();
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((k) => [k, out[k]!]));
}

function compileSecurityPolicy(checks: readonly CheckResult[], policy: ExposurePolicy, active: readonly Acknowledgement[]) {
  const json = securityPolicyJson(checks, policy, active);
  return json ? parseSecurityPolicy(JSON.stringify(json)) : undefined;
}

/**
 * The fewest settings that bring the unit within budget (lib/policy/planner: an exact search over the
 * candidate settings, every number from the real scorer). Acknowledged checks and the policy's `keep`
 * are kept: no setting that alone changes one of them is proposed.
 */
function proposeFixes(
  unit: { readonly name: string; readonly document: UnitDocument },
  budgetTenths: number,
  keep: readonly string[],
  scoreOptions: { readonly mode: AnalysisMode; readonly release?: SystemdRelease; readonly policy?: SecurityPolicy },
): ProposedFix[] {
  const plan = planFixes(unit, { budgetTenths, ...scoreOptions, keep });
  return plan.steps.map((s) => ({
    check: s.check,
    fix: { set: s.candidate.fix.set, ...(s.candidate.fix.caveat ? { caveat: s.candidate.fix.caveat } : {}), breakage: s.candidate.fix.breakage },
    exposureAfter: s.exposureAfter,
    gain: s.gain,
    checks: s.checks,
    breakage: { class: s.candidate.fix.breakage, cost: BREAKAGE_COST[s.candidate.fix.breakage], ...(s.candidate.fix.caveat ? { mayBreak: s.candidate.fix.caveat } : {}) },
    search: plan.search,
  }));
}

/** Human-readable verdict: score vs budget, costliest checks, the fixes, acknowledgements. */
export function formatVerdict(v: BudgetVerdict, options: { path?: string; presetHint?: string } = {}): string {
  const lines: string[] = [];
  const where = options.path ? `[${options.path}] ` : '';
  const head = `${where}${v.unit}: exposure ${formatExposure(v.report.exposure)} ${v.report.level} on systemd ${v.release}`;
  lines.push(v.withinBudget ? `${head} is within budget ${formatExposure(v.budgetTenths)}` : `${head} exceeds budget ${formatExposure(v.budgetTenths)}`);
  for (const e of v.policyErrors) lines.push(`  policy error: ${e}`);
  for (const c of v.requiredFailures) {
    const fix = CHECK_FIXES[c.jsonField];
    lines.push(`  required check failed: ${c.name}${fix ? ` — set ${describeFix(fix)}` : ''}`);
  }
  if (!v.withinBudget) {
    lines.push('  costliest checks:');
    for (const c of v.costliest.slice(0, 5)) lines.push(`    ${formatExposure(c.exposure ?? 0).padStart(4)}  ${c.name}  ${c.description}`);
    lines.push(...formatFixLines(v));
    if (options.presetHint) lines.push(`  ${options.presetHint}`);
  }
  for (const a of v.acknowledged) lines.push(`  acknowledged: ${a.check.name} — ${a.acknowledgement.reason}${a.acknowledgement.expires ? ` (until ${a.acknowledgement.expires})` : ''}`);
  for (const a of v.expired) lines.push(`  acknowledgement expired on ${a.expires}: ${a.check} counts again (${a.reason})`);
  return lines.join('\n');
}

/** The fix lines of an over-budget verdict: the plan's size and end, then one line per setting. */
function formatFixLines(v: BudgetVerdict): string[] {
  if (v.fixes.length === 0) return [];
  const last = v.fixes[v.fixes.length - 1]!;
  const n = `${v.fixes.length} setting${v.fixes.length > 1 ? 's' : ''}`;
  const search = v.fixes[0]!.search;
  const head = last.exposureAfter > v.budgetTenths
    ? `  these settings help most but are not enough (${formatExposure(last.exposureAfter)}):`
    : search.optimal
      ? `  smallest fix (${n}, brings it to ${formatExposure(last.exposureAfter)}):`
      : `  a fix (${n}, brings it to ${formatExposure(last.exposureAfter)}; maybe not the smallest: ${search.note}):`;
  return [head, ...v.fixes.map((f) => {
    const more = f.checks.length > 1 ? ` and ${f.checks.length - 1} more` : '';
    // A step can gain nothing, or even cost a little, on its own (it pays off with the others).
    const gain = f.gain >= 0 ? `-${formatExposure(f.gain)}` : `+${formatExposure(-f.gain)}`;
    return `    ${describeFix(f.fix)}   (${gain}, ${f.check.name}${more}; ${f.breakage.class})${f.fix.caveat ? ` — note: ${f.fix.caveat}` : ''}`;
  })];
}
