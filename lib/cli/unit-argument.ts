/**
 * One FILE argument of `score`, loaded the way `systemd-analyze security --offline=true FILE` loads it
 * (src/basic/unit-file.c builds a name map of the file's folder; src/core/load-fragment.c opens the
 * fragment), without its hazards:
 *
 * - a FIFO, socket, device or folder that is itself the argument is not in systemd's name map (only
 *   regular files and symlinks are): "Unit NAME not found.";
 * - a symlink to /dev/null or to any character device, and an empty file, is a masked unit (systemd's
 *   null_or_empty()): "Unit NAME is masked.";
 * - a symlink to another unit file is an alias when its target lies in the search path — the unit is
 *   then loaded and named by its target — and otherwise a linked unit file, loaded from the link and
 *   named by it (src/basic/unit-file.c, unit_file_resolve_symlink()). The search path is made of the
 *   folders of all FILE arguments, as with `SYSTEMD_UNIT_PATH` pointing nowhere: the folders systemd
 *   would add on its own (/etc/systemd/system…) are not searched, for units or drop-ins;
 * - a symlink to a FIFO (where systemd-analyze blocks forever), a block device (which it reads), a
 *   socket or a folder is refused with a message naming the file and what it is; nothing is opened.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostic } from '../unit/parse';
import type { FolderEntries } from '../unit/folder-entries';
import { loadUnitFile, NotRegularFileError, UnitTooLargeError, type LoadedUnit } from '../unit/load';
import { fileKind, isDevNull } from '../unit/regular-file';
import { unitNameProblem } from '../unit/unit-name';
import { safeRealpath, searchPathOf } from './search-path';

export { searchPathOf } from './search-path';

/** A unit that could not be loaded: our explanation (may be empty) and what systemd-analyze prints. */
export interface UnitArgumentFailure {
  readonly ok: false;
  /** Lines in our words (file, line, what is wrong); empty when systemd's line says it all. */
  readonly details: readonly string[];
  /** systemd-analyze's own line for this outcome (e.g. "Unit foo.service not found."), if it prints one. */
  readonly systemd?: string;
}

/** A unit file read with its drop-ins, under the name systemd gives it. */
export interface LoadedUnitArgument {
  readonly ok: true;
  readonly unitName: string;
  /** Where systemd finds the unit (its fragment path, for %y/%Y): an alias's target, else the FILE. */
  readonly fragment: string;
  readonly loaded: LoadedUnit;
}

const notFound = (name: string): string => `Unit ${name} not found.`;
const failedToLoad = (name: string, why: string): string => `Unit ${name} failed to load properly, please adjust/correct and reload service manager: ${why}`;
const ERRNO_TEXT = { ENOBUFS: 'No buffer space available', EINVAL: 'Invalid argument' } as const;

function failure(details: string[], systemd?: string): UnitArgumentFailure {
  return systemd === undefined ? { ok: false, details } : { ok: false, details, systemd };
}

/** What systemd makes of a FILE whose target is not a regular file (see the header). */
function nonRegular(file: string, name: string, st: fs.Stats, viaLink: boolean): UnitArgumentFailure {
  const kind = fileKind(st);
  const target = viaLink ? safeRealpath(file) : undefined;
  const ours = new NotRegularFileError(file, kind, target).message;
  if (!viaLink) return failure([ours], notFound(name));
  if (st.isDirectory()) return failure([ours], failedToLoad(name, 'Is a directory'));
  if (st.isSocket()) return failure([ours], notFound(name));
  if (st.isFIFO()) return failure([`${ours} (systemd-analyze would wait forever on it)`]);
  return failure([`${ours} (systemd-analyze would read the device)`]);
}

/**
 * The unit a symlink FILE names, as unit_file_resolve_symlink() decides: its target (read once, `.`
 * and `..` and the folders' own links resolved) in the search path makes it an alias of the target;
 * elsewhere, a linked unit file named by the link.
 */
function symlinkUnit(file: string, searchPath: readonly string[]): { aliasOf?: string; unitName: string } {
  const name = path.basename(file);
  let target: string;
  try {
    target = fs.readlinkSync(file);
  } catch {
    return { unitName: name }; // gone or replaced since lstat(): loaded (and judged) as it is now
  }
  const absolute = path.resolve(path.dirname(path.resolve(file)), target);
  const simplified = path.join(safeRealpath(path.dirname(absolute)) ?? path.dirname(absolute), path.basename(absolute));
  const inside = searchPath.some((d) => simplified.startsWith(d.endsWith('/') ? d : `${d}/`));
  const real = safeRealpath(file);
  if (!inside || real === undefined || unitNameProblem(path.basename(simplified)) !== undefined) return { unitName: name };
  return { aliasOf: real, unitName: path.basename(simplified) };
}

/**
 * Loads one FILE argument (see the header); never throws for a file problem. `searchPath` is the
 * command line's (see {@link searchPathOf}; default: the file's own folder); `folders`, the batch's
 * folder listings (see folder-entries.ts).
 */
export function loadUnitArgument(file: string, searchPath: readonly string[] = searchPathOf([file]), folders?: FolderEntries): LoadedUnitArgument | UnitArgumentFailure {
  const name = path.basename(file);
  const problem = unitNameProblem(name);
  if (problem) return failure([], `Failed to prepare filename ${file}: not a valid unit name (${problem})`);
  let link: fs.Stats;
  let st: fs.Stats | undefined;
  try {
    link = fs.lstatSync(file);
    st = link.isSymbolicLink() ? fs.statSync(file, { throwIfNoEntry: false }) : link;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return failure([], notFound(name));
    if (err.code === 'ELOOP') return failure([`${file}: too many levels of symbolic links`], notFound(name));
    return failure([`${file}: ${err.message}`], notFound(name));
  }
  if (st === undefined) return failure([], notFound(name)); // a dangling symlink
  if (isDevNull(st) || (link.isSymbolicLink() && st.isCharacterDevice()) || (st.isFile() && st.size === 0)) {
    return failure([], `Unit ${name} is masked.`);
  }
  if (!st.isFile()) return nonRegular(file, name, st, link.isSymbolicLink());
  const { aliasOf, unitName } = link.isSymbolicLink() ? symlinkUnit(file, searchPath) : { aliasOf: undefined, unitName: name };
  let loaded: LoadedUnit;
  try {
    // st is the stat() of what is opened: the link's target (an alias's real path is that target).
    loaded = loadUnitFile(aliasOf ?? file, folders === undefined ? { stat: st } : { stat: st, folders });
  } catch (e) {
    if (e instanceof NotRegularFileError || e instanceof UnitTooLargeError) return failure([e.message]);
    return failure([`${file}: ${(e as Error).message}`]);
  }
  if (loaded.stop) {
    return failure([`${aliasOf ?? file}:${loaded.stop.line}: ${loaded.stop.message}`], failedToLoad(unitName, ERRNO_TEXT[loaded.stop.errno]));
  }
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    // The parser's refusals (section headers, NUL bytes) fail config_parse() with EBADMSG.
    return failure(errors.map((d) => `${path.dirname(aliasOf ?? file)}/${formatDiagnostic(d)}`), failedToLoad(unitName, 'Bad message'));
  }
  return { ok: true, unitName, fragment: aliasOf ?? path.resolve(file), loaded };
}
