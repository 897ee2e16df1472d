/**
 * A value kind: how one assignment's value (or one word of a word list) is validated, written and
 * read back. Kinds are small reusable objects; the catalog pairs each directive with one.
 */
import { ValueRuleError } from './errors';

/** One kind of directive value. `T` is the TypeScript value type of a single element. */
export interface ValueKind<T> {
  /** Short name shown in docs, e.g. `boolean`, `duration`. */
  readonly name: string;
  /** The TypeScript type of an element, as source text (used to generate the typed model). */
  readonly tsType: string;
  /** What a valid value is, in one sentence (used in errors and docs). */
  readonly rule: string;
  /** Typed → raw text; throws ValueRuleError when the value breaks the rule. */
  toRaw(value: T): string;
  /** Raw text → typed; throws ValueRuleError when systemd would refuse or misread it. */
  fromRaw(raw: string): T;
  /**
   * True when systemd expands `%` specifiers in this value: a literal `%` is then written as `%%`, and
   * `{ specifiers: '…' }` passes specifiers through (see text.ts).
   */
  readonly expandsSpecifiers?: boolean;
  /** The first systemd release that accepts this particular value, when later than the directive itself. */
  sinceOf?(value: T): number | undefined;
}

/** Any value kind (element type erased), for tables. Method parameters are bivariant, so every ValueKind<T> fits. */
export type AnyValueKind = ValueKind<unknown>;

/** The element type of a kind. */
export type KindValue<K> = K extends ValueKind<infer T> ? T : never;

/** What {@link checkedStringKind} needs: the kind's texts and the check of one raw value. */
export interface CheckedStringKindSpec {
  readonly name: string;
  readonly tsType: string;
  readonly rule: string;
  /** Throws ValueRuleError (usually with `rule`) when systemd would refuse or misread `raw`. */
  check(raw: string, rule: string): void;
}

/** A kind whose value is its own raw text, accepted when `check` passes (written as given). */
export function checkedStringKind(spec: CheckedStringKindSpec): ValueKind<string> {
  return {
    name: spec.name,
    tsType: spec.tsType,
    rule: spec.rule,
    toRaw(value) {
      return this.fromRaw(value);
    },
    fromRaw(raw) {
      if (typeof raw !== 'string') throw new ValueRuleError(spec.rule);
      spec.check(raw, spec.rule);
      return raw;
    },
  };
}
