/**
 * What every report of a stack is built from: one {@link ReportUnit} per scored unit. Constructs make
 * these at synth; nothing here knows cdktf.
 */
import type { ExposurePolicy } from '../policy/budget';
import type { ReportEntry } from '../policy/report';
import type { UnitDocument } from '../unit/model';
import type { SourceLocation } from './source-location';

/** One scored unit and what the reports need beyond its verdicts. */
export interface ReportUnit {
  /** The verdicts, budget source and warnings (the same entry the JSON and Markdown reports list). */
  readonly entry: ReportEntry;
  /** The unit as rendered, to score it on other systemd releases. */
  readonly document: UnitDocument;
  /** The effective policy (budget, required checks, acknowledgements, weights). */
  readonly policy: ExposurePolicy;
  /** The unit file, relative to the stack's output folder (`units/web1/website.service`). */
  readonly unitFile: string;
  /** The line of the app's code that declared the unit, relative to the project root, when known. */
  readonly declaredAt?: SourceLocation;
}
