/**
 * The security record assessUnit() built for a report, kept beside the report (not in it) so that
 * systemdRowOrder() need not build it again: half of the work of ordering a report's rows. Kept only
 * as long as the report lives, and reused only for the very document, file and host it was built from.
 */
import type { HostFacts } from '../unit/specifiers';
import type { UnitDocument } from '../unit/model';
import type { SecurityRecord } from './security-record';

interface Built {
  readonly record: SecurityRecord;
  readonly document: UnitDocument;
  readonly file: string | undefined;
  readonly host: HostFacts | undefined;
}

const built = new WeakMap<object, Built>();

/** Remembers the record `report` was scored from, with what it was built from. */
export function rememberRecord(report: object, record: SecurityRecord, document: UnitDocument, file: string | undefined, host: HostFacts | undefined): void {
  built.set(report, { record, document, file, host });
}

/** The record of `report` when it was built from exactly this document, file and host. */
export function recordOf(report: object, document: UnitDocument, file: string | undefined, host: HostFacts | undefined): SecurityRecord | undefined {
  const b = built.get(report);
  return b !== undefined && b.document === document && b.file === file && b.host === host ? b.record : undefined;
}
