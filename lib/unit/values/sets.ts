/**
 * Kinds for the sandboxing lists: capabilities, system call filters, address families, namespaces,
 * architectures, IP prefixes, device rules. Each assignment is written as one line exactly as given
 * (after validation), because systemd applies these assignments in order with `~` (deny) semantics
 * that depend on what came before (spec c.4–c.9).
 */
import { ValueRuleError } from './errors';
import { checkedStringKind, type ValueKind } from './kind';
import { didYouMean } from './suggest';
import { CAPABILITIES } from './data/capabilities';
import { SYSCALL_GROUP_SINCE, SYSCALL_SINCE } from './data/syscalls';
import { ADDRESS_FAMILIES, ARCHITECTURES, ERRNO_NAMES, NAMESPACE_TYPES } from './data/kernel-names';
import { parseBooleanWord } from './scalars';
import { absolutePathProblem } from './strings';
import { extractWords, UNQUOTE_ONLY } from './words';

function splitInverted(value: string): { invert: boolean; words: string[] } {
  const invert = value.startsWith('~');
  const rest = invert ? value.slice(1) : value;
  if (/[\x00-\x1f\x7f"'\\]/.test(rest)) throw new ValueRuleError('names are separated by spaces and contain no quotes, backslashes or control characters');
  return { invert, words: rest.split(' ').filter((w) => w !== '') };
}

function assignmentKind(
  name: string,
  tsType: string,
  rule: string,
  checkWord: (word: string, invert: boolean) => void,
  options: { allowEmptyInvert?: boolean; special?: readonly string[]; sinceOf?: (word: string) => number | undefined } = {},
): ValueKind<string> {
  const check = (v: string): string => {
    if (typeof v !== 'string') throw new ValueRuleError(rule);
    if (options.special?.includes(v)) return v;
    if (v !== v.trim() || /\s{2,}|\t/.test(v)) throw new ValueRuleError(`${rule}; separate names with single spaces`);
    const { invert, words } = splitInverted(v);
    if (words.length === 0 && !(invert && options.allowEmptyInvert)) throw new ValueRuleError(rule, "an empty value is written as '' (a reset)");
    for (const w of words) checkWord(w, invert);
    return v;
  };
  return {
    name,
    tsType,
    rule,
    toRaw: check,
    fromRaw: check,
    sinceOf: options.sinceOf
      ? (v) => Math.max(0, ...splitInverted(v).words.map((w) => options.sinceOf!(w) ?? 0)) || undefined
      : undefined,
  };
}

const CAP_SET = new Set<string>(CAPABILITIES);

/** One CapabilityBoundingSet=/AmbientCapabilities= assignment: `CAP_A CAP_B` or `~CAP_A CAP_B`. */
export const capabilityListKind = assignmentKind(
  'capability-list',
  'CapabilityName | `~${CapabilityName}` | (string & {})',
  "capability names such as CAP_NET_BIND_SERVICE separated by spaces, optionally preceded by '~' (all except these)",
  (w) => {
    if (!CAP_SET.has(w.toUpperCase())) throw new ValueRuleError(`unknown capability '${w}'`, didYouMean(w, CAPABILITIES) ?? 'see capabilities(7)');
  },
  { allowEmptyInvert: true },
);

function errnoProblem(e: string): string | undefined {
  if (/^[0-9]+$/.test(e)) return /^0./.test(e) ? 'no leading zeros' : Number(e) <= 4095 ? undefined : 'an errno number is at most 4095';
  return (ERRNO_NAMES as readonly string[]).includes(e) ? undefined : `unknown errno name '${e}'`;
}

/** Words SystemCallFilter= knows: syscall names and @groups (union of the releases we have data for). */
export function syscallWordSince(word: string): number | undefined {
  return word.startsWith('@') ? SYSCALL_GROUP_SINCE[word] : SYSCALL_SINCE.get(word);
}

function syscallListKind(name: string, rule: string, allowErrno: boolean): ValueKind<string> {
  return assignmentKind(name, 'string', rule, (w, invert) => {
    const colon = w.indexOf(':');
    const call = colon < 0 ? w : w.slice(0, colon);
    if (colon >= 0) {
      if (!allowErrno) throw new ValueRuleError(`'${w}': this directive takes no :ERRNO suffix`, `write '${call}'`);
      if (!invert) throw new ValueRuleError(`'${w}': an :ERRNO suffix only takes effect in a '~' deny list`, `write '${call}' or put it in a '~' list`);
      const p = errnoProblem(w.slice(colon + 1));
      if (p) throw new ValueRuleError(p, didYouMean(w.slice(colon + 1), ERRNO_NAMES));
    }
    if (syscallWordSince(call) === undefined) {
      const known = call.startsWith('@') ? Object.keys(SYSCALL_GROUP_SINCE) : SYSCALL_SINCE.keys();
      throw new ValueRuleError(`unknown system call ${call.startsWith('@') ? 'group' : 'name'} '${call}'`, didYouMean(call, known) ?? 'see systemd-analyze syscall-filter');
    }
  }, { sinceOf: (w) => syscallWordSince(w.split(':')[0]!) });
}

/** One SystemCallFilter= assignment: `@system-service`, `~@privileged @resources`, `~ptrace:EPERM`. */
export const syscallFilterKind = syscallListKind(
  'syscall-filter',
  "system call names and @groups separated by spaces, optionally preceded by '~' (deny list); in a deny list a word may end in :ERRNO",
  true,
);

/** One SystemCallLog= assignment: like SystemCallFilter= without :ERRNO. */
export const syscallLogKind = syscallListKind('syscall-log', "system call names and @groups separated by spaces, optionally preceded by '~'", false);

const AF_UPPER = new Set<string>(ADDRESS_FAMILIES);

/** One RestrictAddressFamilies= assignment: `none`, `AF_UNIX AF_INET AF_INET6` or `~AF_PACKET`. */
export const addressFamiliesKind = assignmentKind(
  'address-families',
  "'none' | string",
  "'none', or AF_* names separated by spaces, optionally preceded by '~' (all except these)",
  (w) => {
    if (!AF_UPPER.has(w.toUpperCase())) throw new ValueRuleError(`unknown address family '${w}'`, didYouMean(w, ADDRESS_FAMILIES));
  },
  { special: ['none'] },
);

/** A RestrictNamespaces= assignment: a boolean, or namespace types (optionally `~`-inverted). */
export const namespacesKind: ValueKind<boolean | string> = (() => {
  const words = assignmentKind(
    'namespaces',
    'string',
    `yes, no, or namespace types (${NAMESPACE_TYPES.join(' ')}) separated by spaces, optionally preceded by '~'`,
    (w) => {
      if (!(NAMESPACE_TYPES as readonly string[]).includes(w)) throw new ValueRuleError(`unknown namespace type '${w}'`, didYouMean(w, NAMESPACE_TYPES));
    },
  );
  return {
    name: 'namespaces',
    tsType: 'boolean | string',
    rule: words.rule,
    toRaw: (v) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : words.toRaw(v)),
    fromRaw: (raw) => parseBooleanWord(raw) ?? words.fromRaw(raw),
  };
})();

/** One SystemCallArchitectures= word. */
export const architectureKind: ValueKind<string> = checkedStringKind({
  name: 'architecture',
  tsType: "'native' | 'x86' | 'x86-64' | 'x32' | (string & {})",
  rule: `an architecture name: ${ARCHITECTURES.join(', ')}`,
  check(raw, rule) {
    if (!(ARCHITECTURES as readonly string[]).includes(raw)) throw new ValueRuleError(rule, didYouMean(raw, ARCHITECTURES));
  },
});

function ipv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function ipv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || (s.match(/::/g) ?? []).length > 1) return false;
  let groups = s.split(':');
  let extra = 0;
  if (groups.length > 0 && ipv4(groups[groups.length - 1]!) && s.includes(':')) {
    groups = groups.slice(0, -1);
    extra = 2;
  }
  const double = s.includes('::');
  const filled = groups.filter((g) => g !== '');
  if (!filled.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  if (!double && (groups.length + extra !== 8 || groups.some((g) => g === ''))) return false;
  return filled.length + extra <= (double ? 7 : 8);
}

/** One IPAddressAllow=/IPAddressDeny= word: `any`, `localhost`, `link-local`, `multicast` or ADDRESS[/LEN]. */
export const ipPrefixKind: ValueKind<string> = checkedStringKind({
  name: 'ip-prefix',
  tsType: "'any' | 'localhost' | 'link-local' | 'multicast' | (string & {})",
  rule: "any, localhost, link-local, multicast, or an IPv4/IPv6 address with optional /prefix-length",
  check(raw, rule) {
    if (['any', 'localhost', 'link-local', 'multicast'].includes(raw)) return;
    const [addr, len, more] = raw.split('/');
    if (more !== undefined || addr === undefined) throw new ValueRuleError(rule);
    const v4 = ipv4(addr);
    if (!v4 && !ipv6(addr)) throw new ValueRuleError(rule, didYouMean(raw, ['any', 'localhost', 'link-local', 'multicast']));
    if (len !== undefined && (!/^[0-9]{1,3}$/.test(len) || Number(len) > (v4 ? 32 : 128))) {
      throw new ValueRuleError(`prefix length must be 0–${v4 ? 32 : 128}`);
    }
  },
});

/** A port 1–65535 or a range LOW-HIGH of them (port 0 is accepted from systemd 257 only: refused here). */
function portRangeProblem(s: string): string | undefined {
  const m = /^([1-9][0-9]{0,4})(?:-([1-9][0-9]{0,4}))?$/.exec(s); // no leading zeros: systemd refuses 0999
  if (!m) return `'${s}' is not a port, a port range LOW-HIGH, or 'any'`;
  const low = Number(m[1]);
  const high = m[2] === undefined ? low : Number(m[2]);
  if (high > 65535 || low > 65535) return `ports 1–65535 (${s} is out of range)`;
  if (low > high) return `a range LOW-HIGH with LOW ≤ HIGH (${s} runs backwards)`;
  return undefined;
}

/**
 * One SocketBindAllow=/SocketBindDeny= rule: `any`, or `[ipv4:|ipv6:][tcp:|udp:]PORTS` where PORTS is
 * a port, a range LOW-HIGH or `any` (and may be left out after a family or protocol: `ipv6`, `tcp`).
 */
export const socketBindRuleKind: ValueKind<string> = checkedStringKind({
  name: 'socket-bind-rule',
  tsType: "'any' | (string & {})",
  rule: 'any, or [ipv4:|ipv6:][tcp:|udp:]PORTS with PORTS a port 1–65535, a range LOW-HIGH or any (e.g. tcp:443, ipv6:udp:5000-5100)',
  check(raw, rule) {
    const parts = raw.split(':');
    let i = 0;
    if (parts[i] === 'ipv4' || parts[i] === 'ipv6') i++;
    if (parts[i] === 'tcp' || parts[i] === 'udp') i++;
    const rest = parts.slice(i);
    if (rest.length === 0 && i > 0) return; // `ipv6`, `tcp`, `ipv4:udp`: every port
    if (rest.length !== 1) throw new ValueRuleError(rule, /sctp|udplite/i.test(raw) ? 'only tcp and udp can be restricted' : undefined);
    const ports = rest[0]!;
    if (ports === 'any') return;
    const problem = portRangeProblem(ports);
    const unpadded = ports.replace(/(^|-)0+(?=[1-9])/g, '$1');
    if (problem) throw new ValueRuleError(problem, unpadded !== ports ? `write ${unpadded} (systemd refuses leading zeros)` : didYouMean(ports, ['any']));
  },
});

/** One DeviceAllow= rule: `/dev/null rw`, `char-rtc r`, `block-loop rwm`. */
export const deviceRuleKind: ValueKind<string> = checkedStringKind({
  name: 'device-rule',
  tsType: 'string',
  rule: 'a device path under /dev/, or char-NAME / block-NAME, optionally followed by access letters from r, w, m',
  check(raw, rule) {
    const w = extractWords(raw, UNQUOTE_ONLY);
    if (!w.ok || w.words.length < 1 || w.words.length > 2 || raw !== raw.trim() || /\s{2,}|["'\\\t]/.test(raw)) throw new ValueRuleError(rule);
    const [dev, access] = w.words as [string, string | undefined];
    const isClass = /^(char|block)-\S+$/.test(dev);
    if (!isClass && (absolutePathProblem(dev) !== undefined || !(dev.startsWith('/dev/') || dev.startsWith('/sys/') || dev.startsWith('/run/systemd/inaccessible/')))) {
      throw new ValueRuleError(rule);
    }
    if (access !== undefined && !/^(?!.*(.).*\1)[rwm]{1,3}$/.test(access)) throw new ValueRuleError(`access '${access}' must be letters from r, w, m (each at most once)`);
  },
});
