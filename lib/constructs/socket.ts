/**
 * `SystemdSocket`: socket activation (systemd.socket) for a {@link SystemdService}. systemd listens and
 * starts the service on the first connection, so the service itself needs no privilege to bind.
 */
import type { Construct } from 'constructs';
import { ActivatorUnit, type ActivatorProps } from './activator';
import type { SocketSectionModel } from './documents';

/** Properties of {@link SystemdSocket}. */
export interface SystemdSocketProps extends ActivatorProps {
  /** [Socket] settings, e.g. `{ ListenStream: ['/run/app.sock'], SocketMode: '0660' }`. */
  readonly socket: SocketSectionModel;
}

const SOCKET = {
  type: 'socket',
  section: 'Socket',
  targetKey: 'Service',
  required: ['ListenStream', 'ListenDatagram', 'ListenSequentialPacket', 'ListenFIFO', 'ListenSpecial', 'ListenNetlink', 'ListenMessageQueue', 'ListenUSBFunction'],
  wantedBy: 'sockets.target',
} as const;

/** A socket unit activating a service; the service is installed but not enabled by itself. */
export class SystemdSocket extends ActivatorUnit {
  constructor(scope: Construct, id: string, props: SystemdSocketProps) {
    super(scope, id, SOCKET, props, props.socket);
  }
}
