/**
 * Canonical order for unit files: [Unit] first, the type's own section next, other known sections,
 * `X-` sections, [Install] last; inside a section directives grouped by name in catalog order
 * (unknown directives after the known ones, in their original order). Assignments of one directive
 * keep their relative order, so the meaning is unchanged (systemd applies each directive's
 * assignments in order, independently of other directives) — except where directives form one list
 * together: a socket's `Listen*=` lines are its listening sockets in file-descriptor order, so they
 * stay in their written order, all at the place of the first.
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

/** Directives that together make one ordered list, per section; they sort as one directive. */
const ORDERED_TOGETHER: Readonly<Record<string, RegExp>> = { Socket: /^Listen[A-Z]/ };

function canonicalSection(section: UnitSection, rank: DirectiveRank): UnitSection {
  const together = ORDERED_TOGETHER[section.name];
  const groupOf = (key: string): string => (together?.test(key) ? ' ordered-together' : key);
  const firstSeen = new Map<string, number>();
  const firstKey = new Map<string, string>();
  section.entries.forEach((e, i) => {
    const g = groupOf(e.key);
    if (!firstSeen.has(g)) {
      firstSeen.set(g, i);
      firstKey.set(g, e.key);
    }
  });
  const keyOrder = (e: UnitEntry): [number, number] => {
    const g = groupOf(e.key);
    const r = rank(section.name, firstKey.get(g)!);
    return r === undefined ? [1, firstSeen.get(g)!] : [0, r];
  };
  const entries = section.entries
    .map((e, i) => ({ e, i, k: keyOrder(e) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || firstSeen.get(groupOf(a.e.key))! - firstSeen.get(groupOf(b.e.key))! || a.i - b.i)
    .map(({ e }) => e);
  return { name: section.name, entries };
}
