/**
 * The recording run of `cdktf-systemd fix`, started as `tsx record-app.ts APP`: loads the user's app
 * with cdktf's `App.synth` wrapped so that a synth over budget records every service (declaration
 * site, verdict, the planner's settings) instead of failing, and writes the record as JSON to the
 * file named by CDKTF_SYSTEMD_FIX_RECORD when the process ends. Services are recognised by shape, so
 * the copy of this library the app imports (a checkout or an installed package) does not matter.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IConstruct } from 'constructs';
import type { SystemdRelease } from '../exposure';
import { evaluateBudget, type BudgetVerdict, type ExposurePolicy } from '../policy/budget';
import type { SourceLocation } from '../report/source-location';
import type { UnitDocument } from '../unit/model';
import { planSettings } from './plan';
import { BUDGET_OVERRIDE_ENV, RECORD_FILE_ENV, type AppRecord, type RecordedUnit } from './record';

/** What this run reads of a SystemdService (any copy of the library). */
interface ServiceShape extends IConstruct {
  readonly unitName: string;
  readonly removed: boolean;
  readonly document: UnitDocument;
  readonly policy: ExposurePolicy;
  readonly budgetVerdicts: { readonly offline: BudgetVerdict; readonly live: BudgetVerdict };
  readonly host: { readonly release: SystemdRelease };
  readonly props: { readonly removeFromPreset?: Readonly<Record<string, string | undefined>> };
  declaredAt(root?: string): SourceLocation | undefined;
}

function isService(c: IConstruct): c is ServiceShape {
  const s = c as Partial<ServiceShape>;
  return typeof s.declaredAt === 'function' && typeof s.unitName === 'string' && s.unitName.endsWith('.service') && typeof s.props === 'object' && 'budgetVerdicts' in c;
}

/** The verdicts to plan from: the unit's own, or against the budget given on the command line. */
function verdictsOf(s: ServiceShape, budget: number | undefined): { offline: BudgetVerdict; live: BudgetVerdict } {
  if (budget === undefined) return s.budgetVerdicts;
  const unit = { name: s.unitName, document: s.document };
  const policy = { ...s.policy, budget };
  return {
    offline: evaluateBudget(unit, policy, { release: s.host.release }),
    live: evaluateBudget(unit, policy, { release: s.host.release, mode: 'live' }),
  };
}

function recordUnit(s: ServiceShape, budget: number | undefined): RecordedUnit {
  const at = s.declaredAt();
  const base = {
    path: s.node.path,
    id: s.node.id,
    unit: s.unitName,
    ...(at ? { site: { file: path.resolve(process.cwd(), at.file), line: at.line, column: at.column } } : {}),
  };
  try {
    const { offline, live } = verdictsOf(s, budget);
    const failing = !offline.ok ? offline : !live.ok ? live : undefined;
    if (!failing) return { ...base, ok: true };
    // no setting fixes a policy that names unknown checks
    if (failing.withinBudget && failing.requiredFailures.length === 0) return { ...base, ok: false, error: `its policy is invalid: ${failing.policyErrors.join('; ')}` };
    const plan = planSettings(s.document, failing, failing === offline ? 'offline' : 'live', s.props.removeFromPreset ?? {});
    return { ...base, ok: false, plan };
  } catch (err) {
    return { ...base, ok: false, error: `it could not be scored: ${(err as Error).message}` };
  }
}

function main(): Promise<unknown> {
  const app = process.argv[2];
  const out = process.env[RECORD_FILE_ENV];
  if (!app || !out) throw new Error(`usage: ${RECORD_FILE_ENV}=FILE tsx record-app.ts APP`);
  const budgetText = process.env[BUDGET_OVERRIDE_ENV];
  const budget = budgetText ? Number(budgetText) : undefined;
  const file = path.resolve(app);
  const units = new Map<string, RecordedUnit>();
  const synthErrors: string[] = [];
  let synthCalls = 0;

  // the cdktf the app resolves: the one whose App it constructs
  const cdktf = createRequire(file)('cdktf') as { App: { prototype: { synth(): void } } };
  const synth = cdktf.App.prototype.synth;
  cdktf.App.prototype.synth = function recordingSynth(this: IConstruct): void {
    synthCalls++;
    try {
      synth.call(this);
    } catch (err) {
      synthErrors.push((err as Error).message);
    }
    for (const c of this.node.findAll()) if (isService(c) && !c.removed) units.set(c.node.path, recordUnit(c, budget));
  };
  process.on('exit', () => {
    const record: AppRecord = { units: [...units.values()], synthCalls, synthErrors };
    fs.writeFileSync(out, JSON.stringify(record));
  });
  return import(pathToFileURL(file).href);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 2;
});
