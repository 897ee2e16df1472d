/**
 * Text-valued kinds: free single-line text, absolute paths (optionally with systemd's `-`, `+`, `~`
 * prefixes), unit names, user/group names, signals. All are {@link Text}: literal by default, with
 * `%` written as `%%` where the directive expands specifiers.
 */
import { ValueRuleError } from './errors';
import type { ValueKind } from './kind';
import { didYouMean } from './suggest';
import { textFromRaw, textToRaw, type Text, type TextGrammar } from './text';
import { checkPlainText } from './words';
import { unitNameProblem } from '../unit-name';
import { pathLengthProblem } from '../path-rules';
import { SIGNALS } from './data/kernel-names';

/** PATH_MAX: systemd refuses longer paths. */
export const PATH_MAX = 4096;

/** Builds a Text kind from a grammar. */
export function textKind(name: string, rule: string, grammar: TextGrammar, expands: boolean, tsType = 'Text'): ValueKind<Text> {
  return {
    name,
    tsType,
    rule,
    expandsSpecifiers: expands,
    toRaw: (v) => textToRaw(v, grammar, expands),
    fromRaw: (raw) => textFromRaw(raw, grammar, expands),
  };
}

/** Free text on one line (Description=, …): no control characters, no surrounding blanks. */
export function plainTextKind(expands = true, maxLength = 2048): ValueKind<Text> {
  return textKind('text', `text on one line without control characters (at most ${maxLength} characters)`, {
    check(s) {
      if (typeof s !== 'string') throw new ValueRuleError('expected a string');
      if (s === '') throw new ValueRuleError('must not be empty', 'leave the directive out instead');
      if (s.length > maxLength) throw new ValueRuleError(`at most ${maxLength} characters`);
      checkPlainText(s);
    },
  }, expands);
}

/** Why `p` is not an absolute, normalized path, or undefined (systemd's path_simplify_and_warn rules). */
export function absolutePathProblem(p: string): string | undefined {
  if (!p.startsWith('/')) return 'must be an absolute path (start with /)';
  if (p.split('/').some((c) => c === '..')) return "must not contain '..' components";
  // path_is_valid(): systemd ignores the setting ("path has invalid length"), counting UTF-8 bytes.
  return pathLengthProblem(p);
}

/** Options of {@link pathKind}. */
export interface PathOptions {
  /** Prefix characters systemd allows before the path, e.g. `-` (ignore if missing), `+`, `~`. */
  readonly prefixes?: string;
  /** Whether the directive expands specifiers (default true). */
  readonly expands?: boolean;
  /** Extra checks for a whole-value path (no word splitting): no blanks allowed when `words` is true. */
  readonly words?: boolean;
  /** Accept the bare `~` (home directory) of WorkingDirectory=. */
  readonly tilde?: boolean;
  /** Refuse paths below /dev, /proc, /sys (PIDFile=, ListenFIFO=: systemd 257+ refuses them). */
  readonly notApiVfs?: boolean;
}

/** An absolute path; optional prefixes as in `-/etc/foo.env` or `-/var/lib/x`. */
export function pathKind(options: PathOptions = {}): ValueKind<Text> {
  const prefixes = options.prefixes ?? '';
  const rule = `an absolute path${prefixes ? `, optionally prefixed with ${[...prefixes].map((c) => `'${c}'`).join(' or ')}` : ''}`;
  return textKind('path', rule, {
    check(s) {
      if (typeof s !== 'string') throw new ValueRuleError('expected a string');
      checkPlainText(s);
      if (options.tilde && s === '~') return;
      let rest = s;
      while (rest !== '' && prefixes.includes(rest[0]!)) rest = rest.slice(1);
      const problem = absolutePathProblem(rest) ?? (options.notApiVfs && /^\/(dev|proc|sys)(\/|$)/.test(rest) ? 'must not be below /dev, /proc or /sys' : undefined);
      if (problem) throw new ValueRuleError(problem, rest.startsWith('.') || /^[A-Za-z]/.test(rest) ? `use an absolute path such as /${rest.replace(/^\.?\/*/, '')}` : undefined);
    },
  }, options.expands ?? true);
}

/** A unit name such as `network-online.target` (validated like systemd's unit_name_is_valid). */
export const unitNameKind: ValueKind<Text> = textKind('unit-name', 'a unit name such as network-online.target', {
  check(s) {
    if (typeof s !== 'string') throw new ValueRuleError('expected a string');
    const problem = unitNameProblem(s);
    if (problem) throw new ValueRuleError(problem, s.includes('%') ? "to use specifiers pass { specifiers: '…' }" : undefined);
  },
}, true);

/** A unit name of one type (Sockets= takes sockets, Slice= a slice …); templates are refused. */
export function unitNameOfTypeKind(type: string): ValueKind<Text> {
  return textKind('unit-name', `a .${type} unit name`, {
    check(s) {
      unitNameKind.toRaw(s);
      if (!s.endsWith(`.${type}`)) throw new ValueRuleError(`must be a .${type} unit`, `e.g. ${s.replace(/\.[^.]*$/, '')}.${type}`);
      if (/@\.[^.]+$/.test(s)) throw new ValueRuleError('a template name needs an instance here');
    },
  }, true);
}

/** Why `name` is not a user/group name systemd accepts with its relaxed rules (spec c.1), or undefined. */
export function userNameProblem(name: string): string | undefined {
  if (name === '') return 'must not be empty';
  if (/^[0-9]+$/.test(name)) {
    if (/^0[0-9]/.test(name)) return 'a numeric ID must not have leading zeros';
    const n = Number(name);
    return n === 65535 || n >= 4294967295 ? 'numeric IDs 65535 and 4294967295 and above are reserved' : undefined;
  }
  if (/[:/]/.test(name)) return "must not contain ':' or '/'";
  if (/^\s|\s$/.test(name)) return 'must not start or end with a blank';
  // valid_user_group_name(VALID_USER_RELAX): nothing starting with a dash (252–262 refuse '-' itself too).
  if (name.startsWith('-')) return "must not start with '-'";
  if (name === '.' || name === '..') return "must not be '.' or '..'";
  if (name.length > 256) return 'at most 256 characters';
  return undefined;
}

/**
 * A user or group name (User=, Group=, SocketUser=). Stricter than systemd in one place: blanks are
 * refused (systemd accepts `foo bar` with a warning, but no real account has one).
 */
export const userNameKind: ValueKind<Text> = textKind('user-name', 'a user or group name such as www-data, or a numeric ID', {
  check(s) {
    if (typeof s !== 'string') throw new ValueRuleError('expected a string');
    checkPlainText(s);
    const problem = userNameProblem(s) ?? (/[\s"'\\]/.test(s) ? 'must not contain blanks, quotes or backslashes' : undefined);
    if (problem) throw new ValueRuleError(problem);
  },
}, true);

/** A signal: `SIGTERM`, `TERM`, `SIGRTMIN+3` or a number 1–64. */
export const signalKind: ValueKind<string | number> = {
  name: 'signal',
  tsType: 'string | number',
  rule: 'a signal name such as SIGTERM, SIGRTMIN+N or a number from 1 to 64',
  toRaw(v) {
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 1 || v > 64) throw new ValueRuleError(this.rule);
      return String(v);
    }
    return this.fromRaw(v) as string;
  },
  fromRaw(raw) {
    if (typeof raw !== 'string') throw new ValueRuleError(this.rule);
    // signal_from_string() refuses leading zeros ('09'): 252–262 ignore the setting.
    if (/^[1-9][0-9]?$/.test(raw) && Number(raw) <= 64) return raw;
    const bare = raw.startsWith('SIG') ? raw.slice(3) : raw;
    if ((SIGNALS as readonly string[]).includes(bare)) return raw;
    const rt = /^RTM(IN|AX)([+-]([0-9]+))?$/.exec(bare);
    if (rt && (rt[3] === undefined || Number(rt[3]) <= 30) && (rt[2] === undefined || (rt[1] === 'IN') === rt[2].startsWith('+'))) return raw;
    throw new ValueRuleError(this.rule, didYouMean(raw, SIGNALS.map((s) => 'SIG' + s)));
  },
};
