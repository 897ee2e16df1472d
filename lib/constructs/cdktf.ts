/**
 * The only module that imports cdktf and its providers. Everything else in `lib/constructs/` goes
 * through these names, so moving to CDK Terrain (`cdktn`, same API) changes this file only.
 */
import { App, Aspects, TerraformStack, Annotations, Testing } from 'cdktf';
import type { ISynthesisSession, SSHProvisionerConnection, FileProvisioner, LocalExecProvisioner, RemoteExecProvisioner } from 'cdktf';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';

export { App, Aspects, TerraformStack, Annotations, Testing, NullProvider, NullResource };
export type { ISynthesisSession, SSHProvisionerConnection, FileProvisioner, LocalExecProvisioner, RemoteExecProvisioner };

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
