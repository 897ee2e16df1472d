/**
 * `SystemdTimer`: starts a {@link SystemdService} on a schedule (systemd.timer). The service is then
 * installed but not enabled by itself; the timer is enabled and started.
 */
import type { Construct } from 'constructs';
import type { UnitDocument } from '../unit/model';
import { buildDocument, type Directives } from './documents';
import type { SystemdService } from './service';
import { SystemdUnit, type DeploySettings } from './unit';

/** Properties of {@link SystemdTimer}. */
export interface SystemdTimerProps {
  /** The service the timer starts (must be on the same host). */
  readonly service: SystemdService;
  /** Timer name without `.timer`. @default the service's name */
  readonly name?: string;
  /** [Unit] settings. @default a Description naming the service */
  readonly unit?: Directives;
  /** [Timer] settings, e.g. `{ OnCalendar: ['daily'], Persistent: true, RandomizedDelaySec: '15min' }`. */
  readonly timer: Directives;
  /** [Install] settings. @default `{ WantedBy: ['timers.target'] }` */
  readonly install?: Directives;
}

/** A timer unit activating a service. */
export class SystemdTimer extends SystemdUnit {
  private readonly props: SystemdTimerProps;

  constructor(scope: Construct, id: string, props: SystemdTimerProps) {
    super(scope, id, `${props.name ?? props.service.unitName.replace(/\.service$/, '')}.timer`);
    if (props.service.host !== this.host) {
      throw new Error(`${this.node.path}: the timer and ${props.service.node.path} must be on the same host`);
    }
    const schedule = ['OnCalendar', 'OnActiveSec', 'OnBootSec', 'OnStartupSec', 'OnUnitActiveSec', 'OnUnitInactiveSec'];
    if (!schedule.some((k) => props.timer[k] !== undefined)) {
      throw new Error(`${this.node.path}: a timer needs at least one of ${schedule.join(', ')}`);
    }
    this.props = props;
    props.service.activateBy(this.unitName);
  }

  get document(): UnitDocument {
    const service = this.props.service.unitName;
    const unitOwn = this.props.service.unitName.replace(/\.service$/, '.timer') === this.unitName ? {} : { Unit: service };
    return buildDocument({
      Unit: this.props.unit ?? { Description: `Timer for ${service}` },
      Timer: { ...unitOwn, ...this.props.timer },
      Install: this.props.install ?? { WantedBy: ['timers.target'] },
    });
  }

  protected override installAfter(): SystemdUnit[] {
    return [this.props.service];
  }

  protected deploySettings(): DeploySettings {
    return { activation: 'enable-restart' };
  }
}
