/**
 * Reading unit files from disk with their drop-ins, as systemd-analyze --offline reads a FILE argument:
 * the file itself, then `FILE.d/*.conf` beside it in lexical order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, DropIn, UnitDocument } from './model';
import { mergeDropIns } from './model';
import { parseUnitText } from './parse';

/** A unit file read from disk. */
export interface LoadedUnit {
  /** Unit name (the file's base name). */
  readonly name: string;
  readonly file: string;
  /** The main file alone. */
  readonly main: UnitDocument;
  readonly dropIns: readonly DropIn[];
  /** Main file and drop-ins merged in systemd's order. */
  readonly document: UnitDocument;
  readonly diagnostics: readonly Diagnostic[];
}

/** Lists `DIR/*.conf` in lexical order (systemd ignores other files in a drop-in folder). */
export function dropInFileNames(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith('.conf')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Reads a unit file and its `NAME.d/*.conf` drop-ins. Throws (with the file name) when the file
 * cannot be read.
 */
export function loadUnitFile(file: string, options: { dropIns?: boolean } = {}): LoadedUnit {
  const name = path.basename(file);
  const text = fs.readFileSync(file, 'utf8');
  const parsed = parseUnitText(text, name);
  const diagnostics = [...parsed.diagnostics];
  const dropIns: DropIn[] = [];
  if (options.dropIns !== false) {
    const dir = `${file}.d`;
    for (const fileName of dropInFileNames(dir)) {
      const p = parseUnitText(fs.readFileSync(path.join(dir, fileName), 'utf8'), `${name}.d/${fileName}`);
      diagnostics.push(...p.diagnostics);
      dropIns.push({ fileName, document: p.document });
    }
  }
  return { name, file, main: parsed.document, dropIns, document: mergeDropIns(parsed.document, dropIns), diagnostics };
}
