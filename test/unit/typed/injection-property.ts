/**
 * The injection property: for every string-valued directive, a hostile string either raises a
 * DirectiveValueError or renders to text that parses back to exactly the same value, with no other
 * directive or section. Shared by injection.test.ts (CI slice) and scripts/fuzz-injection.ts (large run).
 */
import fc from 'fast-check';
import { SECTIONS, UNIT_KINDS, type SectionName, type UnitKind } from '../../../lib/unit/catalog';
import { toDocument, fromDocument, type TypedUnitModel } from '../../../lib/unit/typed';
import { DirectiveValueError } from '../../../lib/unit/values';
import { renderDocument } from '../../../lib/unit/render';
import { parseUnitText } from '../../../lib/unit/parse';

/** A directive whose value (or list element) may be a string. */
export interface StringField {
  readonly kind: UnitKind;
  readonly section: SectionName;
  readonly key: string;
  readonly list: boolean;
}

/** Every string-valued directive of every section, with the unit kind it belongs to. */
export function stringFields(): StringField[] {
  const out: StringField[] = [];
  for (const [kind, sections] of Object.entries(UNIT_KINDS) as [UnitKind, readonly SectionName[]][]) {
    for (const section of sections) {
      if (section !== 'Unit' && section !== 'Install' && out.some((f) => f.section === section)) continue;
      if ((section === 'Unit' || section === 'Install') && kind !== 'service') continue;
      for (const [key, spec] of Object.entries(SECTIONS[section])) {
        if (/string|Text|CommandLineValue/.test(spec.kind.tsType)) out.push({ kind, section, key, list: spec.multiplicity !== 'single' });
      }
    }
  }
  return out;
}

const HOSTILE_PIECES = [
  '\n', '\r', '\r\n', '\0', '\\', '\\\\', '"', "'", '%', '%%', '%i', '[Service]', '\nExecStartPre=/bin/evil', 'ExecStartPre=', ' ', '\t',
  '=', '#', ';', ' ; ', '$', '${X}', '~', '-', '@', '+', '!', '|', ':', '/', '/usr/bin/true', '/bin/sh -c ', 'CAP_SYS_ADMIN', '@system-service',
  'AF_INET', 'A=', 'net', 'any', '10.0.0.0/8', '5s', '1G', 'yes', 'é', 'ü', '🙂', '\u2028', '\u0085', '\x7f', '\x1b', '\ud800', '\udc00', 'a', 'Z', '0', '9', '.service', 'x.target',
];

/** Hostile strings: control characters, quotes, backslashes, `%`, fake sections and directives, unicode, long strings. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.constantFrom(...HOSTILE_PIECES), { maxLength: 8 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('/', 'a', '%', '"', '\\'), fc.integer({ min: 100, max: 5000 })).map(([c, n]) => '/' + c.repeat(n)) },
);

/** Outcome of one check. */
export type InjectionOutcome = 'rejected' | 'round-trip';

/** Checks the property for one field and value; throws (with details) when it does not hold. */
export function checkInjection(field: StringField, value: string): InjectionOutcome {
  const model = { [field.section]: { [field.key]: field.list ? [value] : value } } as TypedUnitModel;
  let doc;
  try {
    doc = toDocument(model, { kind: field.kind });
  } catch (e) {
    if (e instanceof DirectiveValueError) return 'rejected';
    throw new Error(`${field.section}.${field.key}=${JSON.stringify(value)}: toDocument threw ${String(e)} instead of a DirectiveValueError`);
  }
  const text = renderDocument(doc); // must not throw: the typed layer already refused what cannot be written
  const parsed = parseUnitText(text);
  const back = fromDocument(parsed.document, { kind: field.kind, keepResets: true }); // a list element '' is an empty assignment
  const expected = { [field.section]: { [field.key]: field.list ? [value] : value } };
  const fail = (why: string): never => {
    throw new Error(`${field.section}.${field.key}=${JSON.stringify(value)}: ${why}\n--- rendered ---\n${text}--- read back ---\n${JSON.stringify(back.model)}`);
  };
  if (parsed.diagnostics.length > 0) fail(`parse diagnostics ${JSON.stringify(parsed.diagnostics)}`);
  if (back.diagnostics.length > 0) fail(`fromDocument diagnostics ${JSON.stringify(back.diagnostics)}`);
  const sections = parsed.document.sections;
  if (sections.length !== 1 || sections[0]!.entries.length !== 1 || sections[0]!.entries[0]!.key !== field.key) fail('extra directives or sections');
  if (JSON.stringify(back.model) !== JSON.stringify(expected)) fail('read back a different value');
  return 'round-trip';
}
