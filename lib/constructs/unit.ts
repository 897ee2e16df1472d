/**
 * Base of every unit construct: owns the rendered unit text, its place on the host, and the deploy
 * resource (one `null_resource` per unit) whose provisioners install it atomically and remove it on
 * destroy.
 */
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { installScript, removeScript, STAGING_DIRECTORY, type Activation } from '../deploy/install-script';
import type { UnitDocument } from '../unit/model';
import { renderDocument } from '../unit/render';
import { canonicalDocument } from '../unit/canonical';
import { parseUnitName } from '../unit/unit-name';
import type { ReportEntry } from '../policy/report';
import { NullResource, type FileProvisioner, type LocalExecProvisioner, type RemoteExecProvisioner } from './cdktf';
import { SystemdHost } from './host';

/** What the deploy resource needs to know about a unit. */
export interface DeploySettings {
  readonly activation: Activation;
  /** Budget in tenths for the host-side checks (services only). */
  readonly budgetTenths?: number;
  /** systemd --security-policy JSON for the host-side checks. */
  readonly securityPolicy?: string;
}

/** A unit file (or drop-in) deployed to a {@link SystemdHost}. */
export abstract class SystemdUnit extends Construct {
  /** The host the unit is deployed to. */
  readonly host: SystemdHost;
  /** Unit name, e.g. `web.service`. For a drop-in: the unit it overrides. */
  readonly unitName: string;

  private rendered?: string;
  private deployResource?: NullResource;

  protected constructor(scope: Construct, id: string, unitName: string) {
    super(scope, id);
    this.host = SystemdHost.of(this);
    try {
      parseUnitName(unitName);
    } catch (err) {
      throw new Error(`${this.node.path}: ${(err as Error).message}`);
    }
    this.unitName = unitName;
  }

  /** The unit as a raw document (sections and assignments). */
  abstract get document(): UnitDocument;

  /** Path below /etc/systemd/system (e.g. `web.service`, or `ssh.service.d/50-x.conf` for a drop-in). */
  get installPath(): string {
    return this.unitName;
  }

  /** The unit file text exactly as installed (canonical order, deterministic). */
  get text(): string {
    this.rendered ??= renderDocument(canonicalDocument(this.document));
    return this.rendered;
  }

  /** Units that must be installed before this one (a timer's or socket's service). */
  protected installAfter(): SystemdUnit[] {
    return [];
  }

  /** How the unit is activated and checked on the host. */
  protected abstract deploySettings(): DeploySettings;

  /** Creates the deploy resource once (the stack calls this at synth, after all units are wired). */
  ensureDeployResource(): NullResource {
    return this.addDeployResource(this.deploySettings());
  }

  /** The exposure report entry, for units that are scored (services). */
  get reportEntry(): ReportEntry | undefined {
    return undefined;
  }

  /** Creates the `null_resource` that installs the unit; call once the unit is complete. */
  private addDeployResource(settings: DeploySettings): NullResource {
    if (this.deployResource) return this.deployResource;
    const text = this.text;
    const dropInOf = this.installPath.includes('/') ? this.unitName : undefined;
    const fileName = dropInOf ? this.installPath.slice(this.installPath.indexOf('/') + 1) : this.unitName;
    const stagedPath = `${STAGING_DIRECTORY}/${this.installPath.replace(/\//g, '__')}`;
    const enable = this.document.sections.some((s) => s.name === 'Install' && s.entries.length > 0);
    const common = {
      unitName: fileName,
      stagedPath,
      liveCheck: parseUnitName(this.unitName).type === 'service',
      activation: settings.activation,
      enable,
      ...(dropInOf ? { dropInOf } : {}),
      ...(settings.budgetTenths !== undefined ? { budgetTenths: settings.budgetTenths } : {}),
      ...(settings.securityPolicy !== undefined ? { securityPolicy: settings.securityPolicy } : {}),
    };
    const remove = removeScript({ unitName: fileName, ...(dropInOf ? { dropInOf } : {}) });
    const connection = this.host.connection;
    let provisioners: Array<FileProvisioner | RemoteExecProvisioner | LocalExecProvisioner>;
    if (connection) {
      provisioners = [
        { type: 'remote-exec', inline: [`mkdir -p ${STAGING_DIRECTORY}`] },
        { type: 'file', content: text, destination: stagedPath },
        { type: 'remote-exec', inline: [installScript(common)] },
      ];
    } else {
      provisioners = [
        { type: 'local-exec', command: installScript({ ...common, inlineContent: text }), interpreter: ['/bin/sh', '-c'] },
        { type: 'local-exec', command: remove, interpreter: ['/bin/sh', '-c'], when: 'destroy' },
      ];
    }
    const hash = createHash('sha256').update(text).update('\0').update(settings.securityPolicy ?? '').digest('hex');
    const resource = new NullResource(this, 'deploy', {
      triggers: {
        unit: this.installPath,
        sha256: hash,
        ...(settings.budgetTenths !== undefined ? { budget: (settings.budgetTenths / 10).toFixed(1) } : {}),
      },
      ...(connection ? { connection } : {}),
      provisioners,
      dependsOn: this.installAfter().map((u) => u.ensureDeployResource()),
    });
    if (connection) {
      // The typed API has `when` on local-exec only; a destroy-time remote-exec is added as an override.
      resource.addOverride('provisioner.3', { 'remote-exec': { inline: [remove], when: 'destroy' } });
    }
    this.deployResource = resource;
    return resource;
  }
}
