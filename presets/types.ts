/**
 * Presets are plain typed data: each setting carries the reason it is there, so a reviewer (and the
 * README) can tell why a service is locked down the way it is.
 */
import type { ServiceSectionModel } from '../lib/unit/typed';

/** One preset setting and why it is safe for the services the preset is meant for. */
export interface PresetSetting<V> {
  readonly value: V;
  readonly reason: string;
}

/** The [Service] settings of a preset, each with its reason. */
export type PresetSettings = { readonly [K in keyof ServiceSectionModel]?: PresetSetting<NonNullable<ServiceSectionModel[K]>> };

/** A named hardening preset. */
export interface Preset {
  /** Preset name, e.g. `strict`. */
  readonly name: string;
  /** What kind of service it fits. */
  readonly summary: string;
  /** Exposure budget the preset is built to meet on every supported release (tested). */
  readonly budget: number;
  readonly settings: PresetSettings;
  /** What commonly breaks under the preset, and how to relax it. */
  readonly caveats: readonly string[];
  /** Checks every service using the preset must pass, whatever its budget. */
  readonly requiredChecks?: readonly string[];
}
