/**
 * Exposure policies refine each other: stack default ← host ← service. The most specific budget wins;
 * required checks, acknowledgements and weights add up; `strict` anywhere makes it strict.
 */
import type { ExposurePolicy } from '../policy/budget';

/** Merges policies from the most general to the most specific. */
export function mergePolicies(...policies: ReadonlyArray<ExposurePolicy | undefined>): ExposurePolicy {
  let budget: number | undefined;
  const required: string[] = [];
  const acks: NonNullable<ExposurePolicy['acknowledgements']>[number][] = [];
  const weights: Record<string, { weight?: number; range?: number }> = {};
  let strict = false;
  for (const p of policies) {
    if (!p) continue;
    if (p.budget !== undefined) budget = p.budget;
    for (const r of p.requiredChecks ?? []) if (!required.includes(r)) required.push(r);
    acks.push(...(p.acknowledgements ?? []));
    for (const [k, w] of Object.entries(p.weights ?? {})) weights[k] = { ...(weights[k] ?? {}), ...w };
    strict ||= p.strict === true;
  }
  return {
    ...(budget !== undefined ? { budget } : {}),
    ...(required.length ? { requiredChecks: required } : {}),
    ...(acks.length ? { acknowledgements: acks } : {}),
    ...(Object.keys(weights).length ? { weights } : {}),
    ...(strict ? { strict } : {}),
  };
}
