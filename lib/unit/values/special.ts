/**
 * Kinds with their own small grammars: Environment= assignments, OnCalendar= specs, socket
 * addresses, exit statuses, StandardOutput=-style targets, conditions.
 */
import { ValueRuleError } from './errors';
import type { ValueKind } from './kind';
import { didYouMean } from './suggest';
import { textKind, absolutePathProblem, signalKind } from './strings';
import { checkPlainText } from './words';
import { byteLength } from '../specifiers';

/** systemd's env_name_is_valid(): a letter or `_`, then letters, digits, `_`. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One Environment= assignment `NAME=value` (literal text; written quoted and C-escaped as needed, so
 * values may contain blanks, quotes, backslashes and even newlines).
 */
export const environmentKind: ValueKind<import('./text').Text> = textKind('environment', 'NAME=value, where NAME is letters, digits and _ (not starting with a digit)', {
  check(s) {
    if (typeof s !== 'string') throw new ValueRuleError('expected a string NAME=value');
    const eq = s.indexOf('=');
    const name = eq < 0 ? s : s.slice(0, eq);
    if (eq < 0) throw new ValueRuleError(`'${s}' has no '='`, `write ${name}=value`);
    if (!ENV_NAME.test(name)) throw new ValueRuleError(`invalid variable name '${name}'`);
    for (const ch of s) {
      const c = ch.codePointAt(0)!;
      if (c === 0) throw new ValueRuleError('a NUL character cannot be stored in an environment variable');
      if (c >= 0xd800 && c <= 0xdfff) throw new ValueRuleError('a lone UTF-16 surrogate is not valid UTF-8 text');
    }
  },
}, true);

/**
 * LogExtraFields= `FIELD=value`: journal_field_valid() (src/libsystemd/sd-journal/journal-file.c, 252–262)
 * allows 1–64 characters of A–Z, 0–9 and _, not starting with a digit or _; anything else is ignored
 * ("Log field name is invalid").
 */
export const journalFieldKind: ValueKind<import('./text').Text> = textKind('journal-field', 'FIELD=value, FIELD being 1–64 of A–Z, 0–9 and _ (not starting with a digit or _)', {
  check(s) {
    environmentKind.toRaw(s);
    const name = s.slice(0, s.indexOf('='));
    if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(name)) throw new ValueRuleError(`invalid journal field name '${name}': 1–64 of A–Z, 0–9 and _, not starting with a digit or _`, /^[A-Za-z][A-Za-z0-9_]*$/.test(name) && name.length <= 64 ? `write ${name.toUpperCase()}` : undefined);
  },
}, true);

/** A variable name (PassEnvironment=, UnsetEnvironment= also accepts NAME=value). */
export const envNameKind: ValueKind<import('./text').Text> = textKind('env-name', 'a variable name: letters, digits and _, not starting with a digit', {
  check(s) {
    if (typeof s !== 'string' || !ENV_NAME.test(s)) throw new ValueRuleError('a variable name: letters, digits and _, not starting with a digit');
  },
}, true);

const CALENDAR_KEYWORDS = ['minutely', 'hourly', 'daily', 'monthly', 'weekly', 'yearly', 'annually', 'quarterly', 'semiannually'];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** A component: `*`, a number, a range `a..b`, a list `a,b`, each optionally with `/step`. */
const COMPONENT = '(?:\\*|[0-9]+(?:\\.\\.[0-9]+)?)(?:/[0-9]+)?';
const LIST = `${COMPONENT}(?:,${COMPONENT})*`;
const DATE = new RegExp(`^(?:(?:${LIST})-)?(?:${LIST})[-~](?:${LIST})$`);
const TIME = new RegExp(`^(?:${LIST}):(?:${LIST})(?::(?:\\*|[0-9]+(?:\\.[0-9]{1,6})?(?:\\.\\.[0-9]+(?:\\.[0-9]{1,6})?)?)(?:/[0-9]+(?:\\.[0-9]{1,6})?)?(?:,\\S+)?)?$`);
const DOW_WORD = `(?:${WEEKDAYS.join('|')})`;
const DOW = new RegExp(`^${DOW_WORD}(?:(?:\\.\\.|,)${DOW_WORD})*,?$`, 'i');

/**
 * Why `spec` is not a calendar event, or undefined. Accepts the keywords (daily, weekly, …),
 * `@EPOCH`, and `[WEEKDAYS] [[YYYY-]MM-DD] [HH:MM[:SS]] [UTC|Area/City]` with `*`, `..` ranges,
 * `,` lists, `/step` and `~` (days from the end). Limits: numeric ranges (month 1–12 …) are checked
 * loosely; time zone names are accepted when they look like `UTC` or `Area/City`.
 */
export function calendarProblem(spec: string): string | undefined {
  const s = spec.trim();
  if (s === '') return 'empty calendar spec';
  if (CALENDAR_KEYWORDS.includes(s.toLowerCase())) return undefined;
  if (/^@[0-9]+$/.test(s)) return undefined;
  const parts = s.split(/\s+/);
  let i = 0;
  if (i < parts.length && DOW.test(parts[i]!)) i++;
  if (i < parts.length && DATE.test(parts[i]!)) i++;
  if (i < parts.length && TIME.test(parts[i]!)) i++;
  if (i < parts.length && i > 0 && /^(UTC|GMT|[A-Z][A-Za-z_+-]*(\/[A-Za-z0-9_+-]+)+)$/.test(parts[i]!)) i++;
  const time = parts.find((p) => TIME.test(p));
  if (time) {
    const limits = [23, 59, 60];
    const bad = time.split(':').some((c, k) => (c.match(/[0-9]+/g) ?? []).some((n, j) => j === 0 || !c.includes('/') ? Number(n) > limits[k]! : false));
    if (bad) return `'${time}': hours are 0–23, minutes 0–59, seconds 0–60`;
  }
  const date = parts.find((p) => DATE.test(p) && !TIME.test(p));
  if (date) {
    const fields = date.split(/[-~]/);
    const [month, day] = fields.slice(-2);
    const over = (c: string | undefined, max: number) => (c ?? '').split(',').some((x) => (x.split('/')[0]!.match(/[0-9]+/g) ?? []).some((n) => Number(n) < 1 || Number(n) > max));
    if (over(month, 12) || over(day, 31)) return `'${date}': months are 1–12 and days 1–31`;
  }
  if (i === 0 || i < parts.length) {
    return `'${parts[i] ?? s}' is not part of a calendar spec ([WEEKDAY] [YYYY-MM-DD] [HH:MM:SS] [TIMEZONE], or daily/weekly/…)`;
  }
  if (i === 1 && DOW.test(parts[0]!) && !/^[0-9]/.test(parts[0]!)) return undefined;
  return undefined;
}

/** An OnCalendar= spec (systemd.time(7) "Calendar Events"); see {@link calendarProblem} for what is checked. */
export const calendarKind: ValueKind<import('./text').Text> = textKind('calendar', 'a calendar spec such as daily, Mon *-*-* 04:00:00 or *-*-01 00:00', {
  check(s) {
    if (typeof s !== 'string') throw new ValueRuleError('expected a string');
    checkPlainText(s);
    const p = calendarProblem(s);
    if (p) throw new ValueRuleError(p, didYouMean(s, CALENDAR_KEYWORDS));
  },
}, true);

/** Why `s` is not a socket address for `kind`, or undefined. */
export function socketAddressProblem(s: string, kind: 'stream' | 'datagram' | 'seqpacket'): string | undefined {
  // sockaddr_un.sun_path holds 108 bytes: a path of at most 107 (with its NUL), an abstract name of at most 107 after '@'.
  if (s.startsWith('/') && (s.endsWith('/') || /\/\.{0,2}$/.test(s))) return 'an AF_UNIX socket path must name a file (not end in /, . or ..)';
  if (s.startsWith('/')) return absolutePathProblem(s) ?? (byteLength(s) > 107 ? `an AF_UNIX socket path is at most 107 bytes (${byteLength(s)})` : undefined);
  if (s.startsWith('@')) return s.length > 1 && byteLength(s) <= 108 ? undefined : 'an abstract socket name is 1–107 bytes after @';
  if (kind === 'seqpacket') return 'a sequential-packet socket is an AF_UNIX path or @abstract name';
  if (/^vsock:([0-9]+|any|local|hypervisor|host)?:[0-9]+$/.test(s)) return undefined;
  const port = (p: string): boolean => /^[1-9][0-9]{0,4}$/.test(p) && Number(p) <= 65535;
  if (/^[0-9]+$/.test(s)) return port(s) ? undefined : 'a port is 1–65535';
  const v6 = /^\[([0-9a-fA-F:.]+)(%[A-Za-z0-9_.-]+)?\]:([0-9]+)$/.exec(s);
  if (v6) return port(v6[3]!) ? undefined : 'a port is 1–65535';
  const v4 = /^([0-9]{1,3}(?:\.[0-9]{1,3}){3})(%[A-Za-z0-9_.-]+)?:([0-9]+)$/.exec(s);
  if (v4) {
    if (!v4[1]!.split('.').every((o) => Number(o) <= 255)) return 'an IPv4 address has octets 0–255';
    return port(v4[3]!) ? undefined : 'a port is 1–65535';
  }
  return 'a port, ADDRESS:PORT, [IPv6]:PORT, an absolute path, @abstract or vsock:CID:PORT';
}

/** A Listen*= socket address of the given type. */
export function socketAddressKind(kind: 'stream' | 'datagram' | 'seqpacket'): ValueKind<import('./text').Text> {
  return textKind('socket-address', 'a port, ADDRESS:PORT, [IPv6]:PORT, an absolute path, @abstract or vsock:CID:PORT', {
    check(s) {
      if (typeof s !== 'string') throw new ValueRuleError('expected a string');
      checkPlainText(s);
      if (/\s/.test(s)) throw new ValueRuleError('a socket address contains no blanks');
      const p = socketAddressProblem(s, kind);
      if (p) throw new ValueRuleError(p);
    },
  }, true);
}

/** Exit status names systemd knows (exit-status.c: LSB, BSD sysexits.h and systemd's own). */
export const EXIT_STATUS_NAMES = [
  'SUCCESS', 'FAILURE', 'INVALIDARGUMENT', 'NOTIMPLEMENTED', 'NOPERMISSION', 'NOTINSTALLED', 'NOTCONFIGURED', 'NOTRUNNING',
  'USAGE', 'DATAERR', 'NOINPUT', 'NOUSER', 'NOHOST', 'UNAVAILABLE', 'SOFTWARE', 'OSERR', 'OSFILE', 'CANTCREAT', 'IOERR',
  'TEMPFAIL', 'PROTOCOL', 'NOPERM', 'CONFIG',
  'CHDIR', 'NICE', 'FDS', 'EXEC', 'MEMORY', 'LIMITS', 'OOM_ADJUST', 'SIGNAL_MASK', 'STDIN', 'STDOUT', 'CHROOT', 'IOPRIO',
  'TIMERSLACK', 'SECUREBITS', 'SETSCHEDULER', 'CPUAFFINITY', 'GROUP', 'USER', 'CAPABILITIES', 'CGROUP', 'SETSID', 'CONFIRM',
  'STDERR', 'PAM', 'NETWORK', 'NAMESPACE', 'NO_NEW_PRIVILEGES', 'SECCOMP', 'SELINUX_CONTEXT', 'PERSONALITY', 'APPARMOR_PROFILE',
  'ADDRESS_FAMILIES', 'RUNTIME_DIRECTORY', 'CHOWN', 'SMACK_PROCESS_LABEL', 'KEYRING', 'STATE_DIRECTORY', 'CACHE_DIRECTORY',
  'LOGS_DIRECTORY', 'CONFIGURATION_DIRECTORY', 'NUMA_POLICY', 'CREDENTIALS', 'BPF', 'EXCEPTION',
] as const;

/** One word of SuccessExitStatus= and friends: an exit code 0–255, a signal name, or (255+) an errno name. */
export const exitStatusKind: ValueKind<string | number> = {
  name: 'exit-status',
  tsType: 'string | number',
  rule: 'an exit code from 0 to 255, an exit status name such as TEMPFAIL, or a signal name such as SIGTERM',
  toRaw(v) {
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 0 || v > 255) throw new ValueRuleError(this.rule);
      return String(v);
    }
    return this.fromRaw(v) as string;
  },
  fromRaw(raw) {
    if (typeof raw !== 'string') throw new ValueRuleError(this.rule);
    if (/^[0-9]+$/.test(raw)) {
      if (Number(raw) > 255) throw new ValueRuleError(this.rule);
      return raw;
    }
    if (raw.startsWith('SIG')) return signalKind.fromRaw(raw) as string;
    if ((EXIT_STATUS_NAMES as readonly string[]).includes(raw)) return raw;
    throw new ValueRuleError(this.rule, didYouMean(raw, EXIT_STATUS_NAMES));
  },
};

const OUTPUT_WORDS = ['inherit', 'null', 'tty', 'journal', 'kmsg', 'journal+console', 'kmsg+console', 'socket'];

/** StandardOutput=/StandardError=: a keyword, `file:PATH`, `append:PATH`, `truncate:PATH` or `fd:NAME`. */
export const outputKind: ValueKind<import('./text').Text> = textKind('output', `one of ${OUTPUT_WORDS.join(', ')}, or file:/path, append:/path, truncate:/path, fd:NAME`, {
  check(s) {
    if (typeof s !== 'string') throw new ValueRuleError('expected a string');
    if (OUTPUT_WORDS.includes(s)) return;
    const m = /^(file|append|truncate|fd):(.*)$/.exec(s);
    if (!m) throw new ValueRuleError(`one of ${OUTPUT_WORDS.join(', ')}, or file:/path, append:/path, truncate:/path, fd:NAME`, didYouMean(s, OUTPUT_WORDS));
    checkPlainText(m[2]!);
    if (m[1] === 'fd') {
      if (!/^[A-Za-z0-9_.:-]{1,255}$/.test(m[2]!)) throw new ValueRuleError('fd:NAME needs a file descriptor name');
      return;
    }
    const p = absolutePathProblem(m[2]!);
    if (p) throw new ValueRuleError(`${m[1]}:PATH ${p}`);
  },
  },
  true,
);

/** A Condition*=/Assert*= value: optional `|` (trigger) and `!` (negate) prefixes, then `inner`'s grammar. */
export function conditionKind(inner: 'path' | 'text'): ValueKind<import('./text').Text> {
  return textKind('condition', `optional '|' and '!' prefixes, then ${inner === 'path' ? 'an absolute path' : 'a value'}`, {
    check(s) {
      if (typeof s !== 'string') throw new ValueRuleError('expected a string');
      checkPlainText(s);
      const rest = s.replace(/^\|?\s*!?\s*/, '');
      if (rest === '') throw new ValueRuleError('the condition has no value');
      if (inner === 'path') {
        const p = absolutePathProblem(rest);
        if (p) throw new ValueRuleError(p);
      }
    },
  }, true);
}
