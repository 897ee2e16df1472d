/**
 * Exposure policies refine each other: stack default ← host ← preset ← service. Required checks,
 * acknowledgements and weights add up; `strict` anywhere makes it strict. The budget: the service's
 * own when it sets one; otherwise the strictest of the stack's, the host's and the preset's (a preset
 * may tighten an operator's budget, never loosen it); with none of them, {@link DEFAULT_BUDGET}.
 */
import { DEFAULT_BUDGET, type ExposurePolicy } from './budget';

/** Which level set a unit's budget. */
export type BudgetSource = 'service' | 'preset' | 'host' | 'stack' | 'default';

/** The policies that apply to a service, by level. */
export interface PolicyLevels {
  readonly stack?: ExposurePolicy | undefined;
  readonly host?: ExposurePolicy | undefined;
  readonly preset?: ExposurePolicy | undefined;
  readonly service?: ExposurePolicy | undefined;
}

/** The effective policy of a service and the level its budget comes from. */
export function resolvePolicy(levels: PolicyLevels): { readonly policy: ExposurePolicy; readonly budgetSource: BudgetSource } {
  const merged = mergePolicies(levels.stack, levels.host, levels.preset, levels.service);
  let budget = DEFAULT_BUDGET;
  let budgetSource: BudgetSource = 'default';
  if (levels.service?.budget !== undefined) {
    budget = levels.service.budget;
    budgetSource = 'service';
  } else {
    // strictest wins; on a tie the more specific level is named
    for (const source of ['stack', 'host', 'preset'] as const) {
      const b = levels[source]?.budget;
      if (b !== undefined && (budgetSource === 'default' || b <= budget)) {
        budget = b;
        budgetSource = source;
      }
    }
  }
  return { policy: { ...merged, budget }, budgetSource };
}

/** Merges policies from the most general to the most specific (the last budget set wins). */
export function mergePolicies(...policies: ReadonlyArray<ExposurePolicy | undefined>): ExposurePolicy {
  let budget: number | undefined;
  const required: string[] = [];
  const keep: string[] = [];
  const acks: NonNullable<ExposurePolicy['acknowledgements']>[number][] = [];
  const weights: Record<string, { weight?: number; range?: number }> = {};
  let strict = false;
  for (const p of policies) {
    if (!p) continue;
    if (p.budget !== undefined) budget = p.budget;
    for (const r of p.requiredChecks ?? []) if (!required.includes(r)) required.push(r);
    for (const k of p.keep ?? []) if (!keep.includes(k)) keep.push(k);
    acks.push(...(p.acknowledgements ?? []));
    for (const [k, w] of Object.entries(p.weights ?? {})) weights[k] = { ...(weights[k] ?? {}), ...w };
    strict ||= p.strict === true;
  }
  return {
    ...(budget !== undefined ? { budget } : {}),
    ...(required.length ? { requiredChecks: required } : {}),
    ...(keep.length ? { keep } : {}),
    ...(acks.length ? { acknowledgements: acks } : {}),
    ...(Object.keys(weights).length ? { weights } : {}),
    ...(strict ? { strict } : {}),
  };
}
