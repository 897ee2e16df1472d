/**
 * `SystemdService`: a service unit described in TypeScript, hardened by a preset, scored at synth with
 * the host's systemd release, and held to its exposure budget through a construct validation.
 */
import { Construct } from 'constructs';
import { assessUnit, UnitLoadError, type ExposureReport } from '../exposure';
import { evaluateBudget, formatVerdict, securityPolicyJson, budgetToTenths, DEFAULT_BUDGET, type BudgetVerdict, type ExposurePolicy } from '../policy/budget';
import type { ReportEntry } from '../policy/report';
import type { UnitDocument } from '../unit/model';
import type { InstallSectionModel, ServiceSectionModel, UnitSectionModel } from './documents';
import type { ExtraEntries } from '../unit/typed';
import type { Preset } from '../../presets/types';
import { Annotations } from './cdktf';
import { SystemdStack } from './stack';
import { SystemdUnit, type DeploySettings } from './unit';
import { resolvePolicy, type BudgetSource } from '../policy/merge';
import { assertPolicy } from '../policy/validate';
import { parseUnitName } from '../unit/unit-name';
import { deployNameProblem } from '../deploy/plan';
import { applyPreset, buildDocument, directiveWarnings } from './documents';
import { withSharedChecks } from './shared-checks';

/** Properties of {@link SystemdService}. */
export interface SystemdServiceProps {
  /** Unit name without `.service`; a name ending in `@` is a template (see `instances`). @default the construct id */
  readonly name?: string;
  /**
   * For a template (`name: 'worker@'`): the instances to enable and start, e.g. `['a', 'b']` for
   * `worker@a.service` and `worker@b.service`. A template without instances is installed only.
   */
  readonly instances?: readonly string[];
  /** Hardening preset; your `service` settings override it. */
  readonly preset?: Preset;
  /**
   * Preset settings to drop, each with the reason (e.g. `{ MemoryDenyWriteExecute: 'Node.js JIT' }`).
   * Dropping is explicit so that reviews see it.
   */
  readonly removeFromPreset?: { readonly [K in keyof ServiceSectionModel]?: string };
  /** [Unit] settings. */
  readonly unit?: UnitSectionModel;
  /** [Service] settings (systemd's directive names). */
  readonly service: ServiceSectionModel;
  /** [Install] settings. @default `{ WantedBy: ['multi-user.target'] }` unless a timer or socket starts it */
  readonly install?: InstallSectionModel;
  /** Raw entries the catalog does not know, by section (escape hatch; checked only for line safety). */
  readonly extra?: ExtraEntries;
  /** Exposure policy of this service (refines the host's and the stack's). */
  readonly policy?: ExposurePolicy;
  /**
   * Remove the service from its host on the next apply (stopped, disabled, file deleted). Terraform
   * runs removal only for resources still declared, so deleting the declaration alone would leave
   * the service running: declare it `removed: true`, apply, then delete it.
   */
  readonly removed?: boolean;
}

/** A systemd service deployed to a host. */
export class SystemdService extends SystemdUnit {
  readonly props: SystemdServiceProps;
  /** Set by a timer or socket that activates this service: it is then not enabled by itself. */
  private activatedBy?: 'timer' | 'socket';
  /** Instance unit names of a template (`worker@a.service`), empty otherwise. */
  readonly instanceNames: readonly string[];
  private cachedDocument?: UnitDocument;
  private verdicts?: { offline: BudgetVerdict; live: BudgetVerdict };
  private merged?: ReturnType<typeof resolvePolicy>;

  constructor(scope: Construct, id: string, props: SystemdServiceProps) {
    super(scope, id, `${props.name ?? id}.service`);
    this.props = props;
    assertPolicy(this.node.path, props.policy);
    this.instanceNames = instanceNames(this.node.path, this.unitName, props.instances);
    this.markRemoved(props.removed);
    for (const [key, reason] of Object.entries(props.removeFromPreset ?? {})) {
      if (!props.preset) throw new Error(`${this.node.path}: removeFromPreset.${key} given without a preset`);
      if (!(key in props.preset.settings)) throw new Error(`${this.node.path}: removeFromPreset.${key}: preset ${props.preset.name} does not set ${key}`);
      if (typeof reason !== 'string' || reason.trim().length < 10) {
        throw new Error(`${this.node.path}: removeFromPreset.${key} needs a reason of at least 10 characters`);
      }
    }
    void this.document; // bad values fail here, at the line that wrote them
    if (!hasCommand(this.document)) {
      throw new Error(`${this.node.path}: service.ExecStart is missing or empty: systemd refuses a service with no ExecStart=, ExecStop= or SuccessAction=`);
    }
    this.node.addValidation({ validate: () => this.validate() });
  }

  /** The effective policy: stack ← host ← preset ← service (see {@link resolvePolicy} for the budget). */
  get policy(): ExposurePolicy {
    return this.resolvedPolicy.policy;
  }

  /** Which level set the budget: the service itself, its preset, its host, its stack, or the default. */
  get budgetSource(): BudgetSource {
    return this.resolvedPolicy.budgetSource;
  }

  /** Merged once: the stack's, host's, preset's and own policies are fixed when the service is created. */
  private get resolvedPolicy(): ReturnType<typeof resolvePolicy> {
    if (!this.merged) {
      const preset = this.props.preset;
      this.merged = resolvePolicy({
        stack: SystemdStack.find(this)?.policy,
        host: this.host.policy,
        preset: preset ? { budget: preset.budget, ...(preset.requiredChecks ? { requiredChecks: preset.requiredChecks } : {}) } : undefined,
        service: this.props.policy,
      });
    }
    return this.merged;
  }

  override releaseSynthCaches(): void {
    super.releaseSynthCaches();
    this.cachedDocument = undefined;
    this.verdicts = undefined;
  }

  /** Marks the service as started by a timer/socket (not enabled on its own). */
  activateBy(kind: 'timer' | 'socket'): void {
    this.activatedBy = kind;
    this.cachedDocument = undefined;
  }

  /** The units whose state a deployment manages: the service, or a template's instances. */
  get managedUnits(): readonly string[] {
    return parseUnitName(this.unitName).kind === 'template' ? this.instanceNames : [this.unitName];
  }

  get document(): UnitDocument {
    this.cachedDocument ??= buildDocument(this.node.path, 'service', {
      Unit: this.props.unit,
      Service: applyPreset(this.props.preset, this.props.removeFromPreset, this.props.service),
      Install: this.props.install ?? (this.activatedBy ? undefined : { WantedBy: ['multi-user.target'] }),
      ...(this.props.extra ? { extra: this.props.extra } : {}),
    });
    return this.cachedDocument;
  }

  /** The offline report for the host's release (what `cdktf-systemd score --systemd R` prints). */
  get exposure(): ExposureReport {
    return assessUnit({ name: this.unitName, document: this.document }, { release: this.host.release });
  }

  /** Offline and live verdicts against the effective policy. */
  get budgetVerdicts(): { offline: BudgetVerdict; live: BudgetVerdict } {
    if (!this.verdicts) {
      const unit = { name: this.unitName, document: this.document };
      const policy = this.policy;
      try {
        const offline = evaluateBudget(unit, policy, { release: this.host.release });
        const live = evaluateBudget(unit, policy, { release: this.host.release, mode: 'live' });
        // kept until the reports: with shared check rows, ~18 KB less per service
        this.verdicts = { offline: withSharedChecks(offline), live: withSharedChecks(live) };
      } catch (err) {
        if (!(err instanceof UnitLoadError)) throw err;
        throw new Error(`${this.node.path}: systemd ${this.host.release} would refuse to load ${this.unitName}: ${err.message}`);
      }
    }
    return this.verdicts;
  }

  override get reportEntry(): ReportEntry | undefined {
    if (this.removed) return undefined;
    const { offline, live } = this.budgetVerdicts;
    return { path: this.node.path, host: this.host.node.id, unit: this.unitName, offline, live, budgetSource: this.budgetSource, warnings: this.warnings };
  }

  /** Synth warnings (directives or values newer than the host's systemd); errors under a strict policy. */
  get warnings(): string[] {
    return this.policy.strict ? [] : directiveWarnings(this.document, this.host.release);
  }

  private validate(): string[] {
    if (this.removed) return [];
    const errors: string[] = [];
    if (this.policy.strict) {
      for (const w of directiveWarnings(this.document, this.host.release)) errors.push(`${this.unitName}: ${w} (an error under a strict policy)`);
    }
    for (const w of this.warnings) Annotations.of(this).addWarning(`${this.unitName}: ${w}`);
    const { offline, live } = this.budgetVerdicts;
    const hint = this.props.preset ? undefined : presetHint(this.document);
    if (!offline.ok) errors.push(formatVerdict(offline, { ...(hint ? { presetHint: hint } : {}) }));
    else if (!live.ok) errors.push(`${formatVerdict(live, { ...(hint ? { presetHint: hint } : {}) })}\n  (live score: what the host's manager reports once the unit is loaded)`);
    return errors;
  }

  protected deploySettings(): DeploySettings {
    const { offline } = this.budgetVerdicts;
    const active = offline.acknowledged.map((a) => a.acknowledgement);
    const policyJson = securityPolicyJson(offline.report.checks, this.policy, active);
    const units = this.managedUnits;
    const hasInstall = this.document.sections.some((x) => x.name === 'Install' && x.entries.length > 0);
    const activation = this.activatedBy === 'timer' ? 'reload-only' : this.activatedBy === 'socket' ? 'try-restart' : 'start';
    return {
      activation,
      enableUnits: activation === 'start' && hasInstall ? units : [],
      runUnits: activation === 'reload-only' ? [] : units,
      liveUnits: units,
      budgetTenths: budgetToTenths(this.policy.budget ?? DEFAULT_BUDGET),
      ...(policyJson ? { securityPolicy: JSON.stringify(policyJson) } : {}),
    };
  }
}

/** Checks `instances` against the name: only templates have them, and each must be installable. */
function instanceNames(path: string, unitName: string, instances: readonly string[] | undefined): string[] {
  const name = parseUnitName(unitName);
  if (instances === undefined) return [];
  if (name.kind !== 'template') throw new Error(`${path}: instances are for template services (a name ending in '@'), not ${unitName}`);
  const out = instances.map((i) => `${name.prefix}@${i}.service`);
  out.forEach((u, k) => {
    const problem = instances[k] === '' ? 'an instance name must not be empty' : deployNameProblem(u);
    if (problem) throw new Error(`${path}: instances[${k}]: ${problem}`);
  });
  const dup = out.find((u, k) => out.indexOf(u) !== k);
  if (dup) throw new Error(`${path}: instance ${dup} is listed twice`);
  return out;
}

/** Whether the [Service] section leaves a command to run (resets, `''`, empty the lists). */
function hasCommand(doc: UnitDocument): boolean {
  const lists = new Map<string, number>();
  for (const e of doc.sections.find((x) => x.name === 'Service')?.entries ?? []) {
    if (e.key === 'ExecStart' || e.key === 'ExecStop') lists.set(e.key, e.value === '' ? 0 : (lists.get(e.key) ?? 0) + 1);
  }
  // SuccessAction= is a [Unit] directive (systemd-exit.service has only that).
  for (const e of doc.sections.find((x) => x.name === 'Unit')?.entries ?? []) {
    if (e.key === 'SuccessAction') lists.set(e.key, e.value === '' || e.value === 'none' ? 0 : 1);
  }
  return [...lists.values()].some((n) => n > 0);
}

/** Which preset to start from, judged from what the service looks like. */
function presetHint(doc: UnitDocument): string {
  const service = doc.sections.find((s) => s.name === 'Service')?.entries ?? [];
  const value = (k: string) => service.filter((e) => e.key === k).map((e) => e.value);
  if (value('Type').includes('oneshot')) return 'start from presets.batch(): it fits jobs that run to completion';
  if (value('RestrictAddressFamilies').some((v) => /AF_INET/.test(v)) || value('ExecStart').some((v) => /(http|listen|port|serve|--bind)/i.test(v))) {
    return 'start from presets.networkService({ ports: [...] }): it fits servers that listen on the network';
  }
  return 'start from presets.strict(): it fits daemons without network; use presets.networkService() for servers';
}
