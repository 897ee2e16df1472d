/**
 * A unit document indexed once per analysis: section → key → values in file order, so the ~60
 * directive look-ups of a record do not each scan the document.
 */
import type { UnitDocument } from '../unit/model';

const NONE: readonly string[] = Object.freeze([]);

/** Values of one document by section and key (same results as `valuesOf`, shared read-only arrays). */
export interface DocumentIndex {
  /** All values assigned to `key` in `section`, in order (empty strings included: they are resets). */
  values(section: string, key: string): readonly string[];
}

/** Indexes `doc` (one pass over its entries). */
export function indexDocument(doc: UnitDocument): DocumentIndex {
  const sections = new Map<string, Map<string, string[]>>();
  for (const section of doc.sections) {
    // Like valuesOf (findSection): the first section of a name answers.
    if (sections.has(section.name)) continue;
    const keys = new Map<string, string[]>();
    for (const e of section.entries) {
      const list = keys.get(e.key);
      if (list === undefined) keys.set(e.key, [e.value]);
      else list.push(e.value);
    }
    sections.set(section.name, keys);
  }
  return new MapIndex(sections);
}

class MapIndex implements DocumentIndex {
  constructor(private readonly sections: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>) {}

  values(section: string, key: string): readonly string[] {
    return this.sections.get(section)?.get(key) ?? NONE;
  }
}
