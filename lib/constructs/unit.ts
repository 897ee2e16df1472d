/**
 * Base of every unit construct: owns the rendered unit text, its place on the host, and the deploy
 * resource (one `null_resource` or `terraform_data` per unit) whose provisioners install it on the
 * host and remove it at destroy (see lib/deploy/ for what the scripts guarantee).
 */
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { INSTALL_PROGRAM, installParameters } from '../deploy/install-script';
import { removeScript, removeScriptParts } from '../deploy/remove-script';
import { deployNameProblem, type DeployPlan } from '../deploy/plan';
import { STAGING_DIRECTORY, STATE_DIRECTORY, contentSha256, pathKey } from '../deploy/host-paths';
import { base64Lines } from '../deploy/shell';
import type { UnitDocument } from '../unit/model';
import { renderDocument } from '../unit/render';
import { canonicalDocument } from '../unit/canonical';
import type { ReportEntry } from '../policy/report';
import { declarationSite, type SourceLocation } from '../report/source-location';
import { attributeExpression, isTerraformToken, newDeployResource, sharedLocal, triggersAttribute, type LocalExecProvisioner, type RemoteExecProvisioner, type TerraformResource } from './cdktf';
import { SystemdHost } from './host';

/** How a unit is activated and checked on the host: its {@link DeployPlan} but for what the base class knows. */
export type DeploySettings = Omit<DeployPlan, 'installPath' | 'content' | 'settleSeconds'>;

/** A resource's own id (Terraform gives each instance a new one). */
const SELF_ID = '${self.id}';
/** Where the SSH `file` provisioner puts the install resource's upload (unique per resource instance). */
const STAGED = `${STAGING_DIRECTORY}/${SELF_ID}.b64`;
/** The install program travels once per stack, as a Terraform local named after its hash. */
const PROGRAM_LOCAL = `cdktf_systemd_install_${contentSha256(INSTALL_PROGRAM).slice(0, 12)}`;
/** Longest command local-exec can pass to /bin/sh (Linux MAX_ARG_STRLEN is 128 KiB per argument). */
const LOCAL_COMMAND_MAX = 131_000;

/** A unit file (or drop-in) deployed to a {@link SystemdHost}. */
export abstract class SystemdUnit extends Construct {
  /** The host the unit is deployed to. */
  readonly host: SystemdHost;
  /** Unit name, e.g. `web.service`. For a drop-in: the unit it overrides. */
  readonly unitName: string;

  /** Declared for removal: the next apply stops, disables and deletes it on the host. */
  private removedFromHost = false;
  private rendered?: string;
  private deployResources?: DeployResources;
  /** The stack at `new`, cut at the constructor called: V8 formats it only if a report reads it. */
  private readonly declaration: { stack?: string } = {};

  protected constructor(scope: Construct, id: string, unitName: string) {
    super(scope, id);
    Error.captureStackTrace(this.declaration, new.target);
    this.host = SystemdHost.of(this);
    const problem = deployNameProblem(unitName);
    if (problem) throw new Error(`${this.node.path}: ${problem}`);
    this.unitName = unitName;
    this.host.registerUnit(this);
  }

  /**
   * Marks the unit for removal (see the `removed` prop of each unit construct). Terraform runs a
   * destroy-time provisioner only while its resource is declared: a unit deleted from the code would
   * stay on the host. Declared as removed, its slot stays with no instance, so the next apply runs
   * the removal; the declaration can be deleted after that apply.
   */
  protected markRemoved(removed: boolean | undefined): void {
    this.removedFromHost = removed === true;
  }

  /** Whether the unit is declared for removal from its host. */
  get removed(): boolean {
    return this.removedFromHost;
  }

  /** The line of the app's code that declared this unit, relative to `root`, when the stack trace tells it. */
  declaredAt(root: string = process.cwd()): SourceLocation | undefined {
    return declarationSite(this.declaration.stack, root);
  }

  /** The unit as a raw document (sections and assignments). */
  abstract get document(): UnitDocument;

  /** Path below /etc/systemd/system (e.g. `web.service`, or `ssh.service.d/50-x.conf` for a drop-in). */
  get installPath(): string {
    return this.unitName;
  }

  /** The unit file text exactly as installed (canonical order, deterministic). */
  get text(): string {
    if (this.rendered === undefined) {
      const text = renderDocument(canonicalDocument(this.document));
      if (isTerraformToken(text)) {
        throw new Error(
          `${this.node.path}: a Terraform token (a variable or resource attribute) is used in the unit's settings; ` +
            'units are rendered and scored at synth, so their values must be known then (pass run-time values with EnvironmentFile= or LoadCredential= on the host)',
        );
      }
      this.rendered = text;
    }
    return this.rendered;
  }

  /**
   * Forgets what synth cached for this unit (the rendered text; a service's document and verdicts)
   * once its stack has written the unit files and reports. cdktf then turns every resource into JSON,
   * and the smaller heap makes its garbage collection much cheaper. Read again, they are recomputed
   * (the same values). Called by {@link SystemdStack}; not needed in apps.
   */
  releaseSynthCaches(): void {
    this.rendered = undefined;
  }

  /** Units that must be installed before this one (a timer's or socket's service). */
  protected installAfter(): SystemdUnit[] {
    return [];
  }

  /** How the unit is activated and checked on the host. */
  protected abstract deploySettings(): DeploySettings;

  /** What the host scripts do for this unit. */
  get deployPlan(): DeployPlan {
    return { installPath: this.installPath, content: this.text, settleSeconds: this.host.settleSeconds, ...this.deploySettings() };
  }

  /** The exposure report entry, for units that are scored (services). */
  get reportEntry(): ReportEntry | undefined {
    return undefined;
  }

  /** Creates the deploy resources once (the stack calls this at synth, after all units are wired). */
  ensureDeployResource(): DeployResources {
    this.deployResources ??= this.addDeployResources();
    return this.deployResources;
  }

  /**
   * Two resources per unit, because Terraform runs no destroy-time provisioner for a tainted object
   * (a failed install) nor for the deposed object of a create-before-destroy replacement:
   * - the slot (address from the install path, triggers: path and connection) owns the unit on the
   *   host and removes it at destroy; it has no create-time provisioner, so it is never tainted;
   * - the install (triggers: content, scripts, budget, the slot's id) installs; a change replaces it,
   *   create-before-destroy, and a failure taints it, so the next apply tries again.
   */
  private addDeployResources(): DeployResources {
    const plan = this.deployPlan;
    const host = this.host;
    const type = host.deployResource;
    const after = this.installAfter().map((u) => u.ensureDeployResource());
    const connection = host.connectionTriggers();
    const attr = triggersAttribute(type);
    const slot = newDeployResource(this, `slot-${pathKey(this.installPath).slice(0, 12)}`, type, {
      triggers: { unit: this.installPath, ...connection },
      ...(connection ? { connection: connectionBlock(connection, (k) => `\${self.${attr}.${k}}`) } : {}),
      provisioners: [
        connection
          ? remoteExecAtDestroy(removeScriptParts({ plan, owner: SELF_ID, stagedPath: STAGED }))
          : localExec(this, 'removal', removeScript({ plan, owner: SELF_ID }), undefined, 'destroy'),
      ],
      dependsOn: after.map((r) => r.slot),
      ...(this.removed ? { count: 0 as const } : {}),
    });
    if (this.removed) return { slot, install: slot };
    const owner = attributeExpression(slot, 'id');
    const program = sharedLocal(this, PROGRAM_LOCAL, INSTALL_PROGRAM);
    const own = installParameters({ plan, owner, source: connection ? { kind: 'staged', path: STAGED } : { kind: 'inline' } });
    // remote-exec joins inline lines with newlines: long text and references go in lines of their own
    const inline = [own.fixed, own.references, program];
    const budget = plan.budgetTenths;
    const resource = newDeployResource(this, 'deploy', type, {
      triggers: {
        unit: this.installPath,
        sha256: contentSha256(plan.content),
        // what the host runs, but the owner (only in `references`): any change of it replaces
        deploy: createHash('sha256').update(own.fixed).update(INSTALL_PROGRAM).digest('hex').slice(0, 32),
        ...(budget !== undefined ? { budget: (budget / 10).toFixed(1) } : {}),
        owner,
      },
      provisioners: connection
        ? [
            { type: 'remote-exec', inline: [`umask 077 && mkdir -p ${STAGING_DIRECTORY} && chmod 0700 ${STATE_DIRECTORY} ${STAGING_DIRECTORY}`] },
            // base64: the only text Terraform sees is inert; the script checks the decoded SHA-256
            { type: 'file', content: base64Lines(plan.content), destination: STAGED },
            { type: 'remote-exec', inline },
          ]
        : [localExec(this, 'install', inline.join('\n'), Buffer.byteLength(own.fixed + own.references) + 1 + Buffer.byteLength(INSTALL_PROGRAM))],
      dependsOn: [slot, ...after.map((r) => r.install)],
      ...(connection ? { connection: connectionBlock(connection, (k) => attributeExpression(slot, `${attr}.${k}`)) } : {}),
    });
    return { slot, install: resource };
  }
}

/** The resources that deploy one unit (see {@link SystemdUnit.ensureDeployResource}). */
export interface DeployResources {
  /** Owns the unit path on the host; removes the unit at destroy. */
  readonly slot: TerraformResource;
  /** Installs the current content; replaced when it changes. */
  readonly install: TerraformResource;
}

/** The SSH connection block, each value read through `ref`. */
function connectionBlock(values: Readonly<Record<string, string>>, ref: (key: string) => string): Record<string, string> {
  return { type: 'ssh', ...Object.fromEntries(Object.keys(values).sort().map((k) => [k, ref(k)])) };
}

/**
 * A destroy-time remote-exec. cdktf's type has `when` on local-exec only, but writes whatever keys a
 * provisioner carries; an addOverride would do the same and makes synth several times heavier.
 */
function remoteExecAtDestroy(script: { readonly body: string; readonly tail: string }): RemoteExecProvisioner {
  return { type: 'remote-exec', inline: [script.body, script.tail], when: 'destroy' } as RemoteExecProvisioner;
}

/**
 * A local-exec running `script` with /bin/sh; refused when Linux could not pass it as one argument.
 * `size`: the script's size once Terraform has interpolated it.
 */
function localExec(unit: SystemdUnit, what: string, script: string, size = Buffer.byteLength(script), when?: 'destroy'): LocalExecProvisioner {
  if (size > LOCAL_COMMAND_MAX) {
    throw new Error(`${unit.node.path}: the ${what} command for ${unit.installPath} is ${size} bytes, over the ${LOCAL_COMMAND_MAX} a local-exec can pass to /bin/sh; deploy it over SSH (no such limit) or shorten the unit`);
  }
  // The script is sh's argument and the command only a label: Terraform's error message quotes the
  // command, which then reads "cdktf-systemd install web.service" instead of the whole script.
  return { type: 'local-exec', command: `cdktf-systemd ${what} ${unit.installPath}`, interpreter: ['/bin/sh', '-c', script, 'cdktf-systemd'], ...(when ? { when } : {}) };
}
