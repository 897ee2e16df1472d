/**
 * Canonical order for unit files: [Unit] first, the type's own section next, other known sections,
 * `X-` sections, [Install] last; inside a section directives grouped by name in catalog order
 * (unknown directives after the known ones, in their original order). Assignments of one directive
 * keep their relative order, so the meaning is unchanged (systemd applies each directive's
 * assignments in order, independently of other directives).
 */
import type { UnitDocument, UnitEntry, UnitSection } from './model';

/** Position of a directive in its section's canonical order (from the catalog), or undefined when unknown. */
export type DirectiveRank = (section: string, key: string) => number | undefined;

const SECTION_ORDER = ['Unit', 'Service', 'Socket', 'Timer', 'Path', 'Mount', 'Automount', 'Swap', 'Slice', 'Scope'];

function sectionRank(name: string): number {
  if (name === 'Install') return 1000;
  const i = SECTION_ORDER.indexOf(name);
  if (i >= 0) return i;
  return name.startsWith('X-') ? 200 : 100;
}

let defaultRank: DirectiveRank = () => undefined;

/** Installs the catalog's directive order (done by the catalog module, keeping this file free of it). */
export function setDefaultDirectiveRank(rank: DirectiveRank): void {
  defaultRank = rank;
}

/** Returns the document in canonical order (stable; meaning-preserving). */
export function canonicalDocument(doc: UnitDocument, rank: DirectiveRank = defaultRank): UnitDocument {
  const sections = doc.sections
    .map((s, i) => ({ s, i }))
    .sort((a, b) => sectionRank(a.s.name) - sectionRank(b.s.name) || a.i - b.i)
    .map(({ s }) => canonicalSection(s, rank));
  return { sections };
}

function canonicalSection(section: UnitSection, rank: DirectiveRank): UnitSection {
  const firstSeen = new Map<string, number>();
  section.entries.forEach((e, i) => {
    if (!firstSeen.has(e.key)) firstSeen.set(e.key, i);
  });
  const keyOrder = (e: UnitEntry): [number, number] => {
    const r = rank(section.name, e.key);
    return r === undefined ? [1, firstSeen.get(e.key)!] : [0, r];
  };
  const entries = section.entries
    .map((e, i) => ({ e, i, k: keyOrder(e) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || firstSeen.get(a.e.key)! - firstSeen.get(b.e.key)! || a.i - b.i)
    .map(({ e }) => e);
  return { name: section.name, entries };
}
