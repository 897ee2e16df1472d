/**
 * cdktf-systemd: typed, hardened systemd units, scored exactly like `systemd-analyze security`.
 *
 * Layers (each depends only on the ones above it in this list):
 * - `unit/`: the unit-file model (parse, render, directive catalog), nothing of scoring or cdktf;
 * - `exposure/`: the exposure scorer, per systemd release;
 * - `constructs/`: cdktf constructs, presets and budgets;
 * - `cli/`: the `cdktf-systemd` command.
 */
export * from './unit/model';
export * from './unit/parse';
export * from './unit/render';
export * from './unit/canonical';
export * from './unit/unit-name';
export * from './unit/load';
export * from './unit/specifiers';
export * from './exposure';
export * from './policy/budget';
export * from './policy/report';
export { CHECK_FIXES, type CheckFix, type FixAssignment } from './policy/fixes';
export * from './policy/planner';
export * from './deploy';
export * from './report';
export * from './constructs';
export * as presets from '../presets';
export * from './unit/values';
export * from './unit/catalog';
export * from './unit/typed';
export * from './import';
