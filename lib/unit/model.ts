/**
 * The raw unit-file model: what systemd's config parser sees, before any directive interprets its value.
 *
 * Every higher layer (the typed directive catalog, the exposure scorer, constructs) reads and writes
 * units through this shape. Values are kept exactly as systemd hands them to a directive's own parser:
 * continuation lines joined, surrounding whitespace stripped, quotes, escapes and `%` specifiers
 * untouched (each directive decides how to unquote, see systemd.syntax(7)).
 */

/** Where an assignment came from, for diagnostics. */
export interface SourcePosition {
  /** File name as given to the parser (e.g. `foo.service` or `foo.service.d/10-x.conf`). */
  readonly file: string;
  /** 1-based line number of the line that started the assignment. */
  readonly line: number;
}

/** One `Key=value` assignment. An empty `value` is an empty assignment (a reset for list directives). */
export interface UnitEntry {
  readonly key: string;
  readonly value: string;
  readonly position?: SourcePosition;
}

/** A `[Section]` and its assignments in file order. */
export interface UnitSection {
  readonly name: string;
  readonly entries: readonly UnitEntry[];
}

/**
 * One parsed file (a unit file or one drop-in). Sections appear once each, in order of first
 * appearance; a section repeated in the file has its entries appended, as systemd does.
 */
export interface UnitDocument {
  readonly sections: readonly UnitSection[];
}

/** A drop-in file (`NAME.d/*.conf`) of a unit. */
export interface DropIn {
  /** File name inside the drop-in folder, e.g. `10-hardening.conf`; drop-ins apply in lexical order of it. */
  readonly fileName: string;
  readonly document: UnitDocument;
}

/** Severity of a parse diagnostic: systemd either ignores the line with a warning or refuses the unit. */
export type DiagnosticSeverity = 'warning' | 'error';

/** A problem found while parsing or interpreting a unit, phrased like systemd's own log message. */
export interface Diagnostic {
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  readonly position?: SourcePosition;
  /** Directive the diagnostic is about, as `Section.Key`, when there is one. */
  readonly directive?: string;
}

/** Returns the section named `name`, if the document has it. */
export function findSection(doc: UnitDocument, name: string): UnitSection | undefined {
  return doc.sections.find((s) => s.name === name);
}

/** All values assigned to `key` in section `section`, in order (empty strings included: they are resets). */
export function valuesOf(doc: UnitDocument, section: string, key: string): string[] {
  const s = findSection(doc, section);
  return s ? s.entries.filter((e) => e.key === key).map((e) => e.value) : [];
}

/**
 * Merges a unit with its drop-ins the way systemd loads them: the main file first, then each drop-in
 * in lexical order of its file name; assignments of the same section accumulate in that order.
 */
export function mergeDropIns(main: UnitDocument, dropIns: readonly DropIn[]): UnitDocument {
  const ordered = [...dropIns].sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  const sections = new Map<string, UnitEntry[]>();
  for (const doc of [main, ...ordered.map((d) => d.document)]) {
    for (const section of doc.sections) {
      const into = sections.get(section.name);
      if (into) into.push(...section.entries);
      else sections.set(section.name, [...section.entries]);
    }
  }
  return { sections: [...sections].map(([name, entries]) => ({ name, entries })) };
}
