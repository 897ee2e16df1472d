/**
 * Errors of the typed layer: a value that systemd would refuse (or read differently) is rejected
 * with the directive, the value, the rule it breaks and, when obvious, the fix.
 */

/** Thrown by a value kind when a value breaks its rule; the catalog adds the directive name. */
export class ValueRuleError extends Error {
  constructor(
    /** The rule the value breaks, phrased as what a valid value is. */
    readonly rule: string,
    /** How to fix it, when there is an obvious fix (e.g. "did you mean CAP_NET_ADMIN?"). */
    readonly hint?: string,
  ) {
    super(hint ? `${rule} (${hint})` : rule);
    this.name = 'ValueRuleError';
  }
}

/** A directive value that cannot be written (typed → raw) or read (raw → typed). */
export class DirectiveValueError extends Error {
  constructor(
    /** `Section.Key`, e.g. `Service.UMask`. */
    readonly directive: string,
    /** The offending value (as given, JSON-encoded in the message). */
    readonly value: unknown,
    /** The rule the value breaks. */
    readonly rule: string,
    /** The fix, when obvious. */
    readonly hint?: string,
  ) {
    super(`${directive}: invalid value ${safeJson(value)}: ${rule}${hint ? `; ${hint}` : ''}`);
    this.name = 'DirectiveValueError';
  }
}

function safeJson(value: unknown): string {
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 200 ? s.slice(0, 200) + '…' : s;
  } catch {
    return String(value);
  }
}

/** Runs `f`, turning a {@link ValueRuleError} into a {@link DirectiveValueError} for `directive`. */
export function withDirective<T>(directive: string, value: unknown, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValueRuleError) throw new DirectiveValueError(directive, value, e.rule, e.hint);
    throw e;
  }
}
