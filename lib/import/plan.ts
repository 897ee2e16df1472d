/**
 * What an import declares, before any TypeScript is written: one planned construct per unit file
 * (service, socket or timer), its drop-ins merged or kept apart, activators linked to their
 * services, and every comment of the files attached to the setting it precedes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadUnitFile, type LoadedUnit } from '../unit/load';
import { UnitParseError } from '../unit/parse';
import type { SourcePosition, UnitDocument } from '../unit/model';
import { parseUnitName } from '../unit/unit-name';
import type { UnitKind } from '../unit/catalog';
import { collectComments, type UnitComments } from './comments';
import { convertDocument, type ConvertedDocument } from './convert';

/** Thrown for a file that cannot be imported: names the file and the reason. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** The parser's typed error when systemd would refuse the file. */
    override readonly cause?: UnitParseError,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ImportError';
  }
}

/** Comments of a planned document, by where they go in the declaration. */
export interface PlannedComments {
  /** Comments of the file as a whole (before sections, at headers, after the end). */
  readonly unit: readonly string[];
  /** Comments before the assignments, by `file:line` of the assignment. */
  readonly at: (position: SourcePosition | undefined) => readonly string[];
}

/** A drop-in kept as a `SystemdDropIn`. */
export interface PlannedDropIn {
  readonly file: string;
  /** Folder it was found in (`foo.service.d`, or a template, dash-prefix or type-wide folder). */
  readonly folder: string;
  readonly fileName: string;
  readonly converted: ConvertedDocument;
  readonly comments: PlannedComments;
}

/** One construct to declare. */
export interface PlannedUnit {
  readonly kind: UnitKind;
  readonly unitName: string;
  readonly file: string;
  /** The document the construct declares (the main file, or merged with its drop-ins). */
  readonly document: UnitDocument;
  readonly converted: ConvertedDocument;
  readonly comments: PlannedComments;
  readonly dropIns: readonly PlannedDropIn[];
  /** For a timer or socket: the service it starts. */
  activates?: string;
  /** Unit-level notes written as comments (merges, aliases, links). */
  readonly notes: string[];
}

/** Options of {@link planImport}. */
export interface PlanOptions {
  readonly mergeDropIns?: boolean;
}

const KINDS: readonly string[] = ['service', 'socket', 'timer'];
/** Drop-in file names a SystemdDropIn can install (lib/deploy/plan.ts checkPlan). */
const DROP_IN_FILE = /^[A-Za-z0-9_.@:][A-Za-z0-9_.@:-]*\.conf$/;

function readComments(file: string): UnitComments {
  try {
    return collectComments(fs.readFileSync(file, 'utf8'));
  } catch {
    return { before: new Map(), headers: new Map(), trailing: [] };
  }
}

/** Comments of several files, each known by the label its positions carry. */
function plannedComments(files: ReadonlyArray<{ label: string; file: string }>): PlannedComments {
  const byLabel = new Map(files.map((f) => [f.label, readComments(f.file)]));
  const unit: string[] = [];
  for (const { label } of files) {
    const c = byLabel.get(label)!;
    for (const [line, lines] of c.before) if (c.headers.has(line)) unit.push(...lines);
    unit.push(...c.trailing);
  }
  return { unit, at: (p) => (p ? (byLabel.get(p.file)?.before.get(p.line) ?? []) : []) };
}

/** Loads one file for import; refuses what systemd would refuse, with the parser's errors. */
function load(file: string): LoadedUnit {
  let unit: LoadedUnit;
  try {
    unit = loadUnitFile(file);
  } catch (err) {
    throw new ImportError(file, err instanceof Error ? err.message : String(err));
  }
  const errors = [...unit.diagnostics.filter((d) => d.severity === 'error'), ...unit.dropInErrors];
  if (errors.length > 0) throw new ImportError(file, 'systemd would refuse it (or part of a drop-in)', new UnitParseError(errors));
  if (unit.main.sections.length === 0) throw new ImportError(file, 'the unit is empty or masked: nothing to declare');
  return unit;
}

/** Plans one unit file. */
export function planUnit(file: string, options: PlanOptions = {}): PlannedUnit {
  const real = fs.realpathSync(file);
  const unit = load(file);
  const notes: string[] = [];
  let unitName = unit.name;
  if (path.basename(real) !== unit.name && real !== '/dev/null') {
    notes.push(`${unit.name} is an alias (symlink) of ${path.basename(real)}: declared under the target's name`);
    unitName = path.basename(real);
  }
  const kind = parseUnitName(unitName).type;
  if (!KINDS.includes(kind)) throw new ImportError(file, `.${kind} units have no construct (services, sockets and timers do)`);
  const dir = path.dirname(file);
  const dropInLabels = unit.dropInFiles.map((f) => ({ label: path.relative(dir, f), file: f }));
  const mainOnly = { label: unit.name, file };
  // SystemdService needs a command of its own; a unit whose ExecStart= lives in a drop-in is merged.
  const noCommand = kind === 'service' && unit.dropIns.length > 0 && !hasCommand(unit.main) && hasCommand(unit.document);
  // SystemdDropIn installs NAME.d/FILE.conf and accepts plain file names only.
  const oddName = unit.dropIns.find((d) => !DROP_IN_FILE.test(d.fileName));
  const merge = options.mergeDropIns === true || noCommand || oddName !== undefined;
  if (options.mergeDropIns !== true && noCommand) notes.push('its drop-ins are merged: the unit file alone has no ExecStart= (a SystemdService needs one)');
  else if (options.mergeDropIns !== true && oddName) notes.push(`its drop-ins are merged: SystemdDropIn cannot install a file named ${JSON.stringify(oddName.fileName)}`);
  if (merge && unit.dropIns.length > 0) notes.push(`merged drop-ins, in systemd's order: ${dropInLabels.map((d) => d.label).join(', ')}`);
  const document = merge ? unit.document : unit.main;
  const dropIns: PlannedDropIn[] = merge
    ? []
    : unit.dropIns.map((d, i) => {
        const { label, file: dropInFile } = dropInLabels[i]!;
        return {
          file: dropInFile,
          folder: path.dirname(label),
          fileName: d.fileName,
          converted: convertDocument(d.document, kind as UnitKind),
          comments: plannedComments([{ label, file: dropInFile }]),
        };
      });
  return {
    kind: kind as UnitKind,
    unitName,
    file,
    document,
    converted: convertDocument(document, kind as UnitKind),
    comments: plannedComments(merge ? [mainOnly, ...dropInLabels] : [mainOnly]),
    dropIns,
    notes,
  };
}

/** Whether [Service] leaves a command (as SystemdService checks it). */
function hasCommand(doc: UnitDocument): boolean {
  const counts = new Map<string, number>();
  for (const e of doc.sections.find((s) => s.name === 'Service')?.entries ?? []) {
    if (e.key === 'ExecStart' || e.key === 'ExecStop') counts.set(e.key, e.value === '' ? 0 : (counts.get(e.key) ?? 0) + 1);
  }
  for (const e of doc.sections.find((s) => s.name === 'Unit')?.entries ?? []) {
    if (e.key === 'SuccessAction') counts.set(e.key, e.value === '' || e.value === 'none' ? 0 : 1);
  }
  return [...counts.values()].some((n) => n > 0);
}

/** The service an activator starts, as systemd picks it: `Unit=`/`Service=`, else by name. */
export function activatedService(unit: PlannedUnit): string {
  const section = unit.document.sections.find((s) => s.name === (unit.kind === 'timer' ? 'Timer' : 'Socket'));
  const key = unit.kind === 'timer' ? 'Unit' : 'Service';
  const explicit = section?.entries.filter((e) => e.key === key).pop()?.value;
  // A template activator's `NAME@%i.service` starts instances of the template NAME@.service.
  if (explicit) return explicit.replace(/@%i\./, '@.');
  const stem = unit.unitName.slice(0, unit.unitName.lastIndexOf('.'));
  const accept = section?.entries.filter((e) => e.key === 'Accept').pop()?.value;
  if (unit.kind === 'socket' && accept !== undefined && /^(1|yes|y|true|t|on)$/i.test(accept)) return `${stem}@.service`;
  return `${stem}.service`;
}
