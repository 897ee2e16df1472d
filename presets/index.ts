/**
 * Hardening presets: `strict`, `networkService`, `batch`. Plain data; every setting says why.
 */
export { strict, type StrictOptions } from './strict';
export { networkService, type NetworkServiceOptions } from './network-service';
export { batch, type BatchOptions } from './batch';
export { BASELINE } from './common';
export type { Preset, PresetSetting, PresetSettings } from './types';
