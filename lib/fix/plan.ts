/**
 * The planner's fixes for one failing service, as `service:` settings: each directive once, in the
 * typed form the props take, with the value the directive must hold afterwards. The planner scores the
 * unit as synthesized with its assignments appended, so a single-valued directive takes the plan's
 * value and a list keeps its earlier items followed by the plan's (systemd accumulates list lines).
 */
import { lookupDirective } from '../unit/catalog';
import type { UnitDocument, UnitEntry } from '../unit/model';
import { fromDocument } from '../unit/typed';
import { CHECK_FIXES, type CheckFix } from '../policy/fixes';
import type { BudgetVerdict, ProposedFix } from '../policy/budget';
import type { FixReason, PlannedSetting, TypedValue, UnitPlan } from './record';

/** Fields the optimal planner may add to a proposed fix; read when present. */
interface PlannerExtras {
  readonly checks?: ReadonlyArray<{ readonly name: string }>;
  readonly breakage?: unknown;
}

/** The typed value of `entries` (all of one directive) as `fromDocument` reads them, resets kept. */
function typedOf(key: string, entries: readonly UnitEntry[]): TypedValue | undefined {
  if (entries.length === 0) return undefined;
  const { model } = fromDocument({ sections: [{ name: 'Service', entries: [...entries] }] }, { kind: 'service', keepResets: true });
  const service = (model as { readonly Service?: Readonly<Record<string, TypedValue>> }).Service;
  return service?.[key];
}

/** What a planner's `breakage` says may break: a string, strings, or `{ mayBreak }`. */
function breakageText(b: unknown): string | undefined {
  if (typeof b === 'string' && b.trim() !== '') return b;
  if (b && typeof b === 'object' && !Array.isArray(b)) return breakageText((b as { readonly mayBreak?: unknown }).mayBreak);
  if (Array.isArray(b)) {
    const parts = b.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
    return parts.length > 0 ? parts.join('; ') : undefined;
  }
  return undefined;
}

/** The checks a proposed fix improves (all of them when the planner says so) and what it may break. */
function reasonsOf(p: ProposedFix): FixReason[] {
  const extras = p as ProposedFix & PlannerExtras;
  const names = extras.checks && extras.checks.length > 0 ? extras.checks.map((c) => c.name) : [p.check.name];
  const breaks = breakageText(extras.breakage) ?? p.fix.caveat;
  return names.map((check) => ({ check, ...(breaks ? { breaks } : {}) }));
}

/** The fixes to apply: the planner's, then one per failed required check it does not cover. */
function fixesOf(v: BudgetVerdict): Array<{ fix: CheckFix; reasons: FixReason[] }> {
  const out = v.fixes.map((p) => ({ fix: p.fix, reasons: reasonsOf(p) }));
  const covered = new Set(v.fixes.map((p) => p.check.jsonField));
  for (const c of v.requiredFailures) {
    const fix = CHECK_FIXES[c.jsonField];
    if (!fix || covered.has(c.jsonField)) continue;
    out.push({ fix, reasons: [{ check: c.name, ...(fix.caveat ? { breaks: fix.caveat } : {}) }] });
  }
  return out;
}

/**
 * The settings that apply `verdict`'s plan to the unit `document` (its [Service] section as
 * synthesized). `removed` are the preset settings the user dropped on purpose, with their reasons.
 */
export function planSettings(
  document: UnitDocument,
  verdict: BudgetVerdict,
  mode: 'offline' | 'live',
  removed: Readonly<Record<string, string | undefined>>,
): UnitPlan {
  const service = document.sections.find((s) => s.name === 'Service')?.entries ?? [];
  const byKey = new Map<string, { entries: UnitEntry[]; reasons: FixReason[] }>();
  for (const { fix, reasons } of fixesOf(verdict)) {
    for (const a of fix.set) {
      const slot = byKey.get(a.key) ?? { entries: [], reasons: [] };
      slot.entries.push({ key: a.key, value: a.value });
      for (const r of reasons) if (!slot.reasons.some((x) => x.check === r.check)) slot.reasons.push(r);
      byKey.set(a.key, slot);
    }
  }
  const settings: PlannedSetting[] = [];
  const conflicts: Record<string, string> = {};
  for (const [key, { entries, reasons }] of byKey) {
    const list = lookupDirective('Service', key)?.multiplicity !== 'single';
    const earlier = service.filter((e) => e.key === key);
    const resets = list && entries[0]!.value === '';
    // a reset clears what came before it, so the earlier items need not be written again
    const after = list && !resets ? [...earlier, ...entries] : entries;
    const before = typedOf(key, earlier);
    const added = list ? typedOf(key, entries) : undefined;
    settings.push({
      key,
      value: list ? typedOf(key, after)! : typedOf(key, entries.slice(-1))!,
      ...(before !== undefined ? { before } : {}),
      ...(Array.isArray(added) ? { added } : {}),
      list,
      resets,
      reasons,
    });
    const why = removed[key];
    if (why !== undefined) conflicts[key] = why;
  }
  const last = verdict.fixes[verdict.fixes.length - 1];
  return {
    mode,
    exposure: verdict.report.exposure,
    exposureAfter: last ? last.exposureAfter : verdict.report.exposure,
    budget: verdict.budgetTenths,
    settings,
    conflicts,
  };
}
