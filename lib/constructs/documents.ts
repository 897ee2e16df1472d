/**
 * From construct props to a raw unit document through the typed model (lib/unit/typed): preset ←
 * user settings, then the catalog validates and writes every value. Bad values throw a
 * DirectiveValueError naming the directive, the value and the rule; here the construct path is added.
 */
import type { UnitDocument } from '../unit/model';
import { releaseProblems } from '../unit/catalog';
import type { UnitKind } from '../unit/catalog';
import { toDocument, type ServiceSectionModel, type TypedUnitModel } from '../unit/typed';
import { formatDiagnostic } from '../unit/parse';
import type { SystemdRelease } from '../exposure';
import type { Preset } from '../../presets/types';

export type { ServiceSectionModel, SocketSectionModel, TimerSectionModel, UnitSectionModel, InstallSectionModel } from '../unit/typed';

/** Preset settings overridden by the user's; settings named in `remove` are dropped. */
export function applyPreset(
  preset: Preset | undefined,
  remove: Readonly<Record<string, string | undefined>> | undefined,
  own: ServiceSectionModel,
): ServiceSectionModel {
  const out: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(preset?.settings ?? {})) {
    if (setting && !(remove && key in remove)) out[key] = setting.value;
  }
  for (const [key, value] of Object.entries(own)) if (value !== undefined) out[key] = value;
  return out as ServiceSectionModel;
}

/** Builds the raw document of a typed unit; errors carry the construct path. */
export function buildDocument(path: string, kind: UnitKind, model: TypedUnitModel): UnitDocument {
  try {
    return toDocument(model, { kind });
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
}

/** Directives (or values) that the target release does not know, as messages. */
export function directiveWarnings(doc: UnitDocument, release: SystemdRelease): string[] {
  return releaseProblems(doc, Number(release)).map((d) => formatDiagnostic({ severity: d.severity, message: d.message }));
}
