/**
 * The only module that imports cdktf and its providers. Everything else in `lib/constructs/` goes
 * through these names, so moving to CDK Terrain (`cdktn`, same API) changes this file only.
 */
import { App, Aspects, TerraformStack, TerraformLocal, Annotations, Testing, DataResource, Token } from 'cdktf';
import type { ISynthesisSession, FileProvisioner, LocalExecProvisioner, RemoteExecProvisioner, SSHProvisionerConnection, TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';

export { App, Aspects, TerraformStack, Annotations, Testing };
export type { ISynthesisSession, FileProvisioner, LocalExecProvisioner, RemoteExecProvisioner, TerraformResource };

/** Whether `value` holds a Terraform token (an expression cdktf resolves at synth, e.g. a variable). */
export function isTerraformToken(value: string): boolean {
  return Token.isUnresolved(value);
}

/** `value` without the cdktf tokens in it: the text that reaches Terraform literally. */
export function literalText(value: string): string {
  return value.replace(/\$\{TfToken\[[^\]]*\]\}/g, '');
}

/** A number that may be a token, as a string Terraform reads back as that number. */
export function numberText(value: number): string {
  return Token.isUnresolved(value) ? Token.asString(value) : String(value);
}

/** Terraform resource types that can carry the deploy provisioners. */
export type DeployResourceType = 'null_resource' | 'terraform_data';

/** Inputs of {@link newDeployResource}: the same for both resource types. */
export interface DeployResourceConfig {
  /** Values that replace the resource when they change (`triggers` / `triggers_replace`). */
  readonly triggers: Readonly<Record<string, string>>;
  readonly provisioners: Array<FileProvisioner | RemoteExecProvisioner | LocalExecProvisioner>;
  readonly dependsOn: TerraformResource[];
  /** The SSH connection block, keys as Terraform spells them (`private_key`), values as strings. */
  readonly connection?: Readonly<Record<string, string>>;
  /** 0 declares the resource with no instance: Terraform destroys what exists, running its destroy provisioners. */
  readonly count?: 0;
}

/** The attribute that holds the triggers, as Terraform expressions see it (`self.<key>.name`). */
export function triggersAttribute(type: DeployResourceType): string {
  return type === 'null_resource' ? 'triggers' : 'triggers_replace';
}

/**
 * A `null_resource` (provider hashicorp/null, added to the stack once) or a built-in `terraform_data`
 * (Terraform >= 1.4, no provider download). Replacement is create-before-destroy: the new resource
 * installs (and claims the unit) before the old one's destroy-time removal runs.
 */
export function newDeployResource(scope: Construct, id: string, type: DeployResourceType, c: DeployResourceConfig): TerraformResource {
  const common = {
    provisioners: c.provisioners,
    lifecycle: { createBeforeDestroy: true },
    ...(c.count === 0 ? { count: 0 } : {}),
    // typed as SSHProvisionerConnection (camelCase, port a number), written as Terraform spells it;
    // an addOverride('connection') would do the same but makes cdktf's synth several times heavier
    ...(c.connection ? { connection: c.connection as unknown as SSHProvisionerConnection } : {}),
  };
  let resource: TerraformResource;
  if (type === 'terraform_data') {
    resource = new DataResource(scope, id, { ...common, triggersReplace: { ...c.triggers } });
  } else {
    const stack = TerraformStack.of(scope);
    if (!stack.node.tryFindChild('null')) new NullProvider(stack, 'null');
    resource = new NullResource(scope, id, { ...common, triggers: { ...c.triggers } });
  }
  // depends_on as plain addresses, the text cdktf would resolve its tokens to: each token
  // (a Dependable and the target's fqn Reference) captures and formats a full stack trace.
  resource.dependsOn = c.dependsOn.map(addressOf);
  return resource;
}

/** A resource's address as Terraform's `depends_on` names it (`null_resource.x`). */
function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/**
 * A Terraform expression reading `attribute` of `resource`, e.g. `${terraform_data.x.triggers_replace.host}`,
 * as plain text rather than a cdktf token: cdktf resolves long strings holding tokens slowly and
 * with much garbage (the install scripts would hold two), and the address is already known.
 */
export function attributeExpression(resource: TerraformResource, attribute: string): string {
  return `\${${addressOf(resource)}.${attribute}}`;
}

/**
 * A reference to a Terraform local value of `scope`'s stack, created once per stack: text many
 * resources share travels once in cdk.tf.json. `value` must hold no template opener (Terraform
 * evaluates it once; what it interpolates into a provisioner is not evaluated again), and `name`
 * must change with it (e.g. carry a hash of it).
 */
export function sharedLocal(scope: Construct, name: string, value: string): string {
  const stack = TerraformStack.of(scope);
  const local = (stack.node.tryFindChild(name) as TerraformLocal | undefined) ?? new TerraformLocal(stack, name, value);
  return `\${local.${local.friendlyUniqueId}}`; // plain text, as attributeExpression
}

/** A construct that writes its own files into the stack's output folder during synth. */
export interface CustomSynthesis {
  onSynthesize(session: ISynthesisSession): void;
}

// cdktf (and cdktn) call `onSynthesize` on every construct that carries this well-known symbol; it is
// how TerraformAsset writes its files. Using it keeps unit files and reports inside cdktf.out/.
const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');

/** Registers `synthesis` to run when the stack containing `construct` is synthesized. */
export function addCustomSynthesis(construct: object, synthesis: CustomSynthesis): void {
  Object.defineProperty(construct, CUSTOM_SYNTHESIS, { value: synthesis, enumerable: false });
}
