/**
 * Scalar value kinds: booleans, enums (optionally mixed with booleans), integers in a range, octal
 * modes, durations (systemd.time(7)) and sizes (1024-based, with `infinity`/percentages where allowed).
 */
import { ValueRuleError } from './errors';
import type { ValueKind } from './kind';
import { didYouMean } from './suggest';

const TRUE_WORDS = ['1', 'yes', 'y', 'true', 't', 'on'];
const FALSE_WORDS = ['0', 'no', 'n', 'false', 'f', 'off'];

/** systemd's parse_boolean(): the spellings it accepts, case-insensitive; undefined otherwise. */
export function parseBooleanWord(raw: string): boolean | undefined {
  const v = raw.toLowerCase();
  if (TRUE_WORDS.includes(v)) return true;
  if (FALSE_WORDS.includes(v)) return false;
  return undefined;
}

const BOOLEAN_RULE = 'a boolean: yes/no (also true/false, on/off, 1/0, y/n, t/f)';

/** A boolean, written `yes`/`no`. */
export const booleanKind: ValueKind<boolean> = {
  name: 'boolean',
  tsType: 'boolean',
  rule: BOOLEAN_RULE,
  toRaw(v) {
    if (typeof v !== 'boolean') throw new ValueRuleError(BOOLEAN_RULE, 'pass true or false');
    return v ? 'yes' : 'no';
  },
  fromRaw(raw) {
    const b = parseBooleanWord(raw);
    if (b === undefined) throw new ValueRuleError(BOOLEAN_RULE);
    return b;
  },
};

/**
 * One of a fixed set of words; with `booleans`, also true/false (written yes/no, e.g. ProtectSystem=).
 * Words are matched exactly (systemd's string tables are case-sensitive).
 */
export function enumKind<const W extends string, B extends boolean = false>(
  words: readonly W[],
  options: { booleans?: B } = {},
): ValueKind<B extends true ? W | boolean : W> {
  const booleans = options.booleans === true;
  const rule = `one of ${booleans ? 'yes, no, ' : ''}${words.join(', ')}`;
  const tsType = [...(booleans ? ['boolean'] : []), ...words.map((w) => `'${w}'`)].join(' | ');
  type T = B extends true ? W | boolean : W;
  return {
    name: booleans ? 'boolean-or-enum' : 'enum',
    tsType,
    rule,
    toRaw(v: T) {
      if (typeof v === 'boolean' && booleans) return v ? 'yes' : 'no';
      if (typeof v === 'string' && (words as readonly string[]).includes(v)) return v;
      const asBoolean = typeof v === 'string' && booleans ? parseBooleanWord(v) : undefined;
      throw new ValueRuleError(rule, asBoolean !== undefined ? `pass ${asBoolean} (the boolean) instead of '${v}'` : typeof v === 'string' ? didYouMean(v, words) : undefined);
    },
    fromRaw(raw: string): T {
      if ((words as readonly string[]).includes(raw)) return raw as T;
      if (booleans) {
        const b = parseBooleanWord(raw);
        if (b !== undefined) return b as T;
      }
      throw new ValueRuleError(rule, didYouMean(raw, words));
    },
  };
}

/** An integer in [min, max]; with `infinity`, also the word `infinity`. */
export function integerKind<I extends boolean = false>(min: number, max: number, options: { infinity?: I } = {}): ValueKind<I extends true ? number | 'infinity' : number> {
  const rule = `an integer from ${min} to ${max}${options.infinity ? ", or 'infinity'" : ''}`;
  const check = (n: number): number => {
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new ValueRuleError(rule);
    return n;
  };
  const kind: ValueKind<number | 'infinity'> = {
    name: 'integer',
    tsType: options.infinity ? "number | 'infinity'" : 'number',
    rule,
    toRaw(v) {
      if (v === 'infinity' && options.infinity) return v;
      if (typeof v !== 'number') throw new ValueRuleError(rule);
      return String(check(v));
    },
    fromRaw(raw) {
      if (raw === 'infinity' && options.infinity) return raw;
      if (!/^[+-]?(0|[1-9][0-9]*)$/.test(raw)) throw new ValueRuleError(rule, /^[+-]?0[0-9]/.test(raw) ? 'drop the leading zero (systemd would read it as octal or refuse it)' : undefined);
      return check(Number(raw));
    },
  };
  return kind as ValueKind<I extends true ? number | 'infinity' : number>;
}

/** An octal file mode such as `0027`, at most `max` (written as given, 1–4 octal digits). */
export function octalKind(max: number): ValueKind<string> {
  const rule = `an octal mode such as 0750 (at most ${'0' + max.toString(8)})`;
  const check = (s: string): string => {
    if (typeof s !== 'string' || !/^([0-7]{1,4}|0[0-7]{4})$/.test(s) || parseInt(s, 8) > max) {
      throw new ValueRuleError(rule, typeof s === 'number' ? `pass a string such as '0${(s as number).toString(8)}'` : undefined);
    }
    return s;
  };
  return { name: 'octal-mode', tsType: 'string', rule, toRaw: check, fromRaw: check };
}

const TIME_UNITS = [
  'usec', 'us', 'μs', 'µs', 'msec', 'ms', 'seconds', 'second', 'sec', 's', 'minutes', 'minute', 'min', 'm',
  'hours', 'hour', 'hr', 'h', 'days', 'day', 'd', 'weeks', 'week', 'w', 'months', 'month', 'M', 'years', 'year', 'y',
];
const TIME_PART = new RegExp(`^([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)\\s*(${TIME_UNITS.join('|')})?(?![A-Za-zμµ])\\s*`);

/** True when `raw` is a systemd time span (parse_sec): `90`, `5s`, `1min 30s`, `2h30m`, `1.5d`. */
export function isTimeSpan(raw: string): boolean {
  let rest = raw.trim();
  if (rest === '' || rest !== raw) return false;
  let parts = 0;
  let previousUnitless = false;
  while (rest !== '') {
    const m = TIME_PART.exec(rest);
    if (!m) return false;
    if (previousUnitless) return false; // a number without unit must be the last part
    previousUnitless = m[2] === undefined;
    rest = rest.slice(m[0].length);
    parts++;
  }
  return parts > 0;
}

/** A time span (systemd.time(7)); numbers are seconds. `infinity` only where the directive allows it. */
export function durationKind(options: { infinity?: boolean } = {}): ValueKind<string | number> {
  const rule = `a time span such as 30s, 5min, 1h 30min or a number of seconds${options.infinity ? ", or 'infinity'" : ''}`;
  const check = (s: string): string => {
    if (s === 'infinity' && options.infinity) return s;
    if (!isTimeSpan(s)) throw new ValueRuleError(rule, s === 'infinity' ? 'this directive does not accept infinity' : undefined);
    return s;
  };
  return {
    name: 'duration',
    tsType: 'string | number',
    rule,
    toRaw(v) {
      if (typeof v === 'number') {
        if (!Number.isFinite(v) || v < 0) throw new ValueRuleError(rule);
        if (!Number.isInteger(v)) return check(`${Math.round(v * 1e6)}us`);
        return String(v);
      }
      if (typeof v !== 'string') throw new ValueRuleError(rule);
      return check(v);
    },
    fromRaw: check,
  };
}

/**
 * A size in bytes with optional 1024-based suffix (K, M, G, T, P, E); numbers are bytes. With
 * `infinity` the word `infinity`, with `percent` a percentage of the physical resource (`50%`).
 */
export function sizeKind(options: { infinity?: boolean; percent?: boolean; max?: number; positive?: boolean } = {}): ValueKind<string | number> {
  const extra = [options.infinity ? "'infinity'" : '', options.percent ? 'a percentage such as 50%' : ''].filter(Boolean);
  const rule = `a size such as 512K, 1G or a number of bytes${extra.length ? `, or ${extra.join(' or ')}` : ''}`;
  const check = (s: string): string => {
    if (s === 'infinity' && options.infinity) return s;
    // parse_permyriad(): at most two decimals ('0.001%' is "Invalid memory limit").
    const percent = options.percent && /^[0-9]+(\.[0-9]{1,2})?%$/.test(s) && parseFloat(s) <= 100;
    if (!percent && !/^(0|[1-9][0-9]*)(\.[0-9]+)?[KMGTPE]?$/.test(s)) throw new ValueRuleError(rule);
    // A limit of 0 (or 0%) is "out of range" for MemoryHigh=/MemoryMax=/TasksMax= (252–262).
    if (options.positive && parseFloat(s) === 0) throw new ValueRuleError(`${rule}; 0 is out of range`);
    return s;
  };
  return {
    name: 'size',
    tsType: 'string | number',
    rule,
    toRaw(v) {
      if (typeof v === 'number') {
        if (!Number.isSafeInteger(v) || v < (options.positive ? 1 : 0) || (options.max !== undefined && v > options.max)) throw new ValueRuleError(rule);
        return String(v);
      }
      if (typeof v !== 'string') throw new ValueRuleError(rule);
      return check(v);
    },
    fromRaw: check,
  };
}

/** What a resource limit counts: a number of things, bytes, or CPU seconds. */
export type RlimitFlavor = 'count' | 'bytes' | 'seconds';

/** A resource limit (LimitNOFILE= …): a value or `SOFT:HARD`, each a number, `infinity`, a size (bytes) or time span (CPU). */
export function rlimitKind(flavor: RlimitFlavor): ValueKind<string | number> {
  const one =
    flavor === 'count'
      ? /^(infinity|0|[1-9][0-9]*)$/
      : flavor === 'bytes'
        ? /^(infinity|(0|[1-9][0-9]*)(\.[0-9]+)?[KMGTPE]?)$/
        : /^(infinity|(0|[1-9][0-9]*)(us|ms|s|min|h|d|w)?)$/;
  const rule = `a limit (${flavor === 'count' ? 'a number' : flavor === 'bytes' ? 'a size such as 64M' : 'CPU time such as 30s or 5min'} or infinity), or SOFT:HARD`;
  const check = (raw: string): string => {
    const parts = typeof raw === 'string' ? raw.split(':') : [];
    if (parts.length < 1 || parts.length > 2 || !parts.every((p) => one.test(p))) throw new ValueRuleError(rule);
    return raw;
  };
  return {
    name: 'rlimit',
    tsType: 'string | number',
    rule,
    toRaw(v) {
      if (typeof v === 'number') {
        if (!Number.isSafeInteger(v) || v < 0) throw new ValueRuleError(rule);
        return String(v);
      }
      return check(v);
    },
    fromRaw: check,
  };
}
