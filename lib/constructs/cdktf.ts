/**
 * The only module that imports cdktf and its providers. Everything else in `lib/constructs/` goes
 * through these names, so moving to CDK Terrain (`cdktn`, same API) changes this file only.
 */
import { App, Aspects, TerraformStack, TerraformLocal, Annotations, Testing, DataResource, Token, Tokenization, DefaultTokenResolver, StringConcat } from 'cdktf';
import type { ISynthesisSession, FileProvisioner, LocalExecProvisioner, RemoteExecProvisioner, SSHProvisionerConnection, TerraformResource } from 'cdktf';
import * as path from 'node:path';
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
  const stack = TerraformStack.of(scope);
  let resource: TerraformResource;
  if (type === 'terraform_data') {
    resource = new DeployDataResource(scope, id, { ...common, triggersReplace: { ...c.triggers } });
  } else {
    if (!stack.node.tryFindChild('null')) new NullProvider(stack, 'null');
    resource = new DeployNullResource(scope, id, { ...common, triggers: { ...c.triggers } });
  }
  const ofStack = deployResourcesOf.get(stack) ?? [];
  if (ofStack.length === 0) deployResourcesOf.set(stack, ofStack);
  ofStack.push(resource);
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

/**
 * Runs `around` in place of `stack`'s synthesis; it calls `synthesize` for cdktf's own (aspects,
 * validations, custom synthesis, annotations, the stack file). `stackFile` is where cdktf writes
 * the stack's Terraform JSON.
 */
export function aroundStackSynthesis(stack: TerraformStack, around: (synthesize: () => void, stackFile: string) => void): void {
  const cdktfSynthesizer = stack.synthesizer;
  stack.synthesizer = {
    synthesize: (session: ISynthesisSession) =>
      around(
        () => cdktfSynthesizer.synthesize(session),
        path.join(session.outdir, session.manifest.forStack(stack).synthesizedStackPath),
      ),
  };
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

// ---------------------------------------------------------------------------------------------------
// Synth without cdktf's resolve for plain deploy resources.
//
// TerraformStack.toTerraform() resolves every element's JSON twice (its fragment, then the merged
// stack) through a generic token walker: at 10,000 services that is most of cdktf's time for
// 22,000 resources whose JSON holds no token at all. For those, resolve is the identity (less
// `undefined` values), so the stack asks cdktf for a document in which each of them is a placeholder
// string — cdktf still merges every element, in its own order — and puts the resource's attributes
// in the placeholder's place. A resource holding anything resolve could change (a token string or
// number, an object that is not plain data, moved/import blocks) is left to cdktf, as is every
// resource when the stack has overrides of its own. Tests compare both ways byte for byte.
// ---------------------------------------------------------------------------------------------------

/** The deploy resources of each stack, in creation order. */
const deployResourcesOf = new WeakMap<TerraformStack, TerraformResource[]>();

/** How many deploy resources the last toTerraform of a stack wrote without cdktf's resolve (tests, benchmarks). */
export function plainDeferredCount(stack: TerraformStack): number {
  return deferredCounts.get(stack) ?? 0;
}
const deferredCounts = new WeakMap<TerraformStack, number>();

/** While a stack's toTerraform runs: each deferred resource → its attributes, ready as JSON. */
let deferred: Map<TerraformResource, unknown> | undefined;

const PLACEHOLDER = 'cdktf-systemd: attributes follow';

/** A deploy resource's fragment while deferred: the placeholder in its attributes' place. */
function placeholderFragment(r: TerraformResource): object | undefined {
  if (!deferred?.has(r)) return undefined;
  return { resource: { [r.terraformResourceType]: { [r.friendlyUniqueId]: PLACEHOLDER } } };
}

class DeployDataResource extends DataResource {
  override toTerraform(): any {
    return placeholderFragment(this) ?? super.toTerraform();
  }
}

class DeployNullResource extends NullResource {
  override toTerraform(): any {
    return placeholderFragment(this) ?? super.toTerraform();
  }
}

/**
 * `stack`'s Terraform JSON, as `cdktfToTerraform` (TerraformStack's own method) makes it, without
 * its resolve pass over plain deploy resources. `hasOverrides`: the stack has overrides of its own.
 */
export function toTerraformDeferringPlain(stack: TerraformStack, cdktfToTerraform: () => any, hasOverrides: boolean): any {
  const bodies = new Map<TerraformResource, unknown>();
  if (!hasOverrides) {
    for (const r of deployResourcesOf.get(stack) ?? []) {
      const body = plainAttributes(stack, r);
      if (body !== NOT_PLAIN) bodies.set(r, body);
    }
  }
  deferredCounts.set(stack, bodies.size);
  const outer = deferred; // another stack's, should cdktf ever nest the calls
  deferred = bodies;
  let tf: any;
  try {
    tf = cdktfToTerraform();
  } finally {
    deferred = outer;
  }
  for (const [r, body] of bodies) {
    const ofType = tf.resource?.[r.terraformResourceType];
    if (ofType?.[r.friendlyUniqueId] !== PLACEHOLDER) throw new Error(`${r.node.path}: cdktf did not keep the resource's place in its JSON`);
    ofType[r.friendlyUniqueId] = body;
  }
  return tf;
}

// what TerraformStack.toTerraform resolves with (cdktf's lib/_tokens.ts)
const TOKEN_RESOLVER = new DefaultTokenResolver(new StringConcat());
const cdktfResolve = (stack: TerraformStack, value: unknown): unknown => Tokenization.resolve(value, { scope: stack, preparing: false, resolver: TOKEN_RESOLVER });

const NOT_PLAIN: unique symbol = Symbol('not plain');

/** The resource's attributes as cdktf's resolve would leave them, or NOT_PLAIN when resolve could change them. */
function plainAttributes(stack: TerraformStack, r: TerraformResource): unknown {
  const fragment = r.toTerraform() as { resource?: Record<string, Record<string, unknown>>; moved?: unknown; import?: unknown };
  if (fragment.moved !== undefined || fragment.import !== undefined) return NOT_PLAIN;
  const attributes = fragment.resource?.[r.terraformResourceType]?.[r.friendlyUniqueId];
  return attributes === undefined ? NOT_PLAIN : plainCopy(stack, attributes);
}

// cdktf's pattern for number tokens inside strings (tokens/private/encoding.ts, forNumbers)
const NUMBER_TOKEN_IN_STRING = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;

/** A copy of `value` with `undefined` dropped, as resolve returns plain data; NOT_PLAIN for anything else. */
function plainCopy(stack: TerraformStack, value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      if (value.includes('TfToken[')) return NOT_PLAIN;
      // resolve's own answer: such text is kept unless it holds a registered number token
      return NUMBER_TOKEN_IN_STRING.test(value) ? cdktfResolve(stack, value) : value;
    case 'number':
      return Token.isUnresolved(value) ? NOT_PLAIN : value;
    case 'boolean':
    case 'undefined':
      return value;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (const item of value) {
          const copy = plainCopy(stack, item);
          if (copy === NOT_PLAIN) return NOT_PLAIN;
          if (copy !== undefined) out.push(copy);
        }
        return out;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_PLAIN;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('TfToken[')) return NOT_PLAIN;
        const copy = plainCopy(stack, item);
        if (copy === NOT_PLAIN) return NOT_PLAIN;
        if (copy !== undefined) out[key] = copy;
      }
      return out;
    }
    default:
      return NOT_PLAIN;
  }
}
