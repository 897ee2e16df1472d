/**
 * Reading a unit file the way `systemd-analyze --offline` does with its FILE argument: the file's
 * folder is first in the unit search path, so every drop-in folder there that applies to the unit
 * name is used — `NAME.d/`, the template's `PREFIX@.TYPE.d/` for an instance, the dash-prefix folders
 * (`foo-.service.d/` for `foo-bar.service`) and the type-wide `TYPE.d/` (verified with the oracles).
 * A drop-in file name found in several folders is taken from the most specific one; all drop-ins
 * apply in lexical order of their file names.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeDropIns, type Diagnostic, type DropIn, type UnitDocument } from '../unit/model';
import { parseUnitText } from '../unit/parse';
import { parseUnitName } from '../unit/unit-name';

/** A unit file with every drop-in that applies to it beside it. */
export interface UnitFileWithDropIns {
  readonly name: string;
  readonly document: UnitDocument;
  /** Drop-in paths applied, in order. */
  readonly dropInFiles: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Drop-in folder names for a unit name, most specific first. */
export function dropInFolderNames(unitName: string): string[] {
  const u = parseUnitName(unitName);
  const names = [`${unitName}.d`];
  if (u.kind === 'instance') names.push(`${u.prefix}@.${u.type}.d`);
  const stem = u.kind === 'plain' ? unitName.slice(0, unitName.lastIndexOf('.')) : u.prefix;
  for (let i = stem.lastIndexOf('-'); i > 0; i = stem.lastIndexOf('-', i - 1)) names.push(`${stem.slice(0, i)}-.${u.type}.d`);
  names.push(`${u.type}.d`);
  return names;
}

/** Reads `file` and the drop-ins beside it that systemd would apply. Throws when unreadable. */
export function readUnitFileWithDropIns(file: string): UnitFileWithDropIns {
  const name = path.basename(file);
  const dir = path.dirname(file);
  const parsed = parseUnitText(fs.readFileSync(file, 'utf8'), name);
  const diagnostics = [...parsed.diagnostics];
  const chosen = new Map<string, string>(); // drop-in file name → folder
  for (const folder of dropInFolderNames(name)) {
    let entries: string[];
    try {
      entries = fs.readdirSync(path.join(dir, folder));
    } catch {
      continue;
    }
    for (const f of entries) if (f.endsWith('.conf') && !chosen.has(f)) chosen.set(f, folder);
  }
  const dropIns: DropIn[] = [];
  const dropInFiles: string[] = [];
  for (const fileName of [...chosen.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const rel = `${chosen.get(fileName)}/${fileName}`;
    const full = path.join(dir, rel);
    if (!fs.statSync(full).isFile()) continue;
    const p = parseUnitText(fs.readFileSync(full, 'utf8'), rel);
    diagnostics.push(...p.diagnostics);
    dropIns.push({ fileName, document: p.document });
    dropInFiles.push(full);
  }
  return { name, document: mergeDropIns(parsed.document, dropIns), dropInFiles, diagnostics };
}
