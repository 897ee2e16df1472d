/**
 * A unit document indexed once per analysis: section → key → values in file order, so the ~60
 * directive look-ups of a record do not each scan the document. Sections are indexed on first use
 * (the checks never read [Install]).
 */
import type { UnitDocument, UnitEntry } from '../unit/model';

const NONE: readonly string[] = Object.freeze([]);

/** The values of one section by key, in file order (empty strings included: they are resets). */
export interface SectionIndex {
  values(key: string): readonly string[];
  /** The assignments of any of `keys`, in file order (for directives that share one setting). */
  assignments(keys: readonly string[]): ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

/** Values of one document by section and key (same results as `valuesOf`, shared read-only arrays). */
export interface DocumentIndex {
  /** All values assigned to `key` in `section`, in order (empty strings included: they are resets). */
  values(section: string, key: string): readonly string[];
  /** One section's index (an empty one when the document has no such section). */
  section(name: string): SectionIndex;
}

/** Indexes `doc`. */
export function indexDocument(doc: UnitDocument): DocumentIndex {
  return new LazyDocumentIndex(doc);
}

class KeyIndex implements SectionIndex {
  constructor(
    private readonly keys: ReadonlyMap<string, readonly string[]>,
    private readonly entries: readonly UnitEntry[],
  ) {}

  values(key: string): readonly string[] {
    return this.keys.get(key) ?? NONE;
  }

  assignments(keys: readonly string[]): ReadonlyArray<{ readonly key: string; readonly value: string }> {
    return keys.some((k) => this.keys.has(k)) ? this.entries.filter((e) => keys.includes(e.key)) : NONE_ENTRIES;
  }
}

const NONE_ENTRIES: readonly UnitEntry[] = Object.freeze([]);
const EMPTY_SECTION: SectionIndex = new KeyIndex(new Map(), NONE_ENTRIES);

class LazyDocumentIndex implements DocumentIndex {
  private readonly sections = new Map<string, SectionIndex>();

  constructor(private readonly doc: UnitDocument) {}

  values(section: string, key: string): readonly string[] {
    return this.section(section).values(key);
  }

  section(name: string): SectionIndex {
    let index = this.sections.get(name);
    if (index === undefined) {
      index = this.build(name);
      this.sections.set(name, index);
    }
    return index;
  }

  private build(name: string): SectionIndex {
    // Like valuesOf (findSection): the first section of a name answers.
    const section = this.doc.sections.find((s) => s.name === name);
    if (section === undefined) return EMPTY_SECTION;
    const keys = new Map<string, string[]>();
    for (const e of section.entries) {
      const list = keys.get(e.key);
      if (list === undefined) keys.set(e.key, [e.value]);
      else list.push(e.value);
    }
    return new KeyIndex(keys, section.entries);
  }
}
