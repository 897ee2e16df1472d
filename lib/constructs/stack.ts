/**
 * A Terraform stack of systemd units: holds the stack's default exposure policy, and writes every
 * unit file plus the exposure reports (JSON, Markdown, HTML, SARIF) into the stack's folder under
 * cdktf.out/ at synth. With a baseline, synth fails when a unit's exposure rises above it.
 */
import * as path from 'node:path';
import type { Construct } from 'constructs';
import type { ExposurePolicy } from '../policy/budget';
import { assertPolicy } from '../policy/validate';
import { BASELINE_FILE, WRITE_BASELINE_ENV } from '../report/baseline';
import type { ReportUnit } from '../report/model';
import { REPORT_FILES, baselineProblems, unitRatchet, writeBaselineFromEnv, writeStackReports, type BaselineSettings } from '../report/stack-reports';
import { Aspects, TerraformStack, addCustomSynthesis, aroundStackSynthesis, toTerraformDeferringPlain, type DeployResourceType, type ISynthesisSession } from './cdktf';
import { writeFilesInBackground, type FileBatch, type FileToWrite } from './background-files';
import { writeStableJson } from './stable-json';
import { SystemdUnit } from './unit';
import { DEPLOY_RESOURCE_CONTEXT, checkResourceType } from './host';

/** Properties of {@link SystemdStack}. */
export interface SystemdStackProps {
  /** Default exposure policy of every service in the stack (hosts and services refine it). */
  readonly policy?: ExposurePolicy;
  /**
   * Default Terraform resource of the stack's hosts: `null_resource` (hashicorp/null) or the built-in
   * `terraform_data` (no provider download). @default 'null_resource'
   */
  readonly deployResource?: DeployResourceType;
  /**
   * The exposure ratchet: synth fails when a unit's exposure rises above its entry in the committed
   * baseline, or a check that passed there fails. Lowering is allowed and reported.
   */
  readonly baseline?: StackBaseline;
}

/** Where the stack's exposure baseline is, and whether synth writes it. */
export interface StackBaseline {
  /** Relative to the working directory synth runs in (the project root). @default 'exposure-baseline.json' */
  readonly file?: string;
  /**
   * Write the baseline at this synth (accepting the current exposures) instead of checking against it.
   * @default true when the environment has CDKTF_SYSTEMD_WRITE_BASELINE=1
   */
  readonly write?: boolean;
}

/** Files written next to `cdk.tf.json`. */
export const REPORT_JSON = REPORT_FILES.json;
export const REPORT_MARKDOWN = REPORT_FILES.markdown;
export const REPORT_HTML = REPORT_FILES.html;
export const REPORT_SARIF = REPORT_FILES.sarif;
export const UNITS_FOLDER = 'units';
export { BASELINE_FILE, WRITE_BASELINE_ENV };

/** A stack whose units are deployed with `null_resource` (`@cdktf/provider-null`) or `terraform_data` resources. */
export class SystemdStack extends TerraformStack {
  /** The SystemdStack that `scope` belongs to, if any. */
  static find(scope: Construct): SystemdStack | undefined {
    for (let s: Construct | undefined = scope; s; s = s.node.scope) {
      if (s instanceof SystemdStack) return s;
    }
    return undefined;
  }

  readonly policy: ExposurePolicy | undefined;
  private readonly baseline: StackBaseline | undefined;
  private hasOwnOverrides = false;
  private documentSink: ((document: unknown) => void) | undefined;
  /** Unit files still being written during this stack's synthesis (see synthesizeStack). */
  private unitFiles: FileBatch | undefined;

  constructor(scope: Construct, id: string, props: SystemdStackProps = {}) {
    super(scope, id);
    this.policy = props.policy;
    this.baseline = props.baseline;
    assertPolicy(this.node.path, props.policy);
    checkResourceType(this.node.path, props.deployResource);
    if (props.deployResource) this.node.setContext(DEPLOY_RESOURCE_CONTEXT, props.deployResource);
    // Deploy resources are made at synth, once timers and sockets have wired their services.
    Aspects.of(this).add({
      visit: (node) => {
        if (!(node instanceof SystemdUnit)) return;
        node.ensureDeployResource();
        // The ratchet speaks on the unit, so its errors name the unit's path like budget errors do.
        if (this.baseline) node.node.addValidation({ validate: () => this.ratchetErrors(node) });
      },
    });
    addCustomSynthesis(this, { onSynthesize: (session) => this.writeOutputs(session) });
    aroundStackSynthesis(this, (synthesize, stackFile) => this.synthesizeStack(synthesize, stackFile));
    this.node.addValidation({ validate: () => (this.baselineSettings ? baselineProblems(this.baselineSettings) : []) });
  }

  /** The stack's Terraform JSON (cdktf's), made without cdktf's resolve pass over plain deploy resources. */
  override toTerraform(): any {
    const document = toTerraformDeferringPlain(this, () => super.toTerraform(), this.hasOwnOverrides);
    if (!this.documentSink) return document;
    this.documentSink(document);
    return {};
  }

  /**
   * cdktf's synthesis, with cdk.tf.json written by writeStableJson (the same bytes as cdktf's
   * json-stable-stringify, in one pass): cdktf's synthesizer gets an empty document to write first.
   */
  private synthesizeStack(synthesize: () => void, stackFile: string): void {
    let document: unknown;
    this.documentSink = (d) => (document = d);
    let done = false;
    try {
      synthesize();
      this.documentSink = undefined;
      // undefined when cdktf wrote HCL (toHclTerraform) instead
      if (document !== undefined) writeStableJson(stackFile, document);
      done = true;
    } finally {
      this.documentSink = undefined;
      const unitFiles = this.unitFiles;
      this.unitFiles = undefined;
      // a failure of synth itself is the one to report; the unit files' own failure otherwise
      if (done) unitFiles?.finish();
      else swallow(() => unitFiles?.finish());
    }
  }

  override addOverride(path: string, value: unknown): void {
    this.hasOwnOverrides = true;
    super.addOverride(path, value);
  }

  /** The units of this stack, in construct-path order. */
  get units(): SystemdUnit[] {
    return this.node
      .findAll()
      .filter((c): c is SystemdUnit => c instanceof SystemdUnit)
      .sort((a, b) => (a.node.path < b.node.path ? -1 : a.node.path > b.node.path ? 1 : 0));
  }

  private writeOutputs(session: ISynthesisSession): void {
    const dir = path.join(session.outdir, session.manifest.forStack(this).workingDirectory);
    const units = this.units;
    const files = units.filter((u) => !u.removed).map((u): FileToWrite => [path.join(dir, UNITS_FOLDER, u.host.node.id, u.installPath), u.text]);
    // written on a worker thread while the reports and cdk.tf.json are made; synthesizeStack waits
    // (outside it, as when cdktf's synthesizer was replaced, at once)
    const unitFiles = writeFilesInBackground(files);
    if (this.documentSink) this.unitFiles = unitFiles;
    else unitFiles.finish();
    // Paths in the reports are relative to the project root (where synth runs), when the folder is in it.
    const folder = path.relative(process.cwd(), dir);
    const summary = writeStackReports(dir, {
      stack: this.node.id,
      units: this.reportUnits(),
      today: new Date(),
      stackFolder: folder.startsWith('..') || path.isAbsolute(folder) ? undefined : folder.split(path.sep).join('/'),
      ...(this.baselineSettings ? { baseline: this.baselineSettings } : {}),
    });
    // Warnings, acknowledgement expiry and the baseline reach the person running synth, however the app is run.
    if (summary.length > 0) process.stderr.write(summary.join('\n') + '\n');
    // cdktf's toTerraform runs next: nothing of ours reads these caches again
    for (const unit of units) unit.releaseSynthCaches();
  }

  /** The baseline settings, the environment read now (so that one run of synth can write it). */
  private get baselineSettings(): BaselineSettings | undefined {
    if (!this.baseline) return undefined;
    return { file: this.baseline.file ?? BASELINE_FILE, write: this.baseline.write ?? writeBaselineFromEnv(), scope: { prefix: `${this.node.path}/` } };
  }

  private ratchetErrors(unit: SystemdUnit): string[] {
    const settings = this.baselineSettings;
    const scored = reportUnitOf(unit);
    return settings && scored ? unitRatchet(scored, settings) : [];
  }

  /** The scored units (services) with what the reports need beyond their verdicts. */
  private reportUnits(): ReportUnit[] {
    return this.units.flatMap((u) => reportUnitOf(u) ?? []);
  }
}

/** Runs `f`, ignoring what it throws. */
function swallow(f: () => void): void {
  try {
    f();
  } catch {
    // the caller is already reporting another failure
  }
}

/** A unit as the reports see it; undefined for units that are not scored (timers, sockets, drop-ins, removed units). */
function reportUnitOf(u: SystemdUnit): ReportUnit | undefined {
  const entry = u.reportEntry;
  if (!entry) return undefined;
  const declaredAt = u.declaredAt();
  return { entry, document: u.document, policy: policyOf(u), unitFile: `${UNITS_FOLDER}/${u.host.node.id}/${u.installPath}`, ...(declaredAt ? { declaredAt } : {}) };
}

/** The effective policy of a scored unit (services have one; others are not scored). */
function policyOf(unit: SystemdUnit): ExposurePolicy {
  const policy: unknown = (unit as { readonly policy?: unknown }).policy;
  return typeof policy === 'object' && policy !== null ? (policy as ExposurePolicy) : {};
}
