/**
 * Base of units that start a service: timers and sockets. The service is installed first (the
 * activator's deploy resource depends on it) and is not enabled by itself; the activator is enabled.
 */
import type { Construct } from 'constructs';
import type { UnitDocument } from '../unit/model';
import type { ExtraEntries } from '../unit/typed';
import { buildDocument, type InstallSectionModel, type UnitSectionModel } from './documents';
import type { SystemdService } from './service';
import { SystemdUnit, type DeploySettings } from './unit';

/** What differs between activator types. */
export interface ActivatorKind {
  /** Unit type suffix and section name, e.g. `timer` / `Timer`. */
  readonly type: 'timer' | 'socket';
  readonly section: 'Timer' | 'Socket';
  /** Directive naming the activated unit when names differ (`Unit=` for timers, `Service=` for sockets). */
  readonly targetKey: 'Unit' | 'Service';
  /** At least one of these must be set. */
  readonly required: readonly string[];
  readonly wantedBy: string;
}

/** Properties shared by activators. */
export interface ActivatorProps {
  /** The service it starts (same host). */
  readonly service: SystemdService;
  /** Unit name without suffix. @default the service's name */
  readonly name?: string;
  /** [Unit] settings. @default a Description naming the service */
  readonly unit?: UnitSectionModel;
  /** [Install] settings. @default WantedBy= timers.target / sockets.target */
  readonly install?: InstallSectionModel;
  /** Raw entries the catalog does not know, by section (escape hatch; checked only for line safety). */
  readonly extra?: ExtraEntries;
  /** Remove it from its host on the next apply; delete the declaration after that apply (see SystemdService `removed`). */
  readonly removed?: boolean;
}

/** A timer or socket activating a service. */
export abstract class ActivatorUnit extends SystemdUnit {
  private readonly service: SystemdService;
  private readonly settings: Readonly<Record<string, unknown>>;

  protected constructor(
    scope: Construct,
    id: string,
    private readonly kind: ActivatorKind,
    private readonly props: ActivatorProps,
    settingsModel: object,
  ) {
    super(scope, id, `${props.name ?? props.service.unitName.replace(/\.service$/, '')}.${kind.type}`);
    if (props.service.host !== this.host) {
      throw new Error(`${this.node.path}: the ${kind.type} and ${props.service.node.path} must be on the same host`);
    }
    const settings = settingsModel as Readonly<Record<string, unknown>>;
    if (!kind.required.some((k) => settings[k] !== undefined)) {
      throw new Error(`${this.node.path}: a ${kind.type} needs at least one of ${kind.required.join(', ')}`);
    }
    this.service = props.service;
    this.settings = settings;
    this.markRemoved(props.removed);
    if (props.service.removed && !this.removed) {
      throw new Error(`${this.node.path}: it activates ${props.service.node.path}, which is declared removed; declare this ${kind.type} removed too`);
    }
    props.service.activateBy(kind.type);
    void this.document; // bad values fail here, at the line that wrote them
  }

  get document(): UnitDocument {
    const service = this.service.unitName;
    const sameName = service.replace(/\.service$/, `.${this.kind.type}`) === this.unitName;
    // An Accept=yes socket starts instances of `NAME@.service` and systemd refuses an explicit Service= there.
    const accepting = this.settings.Accept === true && service === this.unitName.replace(/\.socket$/, '@.service');
    return buildDocument(this.node.path, this.kind.type, {
      Unit: this.props.unit ?? { Description: `${this.kind.section} for ${service}` },
      [this.kind.section]: { ...(sameName || accepting ? {} : { [this.kind.targetKey]: service }), ...this.settings },
      Install: this.props.install ?? { WantedBy: [this.kind.wantedBy] },
      ...(this.props.extra ? { extra: this.props.extra } : {}),
    });
  }

  protected override installAfter(): SystemdUnit[] {
    return [this.service];
  }

  protected deploySettings(): DeploySettings {
    const hasInstall = this.document.sections.some((x) => x.name === 'Install' && x.entries.length > 0);
    return {
      activation: 'start',
      enableUnits: hasInstall ? [this.unitName] : [],
      runUnits: [this.unitName],
      // systemd refuses to restart a socket while its service runs: stop the service first
      ...(this.kind.type === 'socket' ? { stopFirst: this.service.managedUnits } : {}),
      liveUnits: [],
    };
  }
}
