/**
 * The typed unit model: one object per unit kind whose sections use systemd's own directive names,
 * e.g. `{ Unit: { Description: 'x', After: ['network.target'] }, Service: { ExecStart: ['/usr/bin/foo'],
 * PrivateTmp: true }, Install: { WantedBy: ['multi-user.target'] } }`.
 *
 * Normal form (what {@link fromDocument} returns, and what round-trips exactly): booleans as `true`/
 * `false`; durations, sizes and modes as strings; command lines as raw strings; literal text as plain
 * strings and text with `%` specifiers as `{ specifiers }`; lists without `''` resets; no empty sections.
 */
import type { InstallSectionModel, ServiceSectionModel, SocketSectionModel, TimerSectionModel, UnitSectionModel } from './sections.generated';

export type { InstallSectionModel, ServiceSectionModel, SocketSectionModel, TimerSectionModel, UnitSectionModel } from './sections.generated';

/** A raw `Key=value` entry kept as is. */
export interface ExtraEntry {
  readonly key: string;
  readonly value: string;
}

/**
 * Entries the typed sections cannot hold: unknown sections (e.g. `X-Custom`), directives the
 * catalog does not know, and values systemd would refuse (read from a document). Written after the
 * typed entries of the same section.
 */
export interface ExtraEntries {
  readonly [section: string]: readonly ExtraEntry[];
}

/** A service unit (`foo.service`). */
export interface ServiceUnitModel {
  readonly Unit?: UnitSectionModel;
  readonly Service?: ServiceSectionModel;
  readonly Install?: InstallSectionModel;
  readonly extra?: ExtraEntries;
}

/** A socket unit (`foo.socket`). */
export interface SocketUnitModel {
  readonly Unit?: UnitSectionModel;
  readonly Socket?: SocketSectionModel;
  readonly Install?: InstallSectionModel;
  readonly extra?: ExtraEntries;
}

/** A timer unit (`foo.timer`). */
export interface TimerUnitModel {
  readonly Unit?: UnitSectionModel;
  readonly Timer?: TimerSectionModel;
  readonly Install?: InstallSectionModel;
  readonly extra?: ExtraEntries;
}

/** Any typed unit. */
export type TypedUnitModel = ServiceUnitModel | SocketUnitModel | TimerUnitModel;
