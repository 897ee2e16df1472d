/**
 * From construct props to a raw unit document: preset ← user settings, then one entry per value.
 */
import type { UnitDocument, UnitEntry } from '../unit/model';
import type { SystemdRelease } from '../exposure';
import type { Preset } from '../../presets/types';

/** A directive value as written in props: booleans render yes/no; a list renders one line per item. */
export type DirectiveInput = string | number | boolean | readonly string[];

/** The settings of one section, by systemd directive name. */
export type Directives = { readonly [directive: string]: DirectiveInput | undefined };

/** A unit as sections of directives. */
export interface UnitSpec {
  readonly [section: string]: Directives | undefined;
}

/** Preset settings overridden by the user's; settings named in `remove` are dropped. */
export function applyPreset(preset: Preset | undefined, remove: Readonly<Record<string, string | undefined>> | undefined, own: Directives): Directives {
  const out: Record<string, DirectiveInput | undefined> = {};
  for (const [key, setting] of Object.entries(preset?.settings ?? {})) {
    if (setting && !(remove && key in remove)) out[key] = setting.value as DirectiveInput;
  }
  for (const [key, value] of Object.entries(own)) if (value !== undefined) out[key] = value;
  return out;
}

function entriesOf(key: string, value: DirectiveInput): UnitEntry[] {
  if (typeof value === 'boolean') return [{ key, value: value ? 'yes' : 'no' }];
  if (typeof value === 'number') return [{ key, value: String(value) }];
  if (typeof value === 'string') return [{ key, value }];
  return value.map((v) => ({ key, value: v }));
}

/** Builds the raw document; sections without settings are left out. */
export function buildDocument(spec: UnitSpec): UnitDocument {
  const sections = Object.entries(spec)
    .filter((e): e is [string, Directives] => e[1] !== undefined)
    .map(([name, directives]) => ({
      name,
      entries: Object.entries(directives).flatMap(([k, v]) => (v === undefined ? [] : entriesOf(k, v))),
    }))
    .filter((s) => s.entries.length > 0);
  return { sections };
}

/** Directives the target release does not know (none known yet without the directive catalog). */
export function directiveWarnings(_doc: UnitDocument, _release: SystemdRelease): string[] {
  return [];
}
