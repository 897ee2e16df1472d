/**
 * A Terraform stack of systemd units: holds the
 * stack's default exposure policy, and writes every unit file plus the exposure report (JSON and
 * Markdown) into the stack's folder under cdktf.out/ at synth.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Construct } from 'constructs';
import type { ExposurePolicy } from '../policy/budget';
import { assertPolicy } from '../policy/validate';
import { reportJson, reportMarkdown, synthSummary } from '../policy/report';
import { Aspects, TerraformStack, addCustomSynthesis, type DeployResourceType, type ISynthesisSession } from './cdktf';
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
}

/** Files written next to `cdk.tf.json`. */
export const REPORT_JSON = 'exposure-report.json';
export const REPORT_MARKDOWN = 'exposure-report.md';
export const UNITS_FOLDER = 'units';

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

  constructor(scope: Construct, id: string, props: SystemdStackProps = {}) {
    super(scope, id);
    this.policy = props.policy;
    assertPolicy(this.node.path, props.policy);
    checkResourceType(this.node.path, props.deployResource);
    if (props.deployResource) this.node.setContext(DEPLOY_RESOURCE_CONTEXT, props.deployResource);
    // Deploy resources are made at synth, once timers and sockets have wired their services.
    Aspects.of(this).add({ visit: (node) => node instanceof SystemdUnit && void node.ensureDeployResource() });
    addCustomSynthesis(this, { onSynthesize: (session) => this.writeOutputs(session) });
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
    for (const unit of units) {
      if (unit.removed) continue;
      const file = path.join(dir, UNITS_FOLDER, unit.host.node.id, unit.installPath);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, unit.text);
    }
    const entries = units.flatMap((u) => (u.reportEntry ? [u.reportEntry] : []));
    fs.writeFileSync(path.join(dir, REPORT_JSON), JSON.stringify(reportJson(entries), null, 2) + '\n');
    fs.writeFileSync(path.join(dir, REPORT_MARKDOWN), reportMarkdown(entries, `Exposure report: ${this.node.id}`));
    // Warnings and acknowledgement expiry reach the person running synth, however the app is run.
    const summary = synthSummary(entries, this.node.id);
    if (summary.length > 0) process.stderr.write(summary.join('\n') + '\n');
  }
}
