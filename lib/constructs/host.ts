/**
 * A host: where a group of units is deployed together, and which systemd release runs there (the
 * release decides how units are scored and which directives they may use).
 */
import { Construct } from 'constructs';
import type { SystemdRelease } from '../exposure';
import { DEFAULT_RELEASE, SUPPORTED_RELEASES } from '../exposure';
import type { ExposurePolicy } from '../policy/budget';
import type { SSHProvisionerConnection } from './cdktf';

/** A host reached over SSH. */
export interface SshTarget {
  readonly type: 'ssh';
  /** Host name or address. */
  readonly host: string;
  /** Login user (root, or a user allowed to run systemctl through sudo-less root). @default "root" */
  readonly user?: string;
  /** Private key contents (e.g. from a Terraform variable); omit to use the SSH agent. */
  readonly privateKey?: string;
  /** Use the local SSH agent. @default true when no privateKey is given */
  readonly agent?: boolean;
  /** @default 22 */
  readonly port?: number;
  /** Jump host to connect through. */
  readonly bastion?: { readonly host: string; readonly user?: string; readonly privateKey?: string; readonly port?: number };
}

/** The machine that runs Terraform itself. */
export interface LocalTarget {
  readonly type: 'local';
}

/** Where units go. */
export type HostTarget = SshTarget | LocalTarget;

/** Properties of {@link SystemdHost}. */
export interface SystemdHostProps {
  readonly target: HostTarget;
  /** systemd release running on the host; scoring and directive checks follow it. @default the newest supported */
  readonly systemd?: SystemdRelease;
  /** Default exposure policy for the services on this host (a service's own policy refines it). */
  readonly policy?: ExposurePolicy;
}

/** A host and the units deployed to it. Units are created with the host as their scope. */
export class SystemdHost extends Construct {
  /** Returns the host that `scope` belongs to; throws when it is not inside one. */
  static of(scope: Construct): SystemdHost {
    for (let s: Construct | undefined = scope; s; s = s.node.scope) {
      if (s instanceof SystemdHost) return s;
    }
    throw new Error(`${scope.node.path}: units must be created inside a SystemdHost (new SystemdService(host, ...))`);
  }

  readonly target: HostTarget;
  readonly release: SystemdRelease;
  readonly policy: ExposurePolicy | undefined;

  constructor(scope: Construct, id: string, props: SystemdHostProps) {
    super(scope, id);
    const release = props.systemd ?? DEFAULT_RELEASE;
    if (!SUPPORTED_RELEASES.includes(release)) {
      throw new Error(`${this.node.path}: systemd release '${release}' is not supported (${SUPPORTED_RELEASES.join(', ')})`);
    }
    if (props.target.type === 'ssh') validateSsh(this.node.path, props.target);
    this.target = props.target;
    this.release = release;
    this.policy = props.policy;
  }

  /** The Terraform connection block for SSH targets, undefined for the local machine. */
  get connection(): SSHProvisionerConnection | undefined {
    const t = this.target;
    if (t.type !== 'ssh') return undefined;
    return {
      type: 'ssh',
      host: t.host,
      user: t.user ?? 'root',
      ...(t.port !== undefined ? { port: t.port } : {}),
      ...(t.privateKey !== undefined ? { privateKey: t.privateKey } : {}),
      agent: String(t.agent ?? t.privateKey === undefined),
      ...(t.bastion
        ? {
            bastionHost: t.bastion.host,
            ...(t.bastion.user !== undefined ? { bastionUser: t.bastion.user } : {}),
            ...(t.bastion.privateKey !== undefined ? { bastionPrivateKey: t.bastion.privateKey } : {}),
            ...(t.bastion.port !== undefined ? { bastionPort: t.bastion.port } : {}),
          }
        : {}),
    };
  }
}

function validateSsh(path: string, t: SshTarget): void {
  if (!t.host || /\s/.test(t.host)) throw new Error(`${path}: ssh target host must be a host name or address, got '${t.host}'`);
  for (const port of [t.port, t.bastion?.port]) {
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
      throw new Error(`${path}: ssh port must be an integer 1..65535, got ${port}`);
    }
  }
}
