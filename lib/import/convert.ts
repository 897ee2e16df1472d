/**
 * One unit document → typed settings plus raw entries, without changing what systemd reads.
 *
 * Each directive (all assignments of one key in one section, in order) is typed only when the
 * typed form writes assignments that systemd reads exactly as the original ones: every value
 * accepted by the catalog, list resets (`Key=`) kept in place as `''`, words of a word list in the
 * same order. Anything else — unknown sections and directives, a single-valued directive assigned
 * more than once or emptied, a value the catalog refuses or would write differently — is kept as
 * raw `extra` entries exactly as written, with the reason (the emitter turns reasons into comments).
 */
import type { SourcePosition, UnitDocument, UnitEntry } from '../unit/model';
import { catalogRank, lookupDirective, UNIT_KINDS, type UnitKind } from '../unit/catalog';
import type { DirectiveSpec } from '../unit/catalog/define';
import { directiveEntries } from '../unit/typed';
import { extractWords } from '../unit/values/words';

/** A directive kept typed: its value in the typed model and where its assignments came from. */
export interface TypedSetting {
  readonly key: string;
  readonly value: unknown;
  readonly positions: readonly SourcePosition[];
}

/** A raw entry kept exactly as written, and why it is not typed. */
export interface RawSetting {
  readonly key: string;
  readonly value: string;
  readonly position?: SourcePosition;
  readonly reason: string;
}

/** One section after conversion. */
export interface ConvertedSection {
  readonly name: string;
  /** Whether the construct's typed model has this section (else everything is raw). */
  readonly typedSection: boolean;
  readonly typed: readonly TypedSetting[];
  readonly raw: readonly RawSetting[];
}

/** A converted document, sections in original order. */
export interface ConvertedDocument {
  readonly sections: readonly ConvertedSection[];
}

/** Groups a section's entries by key, keys in order of first appearance, entries in order. */
function byKey(entries: readonly UnitEntry[]): Map<string, UnitEntry[]> {
  const groups = new Map<string, UnitEntry[]>();
  for (const e of entries) {
    const g = groups.get(e.key);
    if (g) g.push(e);
    else groups.set(e.key, [e]);
  }
  return groups;
}

/** Word sequence of word-list assignments, a reset written as null. */
function wordSequence(spec: DirectiveSpec, values: readonly string[]): Array<string | null> | undefined {
  const out: Array<string | null> = [];
  for (const v of values) {
    if (v === '') {
      out.push(null);
      continue;
    }
    const w = extractWords(v, spec.split!);
    if (!w.ok) return undefined;
    out.push(...w.words);
  }
  return out;
}

const same = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i]));

/** The typed value of one directive's assignments, or the reason it stays raw. */
function typedValue(section: string, key: string, spec: DirectiveSpec, entries: readonly UnitEntry[]): { value: unknown } | { reason: string } {
  const values = entries.map((e) => e.value);
  let value: unknown;
  try {
    if (spec.multiplicity === 'single') {
      if (values.length > 1) return { reason: `assigned ${values.length} times (systemd uses the last valid one); kept as written` };
      if (values[0] === '') return { reason: 'an empty assignment (resets it to its default); kept as written' };
      value = spec.kind.fromRaw(values[0]!);
    } else if (spec.multiplicity === 'lines') {
      value = values.map((v) => (v === '' ? '' : spec.kind.fromRaw(v)));
    } else {
      const words = wordSequence(spec, values);
      if (words === undefined) return { reason: 'systemd cannot split it into words; kept as written' };
      value = words.map((w) => (w === null ? '' : spec.kind.fromRaw(w)));
    }
  } catch (err) {
    return { reason: `the catalog does not accept it (${(err as Error).message}); kept as written` };
  }
  // The typed form must write back what systemd reads from the original.
  let written: string[];
  try {
    written = directiveEntries(section, key, value).map((e) => e.value);
  } catch (err) {
    return { reason: `the typed form cannot write it (${(err as Error).message}); kept as written` };
  }
  const exact = spec.multiplicity === 'words' ? same(wordSequence(spec, written) ?? [], wordSequence(spec, values)!) : same(written, values) || sameParsed(spec, written, values);
  return exact ? { value } : { reason: 'the typed form would write it differently; kept as written' };
}

/** Same assignments up to the catalog's normal form (e.g. `true` written `yes`), resets in place. */
function sameParsed(spec: DirectiveSpec, a: readonly string[], b: readonly string[]): boolean {
  const parse = (v: string): unknown => (v === '' ? '' : spec.kind.fromRaw(v));
  try {
    return same(a.map(parse), b.map(parse));
  } catch {
    return false;
  }
}

const LISTEN = /^Listen[A-Z]/;

/**
 * A socket's `Listen*=` lines the typed model cannot write in their order. They are its listening
 * sockets in file-descriptor order, and the typed model writes each directive's lines together in
 * catalog order; when that would reorder them, only the leading run of the first directive stays
 * typed and every later `Listen*=` line is kept raw, in written order (the canonical order keeps the
 * `Listen*=` lines of a section together in document order).
 */
function listenOutOfOrder(sectionName: string, entries: readonly UnitEntry[]): readonly UnitEntry[] {
  if (sectionName !== 'Socket') return [];
  const listen = entries.filter((e) => LISTEN.test(e.key));
  const rank = (e: UnitEntry): number => catalogRank('Socket', e.key) ?? Number.MAX_SAFE_INTEGER;
  const typedOrder = listen.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i);
  if (typedOrder.every(({ i }, at) => i === at)) return [];
  const lead = listen.findIndex((e) => e.key !== listen[0]!.key);
  return listen.slice(lead);
}

/** Converts a document of a unit of `kind` (for a drop-in too: resets are kept, never applied). */
export function convertDocument(doc: UnitDocument, kind: UnitKind): ConvertedDocument {
  const allowed: readonly string[] = UNIT_KINDS[kind];
  const sections = doc.sections.map((section): ConvertedSection => {
    const typedSection = allowed.includes(section.name);
    const typed: TypedSetting[] = [];
    const raw: RawSetting[] = [];
    const keep = (entries: readonly UnitEntry[], reason: string): void => {
      for (const e of entries) raw.push({ key: e.key, value: e.value, ...(e.position ? { position: e.position } : {}), reason });
    };
    const ordered = typedSection ? listenOutOfOrder(section.name, section.entries) : [];
    const rawListen = new Set(ordered);
    for (const [key, entries] of byKey(section.entries.filter((e) => !rawListen.has(e)))) {
      if (!typedSection) {
        keep(entries, section.name.startsWith('X-') ? `[${section.name}] is an extension section systemd ignores` : `a ${kind} unit has no [${section.name}] in the typed model`);
        continue;
      }
      const spec = lookupDirective(section.name, key);
      if (!spec) {
        keep(entries, `${key}= is not in the directive catalog`);
        continue;
      }
      const t = typedValue(section.name, key, spec, entries);
      if ('value' in t) typed.push({ key, value: t.value, positions: entries.flatMap((e) => (e.position ? [e.position] : [])) });
      else keep(entries, t.reason);
    }
    keep(ordered, 'the listening sockets in this order (their file-descriptor order) cannot be written typed, which groups them by directive; kept as written');
    return { name: section.name, typedSection, typed, raw };
  });
  return { sections };
}
