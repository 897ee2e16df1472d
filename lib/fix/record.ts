/**
 * What the recording run of the user's app (record-app.ts, a `tsx` child) hands to `cdktf-systemd fix`:
 * every service with its declaration site and, for those that fail their policy, the planner's
 * settings already in the typed form the `service:` props take. JSON, so the child and the command
 * share nothing but this shape.
 */

/** A typed directive value as `service:` props hold it (`true`, `'strict'`, `['~@swap']`). */
export type TypedValue = boolean | number | string | readonly TypedValue[] | { readonly [key: string]: TypedValue };

/** One check a setting makes pass, and what the setting may break. */
export interface FixReason {
  /** The check as systemd prints it (`PrivateNetwork=`). */
  readonly check: string;
  /** What may stop working (the planner's caveat or breakage), when known. */
  readonly breaks?: string;
}

/** One directive of the plan: the value to write into `service:`, and why. */
export interface PlannedSetting {
  /** [Service] directive name. */
  readonly key: string;
  /** The value the directive must have after the fix (for lists: earlier items, then the plan's). */
  readonly value: TypedValue;
  /** The directive's value in the unit as synthesized (undefined when unset). */
  readonly before?: TypedValue;
  /** Only the plan's own items, for lists (appended to a list the user wrote). */
  readonly added?: readonly TypedValue[];
  /** Whether the directive is a list (systemd accumulates its assignments). */
  readonly list: boolean;
  /** True when the plan's items start with a reset (`''`): earlier items do not matter. */
  readonly resets: boolean;
  readonly reasons: readonly FixReason[];
}

/** The planner's answer for one failing service. */
export interface UnitPlan {
  /** `offline` or `live`: the verdict the plan fixes. */
  readonly mode: 'offline' | 'live';
  /** Exposure in tenths before and after the plan, and the budget in tenths. */
  readonly exposure: number;
  readonly exposureAfter: number;
  readonly budget: number;
  readonly settings: readonly PlannedSetting[];
  /** Directives the plan sets that the user dropped from the preset on purpose (key → reason). */
  readonly conflicts: Readonly<Record<string, string>>;
}

/** One `SystemdService` of the app. */
export interface RecordedUnit {
  /** Construct path (`example/web1/website`). */
  readonly path: string;
  /** Construct id (the path's last segment). */
  readonly id: string;
  readonly unit: string;
  /** Where `new SystemdService(…)` was written: absolute file, 1-based line and column. */
  readonly site?: { readonly file: string; readonly line: number; readonly column: number };
  /** True when the unit passes its policy (offline and live). */
  readonly ok: boolean;
  /** Present when the unit fails its policy. */
  readonly plan?: UnitPlan;
  /** Why no plan could be made (e.g. scoring failed). */
  readonly error?: string;
}

/** The whole recording. */
export interface AppRecord {
  readonly units: readonly RecordedUnit[];
  /** How many times the app called `app.synth()`. */
  readonly synthCalls: number;
  /** The errors synth raised (validation), if any: recorded rather than thrown. */
  readonly synthErrors: readonly string[];
}

/** Environment of the recording child: where to write the record, and the budget override. */
export const RECORD_FILE_ENV = 'CDKTF_SYSTEMD_FIX_RECORD';
export const BUDGET_OVERRIDE_ENV = 'CDKTF_SYSTEMD_FIX_BUDGET';
