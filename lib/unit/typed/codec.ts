/**
 * Typed model ↔ raw document. `toDocument` validates every value and writes it the way systemd reads
 * it back; `fromDocument` reads a raw document into the typed model, keeping everything it cannot
 * type (unknown sections and directives, invalid values) in `extra` with a warning, so that nothing
 * is lost.
 */
import type { Diagnostic, UnitDocument, UnitEntry, UnitSection } from '../model';
import { checkRawValue, UnitRenderError } from '../render';
import { catalogRank, directiveNames, lookupDirective, SECTIONS, UNIT_KINDS, type SectionName, type UnitKind } from '../catalog';
import type { DirectiveSpec } from '../catalog/define';
import { DirectiveValueError, ValueRuleError } from '../values/errors';
import { didYouMean } from '../values/suggest';
import { extractWords, quoteWord } from '../values/words';
import type { ExtraEntries, TypedUnitModel } from './model';
import { checkSharedResets } from './shared-resets';
import { checkCombinations } from './combinations';
import { firstInvalidOffset } from '../systemd-utf8';

/** Options of {@link toDocument}. */
export interface ToDocumentOptions {
  /** Unit kind (decides which type section is allowed); inferred from the model when omitted. */
  readonly kind?: UnitKind;
}

/** Options of {@link fromDocument}. */
export interface FromDocumentOptions {
  /** Unit kind; inferred from the sections present (Service/Socket/Timer) when omitted, else `service`. */
  readonly kind?: UnitKind;
  /**
   * Keep empty assignments instead of applying them (for drop-ins, where `ExecStart=` clears the
   * main file's value): as `''` elements of lists, and in `extra` for single-valued directives.
   * Default false: resets are applied.
   */
  readonly keepResets?: boolean;
}

/** Result of {@link fromDocument}. */
export interface FromDocumentResult<M extends TypedUnitModel = TypedUnitModel> {
  readonly model: M;
  /** Warnings: unknown sections/directives, invalid values (kept in `extra`), applied scalar resets. */
  readonly diagnostics: Diagnostic[];
}

const TYPE_SECTIONS: Readonly<Record<UnitKind, SectionName>> = { service: 'Service', socket: 'Socket', timer: 'Timer' };

function inferKind(sections: Iterable<string>): UnitKind | undefined {
  for (const s of sections) for (const [kind, name] of Object.entries(TYPE_SECTIONS)) if (s === name) return kind as UnitKind;
  return undefined;
}

function rawFor(directive: string, spec: DirectiveSpec, element: unknown): string {
  return withRule(directive, element, () => {
    const raw: unknown = spec.kind.toRaw(element);
    if (typeof raw !== 'string') throw new ValueRuleError(`expected a value of type ${spec.kind.tsType}`);
    return spec.multiplicity === 'words' ? quoteWord(raw, spec.split!) : raw;
  });
}

function withRule<T>(directive: string, value: unknown, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValueRuleError) throw new DirectiveValueError(directive, value, e.rule, e.hint);
    if (e instanceof UnitRenderError) throw new DirectiveValueError(directive, value, e.rule);
    throw e;
  }
}

/** Raw entries of one typed directive value. */
export function directiveEntries(section: string, key: string, value: unknown): UnitEntry[] {
  const directive = `${section}.${key}`;
  const spec = lookupDirective(section, key);
  if (!spec) {
    const known = (SECTIONS as Readonly<Record<string, object>>)[section];
    throw new DirectiveValueError(directive, value, `unknown directive in [${section}]`, (known && didYouMean(key, Object.keys(known))) ?? 'put directives the catalog does not know in `extra`');
  }
  let raws: string[];
  if (spec.multiplicity === 'single') {
    if (Array.isArray(value)) throw new DirectiveValueError(directive, value, 'takes a single value, not a list');
    raws = [rawFor(directive, spec, value)];
  } else {
    if (!Array.isArray(value)) throw new DirectiveValueError(directive, value, 'takes a list (one element per assignment)', `write [${JSON.stringify(value)}]`);
    raws = value.map((el: unknown) => (el === '' ? '' : rawFor(directive, spec, el)));
  }
  for (const raw of raws) withRule(directive, raw, () => checkRawValue(directive, raw));
  for (const raw of raws) {
    // utf8_is_valid() refuses noncharacters (U+FDD0–U+FDEF, U+xxFFFE/U+xxFFFF): "String is not UTF-8 clean, ignoring assignment".
    const bytes = Buffer.from(raw, 'utf8');
    const bad = firstInvalidOffset(bytes);
    if (bad >= 0) {
      const ch = bytes.subarray(bad).toString('utf8').codePointAt(0) ?? 0;
      throw new DirectiveValueError(directive, value, `not valid UTF-8 as systemd reads it (noncharacter U+${ch.toString(16).toUpperCase().padStart(4, '0')})`);
    }
  }
  return raws.map((v) => ({ key, value: v }));
}

/**
 * Typed → raw. Sections in file order ([Unit], the type section, [Install], then `extra`-only
 * sections), directives in catalog order, one entry per list element. Throws
 * {@link DirectiveValueError} for any value systemd would refuse or read differently.
 */
export function toDocument(model: TypedUnitModel, options: ToDocumentOptions = {}): UnitDocument {
  const present = Object.keys(model).filter((k) => k !== 'extra');
  const kind = options.kind ?? inferKind(present) ?? 'service';
  const allowed: readonly string[] = UNIT_KINDS[kind];
  const extra: ExtraEntries = model.extra ?? {};
  const sections: UnitSection[] = [];
  for (const name of present) {
    if (!allowed.includes(name)) {
      throw new DirectiveValueError(`[${name}]`, name, `a ${kind} unit has no [${name}] section in the typed model`, didYouMean(name, allowed) ?? 'put other sections in `extra`');
    }
  }
  const order = [...allowed, ...Object.keys(extra).filter((s) => !allowed.includes(s))];
  for (const name of order) {
    const typed = (model as Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>)[name];
    const entries: UnitEntry[] = [];
    if (typed && allowed.includes(name)) {
      const keys = Object.keys(typed);
      for (const key of keys) if (catalogRank(name, key) === undefined) directiveEntries(name, key, typed[key]); // throws with a suggestion
      checkSharedResets(name, typed);
      checkCombinations(name, typed);
      // the directives set, in catalog order (not a walk over the whole catalog)
      const set = keys.filter((key) => typed[key] !== undefined).sort((a, b) => catalogRank(name, a)! - catalogRank(name, b)!);
      for (const key of set) entries.push(...directiveEntries(name, key, typed[key]));
    }
    for (const e of extra[name] ?? []) {
      withRule(`${name}.${e.key}`, e.value, () => checkRawValue(`${name}.${e.key}`, e.value));
      entries.push({ key: e.key, value: e.value });
    }
    if (entries.length > 0 || (typed && Object.keys(typed).length === 0 && allowed.includes(name))) sections.push({ name, entries });
  }
  return { sections: sections.filter((s) => s.entries.length > 0) };
}

/**
 * Raw → typed. List directives accumulate (an empty assignment resets them unless `keepResets`);
 * single directives keep the last value. Unknown sections and directives, and values systemd would
 * refuse, are kept in `extra` (raw) and reported as warnings.
 */
export function fromDocument<M extends TypedUnitModel = TypedUnitModel>(doc: UnitDocument, options: FromDocumentOptions = {}): FromDocumentResult<M> {
  const kind = options.kind ?? inferKind(doc.sections.map((s) => s.name)) ?? 'service';
  const allowed: readonly string[] = UNIT_KINDS[kind];
  const diagnostics: Diagnostic[] = [];
  const model: Record<string, Record<string, unknown>> = {};
  const extra: Record<string, { key: string; value: string }[]> = {};
  const keep = (section: string, e: UnitEntry, message: string): void => {
    (extra[section] ??= []).push({ key: e.key, value: e.value });
    diagnostics.push({ severity: 'warning', message, position: e.position, directive: `${section}.${e.key}` });
  };
  for (const section of doc.sections) {
    if (!allowed.includes(section.name)) {
      const hint = section.name.startsWith('X-') ? '' : ` (${didYouMean(section.name, allowed) ?? `a ${kind} unit has ${allowed.map((s) => `[${s}]`).join(', ')}`})`;
      for (const e of section.entries) keep(section.name, e, `Unknown section [${section.name}]${hint}: ${e.key}= kept as is.`);
      if (section.entries.length === 0) {
        extra[section.name] ??= [];
        diagnostics.push({ severity: 'warning', message: `Unknown section [${section.name}]${hint}, empty.` });
      }
      continue;
    }
    const out = (model[section.name] ??= {});
    for (const e of section.entries) {
      const spec = lookupDirective(section.name, e.key);
      if (!spec) {
        const dym = didYouMean(e.key, directiveNames(section.name as SectionName));
        keep(section.name, e, `Unknown directive ${e.key}= in [${section.name}]${dym ? ` (${dym})` : ''}: kept as is.`);
        continue;
      }
      const directive = `${section.name}.${e.key}`;
      if (e.value === '') {
        if (spec.multiplicity === 'single') {
          delete out[e.key];
          // A drop-in's `User=` undoes the main file's value: keep it (raw) when resets are kept.
          if (options.keepResets) (extra[section.name] ??= []).push({ key: e.key, value: '' });
          else diagnostics.push({ severity: 'warning', message: `Empty ${e.key}= resets it to its default.`, position: e.position, directive });
        } else if (options.keepResets) out[e.key] = [...((out[e.key] as unknown[] | undefined) ?? []), ''];
        else delete out[e.key];
        continue;
      }
      try {
        if (spec.multiplicity === 'single') out[e.key] = spec.kind.fromRaw(e.value);
        else {
          let elements: unknown[];
          if (spec.multiplicity === 'words') {
            const w = extractWords(e.value, spec.split!);
            if (!w.ok) throw new ValueRuleError(`cannot split into words: ${w.problem}`);
            elements = w.words.map((word) => spec.kind.fromRaw(word));
          } else elements = [spec.kind.fromRaw(e.value)];
          out[e.key] = [...((out[e.key] as unknown[] | undefined) ?? []), ...elements];
        }
      } catch (err) {
        if (!(err instanceof ValueRuleError)) throw err;
        keep(section.name, e, `Invalid ${e.key}=${e.value}: ${err.rule}${err.hint ? `; ${err.hint}` : ''}. Kept as is (systemd ignores it).`);
      }
    }
  }
  for (const [name, section] of Object.entries(model)) if (Object.keys(section).length === 0) delete model[name];
  const result: Record<string, unknown> = { ...model };
  if (Object.keys(extra).length > 0) result.extra = extra;
  return { model: result as M, diagnostics };
}
