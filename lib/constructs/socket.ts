/**
 * `SystemdSocket`: socket activation (systemd.socket) for a {@link SystemdService}. systemd listens and
 * starts the service on the first connection, so the service itself needs no network privileges to
 * bind (with `Accept=no` it receives the listening socket).
 */
import type { Construct } from 'constructs';
import type { UnitDocument } from '../unit/model';
import { buildDocument, type Directives } from './documents';
import type { SystemdService } from './service';
import { SystemdUnit, type DeploySettings } from './unit';

/** Properties of {@link SystemdSocket}. */
export interface SystemdSocketProps {
  /** The service the socket activates (same host). */
  readonly service: SystemdService;
  /** Socket name without `.socket`. @default the service's name */
  readonly name?: string;
  readonly unit?: Directives;
  /** [Socket] settings, e.g. `{ ListenStream: ['/run/app.sock'], SocketMode: '0660' }`. */
  readonly socket: Directives;
  /** @default `{ WantedBy: ['sockets.target'] }` */
  readonly install?: Directives;
}

/** A socket unit activating a service. */
export class SystemdSocket extends SystemdUnit {
  private readonly props: SystemdSocketProps;

  constructor(scope: Construct, id: string, props: SystemdSocketProps) {
    super(scope, id, `${props.name ?? props.service.unitName.replace(/\.service$/, '')}.socket`);
    if (props.service.host !== this.host) {
      throw new Error(`${this.node.path}: the socket and ${props.service.node.path} must be on the same host`);
    }
    const listen = ['ListenStream', 'ListenDatagram', 'ListenSequentialPacket', 'ListenFIFO', 'ListenSpecial', 'ListenNetlink', 'ListenMessageQueue', 'ListenUSBFunction'];
    if (!listen.some((k) => props.socket[k] !== undefined)) {
      throw new Error(`${this.node.path}: a socket needs at least one of ${listen.join(', ')}`);
    }
    this.props = props;
    props.service.activateBy(this.unitName);
  }

  get document(): UnitDocument {
    const service = this.props.service.unitName;
    const sameName = service.replace(/\.service$/, '.socket') === this.unitName;
    return buildDocument({
      Unit: this.props.unit ?? { Description: `Socket for ${service}` },
      Socket: { ...(sameName ? {} : { Service: service }), ...this.props.socket },
      Install: this.props.install ?? { WantedBy: ['sockets.target'] },
    });
  }

  protected override installAfter(): SystemdUnit[] {
    return [this.props.service];
  }

  protected deploySettings(): DeploySettings {
    return { activation: 'enable-restart' };
  }
}
