/**
 * `SystemdDropIn`: an override for a unit the distribution ships (`/etc/systemd/system/NAME.d/*.conf`),
 * e.g. hardening `ssh.service` without copying its unit file. The host checks the merged unit with
 * `systemd-analyze verify` and, for services with a budget, its live score before the drop-in stays.
 */
import type { Construct } from 'constructs';
import { budgetToTenths } from '../policy/budget';
import type { UnitDocument } from '../unit/model';
import { buildDocument, type InstallSectionModel, type ServiceSectionModel, type SocketSectionModel, type TimerSectionModel, type UnitSectionModel } from './documents';
import type { ExtraEntries } from '../unit/typed';
import { parseUnitName } from '../unit/unit-name';
import { SystemdUnit, type DeploySettings } from './unit';
import { checkPlan } from '../deploy/plan';

/** Properties of {@link SystemdDropIn}. */
export interface SystemdDropInProps {
  /** The unit to override, e.g. `ssh.service`. */
  readonly unit: string;
  /** Drop-in file name (`.conf` added). @default `50-<construct id>` */
  readonly fileName?: string;
  /** Settings by section, e.g. `{ Service: { ProtectSystem: 'strict' } }`. */
  readonly sections: {
    readonly Unit?: UnitSectionModel;
    readonly Service?: ServiceSectionModel;
    readonly Socket?: SocketSectionModel;
    readonly Timer?: TimerSectionModel;
    readonly Install?: InstallSectionModel;
  };
  /** Raw entries the catalog does not know, by section (escape hatch; checked only for line safety). */
  readonly extra?: ExtraEntries;
  /**
   * Live exposure budget checked on the host after the override is applied (services only). The
   * shipped unit's text is not known at synth, so there is no synth-time score for drop-ins.
   */
  readonly budget?: number;
  /** Remove the drop-in on the next apply (the unit restarts without it); delete the declaration after that apply. */
  readonly removed?: boolean;
}

/** A drop-in override of an existing unit. */
export class SystemdDropIn extends SystemdUnit {
  private readonly props: SystemdDropInProps;
  private readonly file: string;

  constructor(scope: Construct, id: string, props: SystemdDropInProps) {
    super(scope, id, props.unit);
    const file = `${props.fileName ?? `50-${id}`}.conf`.replace(/\.conf\.conf$/, '.conf');
    try {
      checkPlan({ installPath: `${props.unit}.d/${file}`, content: '', activation: 'try-restart', enableUnits: [], runUnits: [], liveUnits: [], settleSeconds: 0 });
    } catch (err) {
      throw new Error(`${this.node.path}: ${(err as Error).message}`);
    }
    if (props.budget !== undefined) budgetToTenths(props.budget);
    this.props = props;
    this.file = file;
    this.markRemoved(props.removed);
    void this.document; // bad values fail here, at the line that wrote them
  }

  override get installPath(): string {
    return `${this.unitName}.d/${this.file}`;
  }

  get document(): UnitDocument {
    const type = parseUnitName(this.unitName).type;
    if (type !== 'service' && type !== 'socket' && type !== 'timer') {
      throw new Error(`${this.node.path}: drop-ins are supported for services, sockets and timers, not .${type}`);
    }
    return buildDocument(this.node.path, type, { ...this.props.sections, ...(this.props.extra ? { extra: this.props.extra } : {}) });
  }

  protected deploySettings(): DeploySettings {
    const isService = parseUnitName(this.unitName).type === 'service';
    return {
      activation: 'try-restart',
      enableUnits: [],
      runUnits: [this.unitName],
      liveUnits: isService && this.props.budget !== undefined ? [this.unitName] : [],
      ...(this.props.budget !== undefined ? { budgetTenths: budgetToTenths(this.props.budget) } : {}),
    };
  }
}
