/**
 * A host: where a group of units is deployed together, which systemd release runs there (the release
 * decides how units are scored and which directives they may use), and how Terraform reaches it.
 */
import { Construct, type Node } from 'constructs';
import type { SystemdRelease } from '../exposure';
import { DEFAULT_RELEASE, SUPPORTED_RELEASES } from '../exposure';
import type { ExposurePolicy } from '../policy/budget';
import { assertPolicy } from '../policy/validate';
import { terraformTemplateProblem } from '../deploy/terraform-text';
import { isTerraformToken, literalText, numberText, type DeployResourceType } from './cdktf';

/**
 * A host reached over SSH. Every field may be a Terraform expression (e.g. `new TerraformVariable(…)
 * .stringValue`): the values are kept in the deploy resource's triggers, which is what Terraform lets
 * destroy-time provisioners read (they may reference only `self`). They are therefore stored in the
 * Terraform state, and changing one replaces (reinstalls) the host's units — without restarts, since
 * the content is unchanged. Literal text must not contain `${` or `%{` (Terraform would evaluate it).
 */
export interface SshTarget {
  readonly type: 'ssh';
  /** Host name or address. */
  readonly host: string;
  /** Login user: root, or a user whose commands run as root. @default "root" */
  readonly user?: string;
  /** Private key contents; prefer a sensitive Terraform variable or the SSH agent (the key is kept in state). */
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
  /**
   * Terraform resource that carries each unit's provisioners: `null_resource` (hashicorp/null, as cdktf
   * projects usually have) or Terraform's built-in `terraform_data` (Terraform >= 1.4, no provider
   * download: for air-gapped runs). @default the stack's, else `null_resource`
   */
  readonly deployResource?: DeployResourceType;
  /**
   * Seconds a started service without a readiness protocol (Type=simple, exec, idle) must stay active,
   * with the same invocation, to count as started. @default 3
   */
  readonly settleSeconds?: number;
}

/** Construct context key through which a stack sets its hosts' default deploy resource. */
export const DEPLOY_RESOURCE_CONTEXT = 'cdktf-systemd:deployResource';

/** Connection field → trigger key (the names Terraform's connection block uses). */
const CONNECTION_KEYS = ['host', 'user', 'port', 'private_key', 'agent', 'bastion_host', 'bastion_user', 'bastion_port', 'bastion_private_key'] as const;
type ConnectionKey = (typeof CONNECTION_KEYS)[number];

/** What a host needs of the units on it to find clashes. */
export interface HostedUnit {
  readonly node: Node;
  /** Path below /etc/systemd/system. */
  readonly installPath: string;
  /** Declared for removal: it does not clash with a unit that takes its place. */
  readonly removed: boolean;
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
  readonly settleSeconds: number;
  private readonly ownDeployResource: DeployResourceType | undefined;
  private readonly units: HostedUnit[] = [];

  constructor(scope: Construct, id: string, props: SystemdHostProps) {
    super(scope, id);
    const release = props.systemd ?? DEFAULT_RELEASE;
    if (!SUPPORTED_RELEASES.includes(release)) {
      throw new Error(`${this.node.path}: systemd release '${release}' is not supported (${SUPPORTED_RELEASES.join(', ')})`);
    }
    const settle = props.settleSeconds ?? 3;
    if (!(Number.isInteger(settle) && settle >= 0 && settle <= 600)) {
      throw new Error(`${this.node.path}: settleSeconds must be a whole number of seconds 0..600, got ${settle}`);
    }
    checkResourceType(this.node.path, props.deployResource);
    this.target = props.target;
    this.release = release;
    this.policy = props.policy;
    assertPolicy(this.node.path, props.policy);
    this.settleSeconds = settle;
    this.ownDeployResource = props.deployResource;
    if (props.target.type === 'ssh') void this.connectionTriggers(); // bad values fail where written
    this.node.addValidation({ validate: () => this.clashes() });
  }

  /** Called by each unit created on this host. */
  registerUnit(unit: HostedUnit): void {
    this.units.push(unit);
  }

  /** Two units with one path on a host would overwrite each other (and race when applied in parallel). */
  private clashes(): string[] {
    const byPath = new Map<string, string[]>();
    for (const u of this.units.filter((x) => !x.removed)) byPath.set(u.installPath, [...(byPath.get(u.installPath) ?? []), u.node.path]);
    return [...byPath]
      .filter(([, paths]) => paths.length > 1)
      .map(([file, paths]) => `${file} is declared ${paths.length} times on host ${this.node.id}: by ${paths.join(', ')} (give all but one another name)`);
  }

  /** The resource type the units of this host are deployed with. */
  get deployResource(): DeployResourceType {
    const fromStack = this.node.tryGetContext(DEPLOY_RESOURCE_CONTEXT) as DeployResourceType | undefined;
    return this.ownDeployResource ?? fromStack ?? 'null_resource';
  }

  /** The SSH connection values kept in each deploy resource's triggers; undefined for the local machine. */
  connectionTriggers(): Partial<Record<ConnectionKey, string>> | undefined {
    const t = this.target;
    if (t.type !== 'ssh') return undefined;
    const path = this.node.path;
    const out: Partial<Record<ConnectionKey, string>> = {
      host: checkedText(path, 'target.host', t.host, { nonEmpty: true, noSpace: true }),
      user: checkedText(path, 'target.user', t.user ?? 'root', { nonEmpty: true, noSpace: true }),
      agent: String(t.agent ?? t.privateKey === undefined),
    };
    if (t.port !== undefined) out.port = checkedPort(path, 'target.port', t.port);
    if (t.privateKey !== undefined) out.private_key = checkedText(path, 'target.privateKey', t.privateKey, { nonEmpty: true });
    if (t.bastion) {
      out.bastion_host = checkedText(path, 'target.bastion.host', t.bastion.host, { nonEmpty: true, noSpace: true });
      if (t.bastion.user !== undefined) out.bastion_user = checkedText(path, 'target.bastion.user', t.bastion.user, { nonEmpty: true, noSpace: true });
      if (t.bastion.port !== undefined) out.bastion_port = checkedPort(path, 'target.bastion.port', t.bastion.port);
      if (t.bastion.privateKey !== undefined) out.bastion_private_key = checkedText(path, 'target.bastion.privateKey', t.bastion.privateKey, { nonEmpty: true });
    }
    return out;
  }

  /**
   * The Terraform connection block: every value read from the resource's own triggers, the only
   * place destroy-time provisioners may read from.
   */
  connectionBlock(): Record<string, string> | undefined {
    const triggers = this.connectionTriggers();
    if (!triggers) return undefined;
    const attr = this.deployResource === 'null_resource' ? 'triggers' : 'triggers_replace';
    const block: Record<string, string> = { type: 'ssh' };
    for (const key of CONNECTION_KEYS) if (triggers[key] !== undefined) block[key] = `\${self.${attr}.${key}}`;
    return block;
  }
}

export function checkResourceType(path: string, type: string | undefined): void {
  if (type !== undefined && type !== 'null_resource' && type !== 'terraform_data') {
    throw new Error(`${path}: deployResource must be 'null_resource' or 'terraform_data', got '${type}'`);
  }
}

/** A connection string: tokens pass as Terraform expressions, literal text must be read literally. */
function checkedText(path: string, field: string, value: string, rules: { nonEmpty?: boolean; noSpace?: boolean }): string {
  if (typeof value !== 'string') throw new Error(`${path}: ${field} must be a string, got ${typeof value}`);
  const literal = literalText(value);
  const problem = terraformTemplateProblem(literal);
  if (problem) throw new Error(`${path}: ${field} ${problem}; pass a Terraform expression as a token (e.g. a TerraformVariable's stringValue) instead`);
  if (value.includes('\0')) throw new Error(`${path}: ${field} contains a NUL byte`);
  if (!isTerraformToken(value)) {
    if (rules.nonEmpty && value.trim() === '') throw new Error(`${path}: ${field} must not be empty`);
    if (rules.noSpace && /\s/.test(value)) throw new Error(`${path}: ${field} must not contain white space, got ${JSON.stringify(value)}`);
  }
  return value;
}

function checkedPort(path: string, field: string, port: number): string {
  if (isTerraformToken(numberText(port))) return numberText(port);
  if (!(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`${path}: ${field} must be an integer 1..65535, got ${port}`);
  return String(port);
}
