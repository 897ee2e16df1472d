/**
 * Checks an exposure policy where it is written (stack, host, service), so that a bad budget or
 * acknowledgement fails at the line that wrote it, naming the field — even when another level's
 * budget would have been the one to apply.
 */
import type { ExposurePolicy } from './budget';

/** A real calendar date `YYYY-MM-DD` (Date.parse alone accepts 2027-02-30 and rolls it over). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Why `budget` is not a budget on systemd's scale, or undefined. */
export function budgetProblem(budget: unknown): string | undefined {
  if (typeof budget !== 'number' || !Number.isFinite(budget) || budget < 0 || budget > 10 || Math.abs(Math.round(budget * 10) - budget * 10) > 1e-9) {
    return `must be a number from 0.0 to 10.0 with at most one decimal (systemd's scale), got ${String(budget)}`;
  }
  return undefined;
}

/** The problems of a policy, each naming its field (`policy.budget`, `policy.acknowledgements[1].expires`, …). */
export function policyProblems(policy: ExposurePolicy): string[] {
  const out: string[] = [];
  if (policy.budget !== undefined) {
    const p = budgetProblem(policy.budget);
    if (p) out.push(`policy.budget ${p}`);
  }
  (policy.requiredChecks ?? []).forEach((c, i) => {
    if (typeof c !== 'string' || c.trim() === '') out.push(`policy.requiredChecks[${i}] must name a check, got ${JSON.stringify(c)}`);
  });
  (policy.keep ?? []).forEach((k, i) => {
    if (typeof k !== 'string' || k.trim() === '') out.push(`policy.keep[${i}] must name a directive, a fix candidate or a check, got ${JSON.stringify(k)}`);
  });
  (policy.acknowledgements ?? []).forEach((a, i) => {
    const at = `policy.acknowledgements[${i}]`;
    if (typeof a.check !== 'string' || a.check.trim() === '') out.push(`${at}.check must name a check, got ${JSON.stringify(a.check)}`);
    if (typeof a.reason !== 'string' || a.reason.trim().length < 10) out.push(`${at}.reason must say in at least 10 characters why ${a.check} cannot pass`);
    if (a.expires !== undefined && !(typeof a.expires === 'string' && isCalendarDate(a.expires))) {
      out.push(`${at}.expires must be a calendar date YYYY-MM-DD, got ${JSON.stringify(a.expires)}`);
    }
  });
  for (const [field, w] of Object.entries(policy.weights ?? {})) {
    for (const k of ['weight', 'range'] as const) {
      const v = w[k];
      if (v !== undefined && !(Number.isInteger(v) && v >= 0)) out.push(`policy.weights.${field}.${k} must be a whole number ≥ 0, got ${String(v)}`);
    }
  }
  return out;
}

/** Throws at the construct that wrote a bad policy. */
export function assertPolicy(path: string, policy: ExposurePolicy | undefined): void {
  if (!policy) return;
  const problems = policyProblems(policy);
  if (problems.length > 0) throw new Error(problems.map((p) => `${path}: ${p}`).join('\n'));
}
