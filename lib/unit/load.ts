/**
 * Reading unit files from disk with their drop-ins, the way systemd reads a unit whose file lies in
 * a folder of its search path (and `systemd-analyze --offline` reads a FILE argument: its folder comes
 * first in the search path). Every drop-in folder beside the file that applies to the unit name is
 * used — `NAME.d/`, the template's `PREFIX@.TYPE.d/` for an instance, the dash-prefix folders
 * (`foo-.service.d/` for `foo-bar.service`) and the type-wide `TYPE.d/` (verified with the oracles of
 * 252, 257 and 262). A drop-in file name found in several folders is taken from the most specific
 * one; all drop-ins apply in lexical order of their file names.
 *
 * Files are read safely and with systemd's limits (see regular-file.ts and read-unit-text.ts): only
 * regular files (or /dev/null) are opened, never a FIFO or a device; lines follow LONG_LINE_MAX and
 * the UTF-8 rule. Where systemd's config_parse() fails on a line, the main file's failure is an error
 * (the unit does not load), while a drop-in is read up to that line and the rest of it is ignored,
 * as systemd does (it ignores the drop-in's parse result). Such drop-in failures are reported as
 * warnings, and also listed in `dropInErrors` for callers that must refuse them (fmt).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, DropIn, SourcePosition, UnitDocument, UnitEntry } from './model';
import { mergeDropIns } from './model';
import { parseUnitText } from './parse';
import type { FolderEntries } from './folder-entries';
import { closeOpened, fileKind, isDevNull, openRegularFile } from './regular-file';
import { readUnitText, UnitReadBudget, type ReadStop, type UnitReadLimits } from './read-unit-text';
import { parseUnitName } from './unit-name';

export { NotRegularFileError } from './regular-file';
export { UnitTooLargeError, DEFAULT_UNIT_READ_LIMITS, type UnitReadLimits, type ReadStop } from './read-unit-text';

/** A unit file read from disk. */
export interface LoadedUnit {
  /** Unit name (the file's base name). */
  readonly name: string;
  readonly file: string;
  /** The main file alone. */
  readonly main: UnitDocument;
  /** The drop-ins applied, in order (`fileName` is the name inside its folder). */
  readonly dropIns: readonly DropIn[];
  /** Their paths, in the same order. */
  readonly dropInFiles: readonly string[];
  /** Main file and drop-ins merged in systemd's order. */
  readonly document: UnitDocument;
  readonly diagnostics: readonly Diagnostic[];
  /** Where systemd stops reading the main file (then the unit does not load), if it does. */
  readonly stop?: ReadStop;
  /** Errors in drop-ins that systemd survives by ignoring the rest of the drop-in (see the header). */
  readonly dropInErrors: readonly Diagnostic[];
}

/** Options of {@link loadUnitFile}. */
export interface LoadOptions {
  /** Read the drop-ins beside the file (default true). */
  readonly dropIns?: boolean;
  /** Bounds on what the unit may keep in memory (default DEFAULT_UNIT_READ_LIMITS). */
  readonly limits?: UnitReadLimits;
  /** The caller's stat() of `file` (following links), when it has one: spares asking again. */
  readonly stat?: fs.Stats;
  /** Listings of the unit's folder shared by a batch: candidate drop-in folders are looked up there. */
  readonly folders?: FolderEntries;
}

/** Most `*.conf` files one drop-in folder may hold before we refuse it (systemd has no such bound). */
export const MAX_DROP_INS_PER_FOLDER = 100_000;

/** Drop-in folder names that apply to a unit name, most specific first. */
export function dropInFolderNames(unitName: string): string[] {
  const u = parseUnitName(unitName);
  const names = [`${unitName}.d`];
  if (u.kind === 'instance') names.push(`${u.prefix}@.${u.type}.d`);
  const stem = u.kind === 'plain' ? unitName.slice(0, unitName.lastIndexOf('.')) : u.prefix;
  for (let i = stem.lastIndexOf('-'); i > 0; i = stem.lastIndexOf('-', i - 1)) names.push(`${stem.slice(0, i)}-.${u.type}.d`);
  names.push(`${u.type}.d`);
  return names;
}

/**
 * Lists `DIR/*.conf` in lexical order (systemd ignores other files in a drop-in folder). A folder that
 * cannot be opened (missing, a symlink loop, not a folder) has none. Streams the folder, so a huge one
 * costs memory only for its `.conf` names; throws past {@link MAX_DROP_INS_PER_FOLDER} of them.
 */
export function dropInFileNames(dir: string): string[] {
  // Most candidate folders do not exist: ask first (a failing opendir costs an exception).
  if (!fs.existsSync(dir)) return [];
  let handle: fs.Dir;
  try {
    handle = fs.opendirSync(dir);
  } catch {
    return [];
  }
  const names: string[] = [];
  try {
    for (let e = handle.readSync(); e !== null; e = handle.readSync()) {
      if (!e.name.endsWith('.conf')) continue;
      if (names.length >= MAX_DROP_INS_PER_FOLDER) {
        throw new Error(`${dir}: more than ${MAX_DROP_INS_PER_FOLDER} drop-in files in one folder; cdktf-systemd reads no more (systemd has no such limit)`);
      }
      names.push(e.name);
    }
  } finally {
    handle.closeSync();
  }
  return names.sort(lexical);
}

const lexical = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A drop-in candidate: its stat() when it is a regular file, else why it is skipped. systemd lists
 * drop-ins without looking at their type (conf_files_list_strv() with no flags) and opens each: a
 * missing target, a folder or /dev/null changes nothing, but it blocks forever on a FIFO and reads
 * a device; here neither is opened, and the skip is reported.
 */
function dropInStat(file: string): fs.Stats | { skipped?: string } {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return {};
  }
  if (st === undefined || st.isFile()) return st ?? {};
  if (st.isDirectory() || isDevNull(st)) return {};
  return { skipped: `${fileKind(st)}, not a regular file: skipped (systemd-analyze would ${st.isFIFO() ? 'wait forever on it' : 'try to read it'})` };
}

/** One file parsed, positions in its own line numbers. */
interface ParsedFile {
  readonly document: UnitDocument;
  readonly diagnostics: Diagnostic[];
  readonly stop?: ReadStop;
}

/** Reads and parses one file; `label` names it in positions (the scorer tells drop-in lines by their `.d/`). */
function parseFile(file: string, label: string, budget: UnitReadBudget, stat?: fs.Stats): ParsedFile {
  const opened = openRegularFile(file, stat);
  let read;
  try {
    read = readUnitText(opened.fd, file, budget, opened.stat.size);
  } finally {
    closeOpened(opened);
  }
  const parsed = parseUnitText(read.text, label);
  const numbers = read.lineNumbers;
  // The parser saw only the lines that matter: give positions back their numbers in the file.
  const at = (p: SourcePosition | undefined): SourcePosition | undefined => (p ? { file: p.file, line: numbers[p.line - 1] ?? p.line } : p);
  const document: UnitDocument = read.complete
    ? parsed.document
    : { sections: parsed.document.sections.map((s) => ({ name: s.name, entries: s.entries.map((e): UnitEntry => ({ key: e.key, value: e.value, position: at(e.position) })) })) };
  const diagnostics = read.complete ? parsed.diagnostics : parsed.diagnostics.map((d) => ({ ...d, position: at(d.position) }));
  budget.takeAssignments(document, file);
  if (read.stop) diagnostics.push({ severity: 'error', message: read.stop.message, position: { file: label, line: read.stop.line } });
  return read.stop ? { document, diagnostics, stop: read.stop } : { document, diagnostics };
}

/**
 * A drop-in as systemd applies it: up to its first failing line (a parse error, or a read stop), the
 * rest ignored. Returns the entries kept, the diagnostics before that line (the failure as a warning),
 * and the failure itself.
 */
function truncateAtFirstError(p: ParsedFile): { document: UnitDocument; diagnostics: Diagnostic[]; error?: Diagnostic } {
  const error = p.diagnostics
    .filter((d) => d.severity === 'error')
    .reduce<Diagnostic | undefined>((first, d) => (first === undefined || (d.position?.line ?? 0) < (first.position?.line ?? 0) ? d : first), undefined);
  if (error === undefined) return { document: p.document, diagnostics: p.diagnostics };
  const line = error.position?.line ?? 0;
  const before = (pos: SourcePosition | undefined): boolean => (pos?.line ?? 0) < line;
  const document = { sections: p.document.sections.map((s) => ({ name: s.name, entries: s.entries.filter((e) => before(e.position)) })).filter((s) => s.entries.length > 0) };
  const warning: Diagnostic = { ...error, severity: 'warning', message: `${error.message}; systemd ignores the rest of this drop-in` };
  return { document, diagnostics: [...p.diagnostics.filter((d) => d !== error && before(d.position)), warning], error };
}

/**
 * Reads a unit file and, unless `dropIns` is false, the drop-ins beside it that systemd applies.
 * Throws (with the file name) when the file cannot be read: NotRegularFileError for a FIFO, device,
 * socket or folder, UnitTooLargeError past the limits, fs errors otherwise.
 */
export function loadUnitFile(file: string, options: LoadOptions = {}): LoadedUnit {
  const name = path.basename(file);
  const dir = path.dirname(file);
  const budget = new UnitReadBudget(options.limits);
  const main = parseFile(file, name, budget, options.stat);
  const diagnostics = [...main.diagnostics];
  const dropIns: DropIn[] = [];
  const dropInFiles: string[] = [];
  const dropInErrors: Diagnostic[] = [];
  if (options.dropIns !== false) {
    const chosen = new Map<string, string>(); // drop-in file name → folder
    for (const folder of dropInFolderNames(name)) {
      if (options.folders?.mayExist(dir, folder) === false) continue;
      for (const f of dropInFileNames(path.join(dir, folder))) if (!chosen.has(f)) chosen.set(f, folder);
    }
    for (const fileName of [...chosen.keys()].sort(lexical)) {
      const label = `${chosen.get(fileName)}/${fileName}`;
      const full = path.join(dir, label);
      // systemd takes regular files only (a dangling link, a folder, a FIFO or a mask are skipped).
      const st = dropInStat(full);
      if (!(st instanceof fs.Stats)) {
        if (st.skipped) diagnostics.push({ severity: 'warning', message: `${label} is a ${st.skipped}` });
        continue;
      }
      const p = truncateAtFirstError(parseFile(full, label, budget, st));
      diagnostics.push(...p.diagnostics);
      if (p.error) dropInErrors.push(p.error);
      dropIns.push({ fileName, document: p.document });
      dropInFiles.push(full);
    }
  }
  const document = mergeDropIns(main.document, dropIns);
  return { name, file, main: main.document, dropIns, dropInFiles, document, diagnostics, dropInErrors, ...(main.stop ? { stop: main.stop } : {}) };
}
