/**
 * Release checks: which directives and values of a document a given systemd release does not know.
 * Unknown directives are ignored by older releases with a warning ("Unknown key name …"), unknown
 * enum values are refused; constructs turn these into synth-time warnings.
 */
import type { Diagnostic, UnitDocument } from '../model';
import { lookupDirective } from './sections';
import { ANCIENT } from './define';
import { extractWords } from '../values/words';

/** The oldest systemd release this library supports. */
export const OLDEST_SUPPORTED_RELEASE = 252;

function valueSince(valueSinceTable: Readonly<Record<string, number>>, raw: string): [string, number] | undefined {
  for (const [value, release] of Object.entries(valueSinceTable)) {
    if (raw === value || (value.endsWith(':') && raw.startsWith(value))) {
      return [value, release];
    }
  }
  return undefined;
}

/**
 * Warnings for directives and values of `doc` that `release` does not know (introduced later).
 * Directives the catalog does not know are not reported here (the typed layer reports those).
 */
export function releaseProblems(doc: UnitDocument, release: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const section of doc.sections) {
    for (const e of section.entries) {
      const spec = lookupDirective(section.name, e.key);
      if (!spec) continue;
      const directive = `${section.name}.${e.key}`;
      if (spec.removedIn !== undefined && release >= spec.removedIn) {
        out.push({ severity: 'warning', directive, position: e.position, message: `${e.key}= was removed in systemd ${spec.removedIn}; systemd ${release} ignores it.` });
        continue;
      }
      if (spec.since !== ANCIENT && spec.since > release) {
        out.push({ severity: 'warning', directive, position: e.position, message: `${e.key}= needs systemd ${spec.since}; systemd ${release} ignores it ("Unknown key name").` });
        continue;
      }
      // An empty assignment (a reset) is known wherever the directive is: only its name is checked.
      if (e.value === '') continue;
      const vs = spec.valueSince && valueSince(spec.valueSince, e.value);
      if (vs && vs[1] > release) {
        out.push({ severity: 'warning', directive, position: e.position, message: `${e.key}=${e.value}: the value '${vs[0]}' needs systemd ${vs[1]}; systemd ${release} refuses it.` });
        continue;
      }
      if (spec.kind.sinceOf) {
        let newest: number | undefined;
        try {
          const values = spec.multiplicity === 'words' ? extractWords(e.value, spec.split!).words : [e.value];
          for (const v of values) {
            const s = spec.kind.sinceOf(spec.kind.fromRaw(v));
            if (s !== undefined && (newest === undefined || s > newest)) newest = s;
          }
        } catch {
          continue; // invalid values are reported by the typed layer
        }
        if (newest !== undefined && newest > release) {
          out.push({ severity: 'warning', directive, position: e.position, message: `${e.key}=${e.value} uses names or syntax that need systemd ${newest}; systemd ${release} does not know them.` });
        }
      }
    }
  }
  return out;
}
