/**
 * A value kind: how one assignment's value (or one word of a word list) is validated, written and
 * read back. Kinds are small reusable objects; the catalog pairs each directive with one.
 */

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
