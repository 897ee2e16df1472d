/**
 * The settings the fix planner may propose: one typed table. Each candidate sets one directive (its
 * `key`, possibly over several lines, e.g. an allow-list then a deny-list of system calls); two
 * candidates of the same key never go together (systemd merges repeated lines in ways that differ per
 * directive, so combined values are candidates of their own, such as `RestrictNamespaces=yes`).
 *
 * Besides the per-check fixes of {@link CHECK_FIXES}, the table holds settings that fix many checks at
 * once (an empty capability bounding set, `@system-service`, address-family allow-lists …), which a
 * per-check search never sees.
 */
import { CHECK_FIXES, breakageOf, type BreakageClass, type CheckFix } from '../fixes';

/** One setting the planner may add to the unit's own section. */
export interface FixCandidate {
  /** Stable id (`CapabilityBoundingSet=`, or the json_field of the check whose fix it is). */
  readonly id: string;
  /** The directive it sets; candidates of one key exclude each other. */
  readonly key: string;
  /** The lines, the caveat and the breakage class. */
  readonly fix: CheckFix & { readonly breakage: BreakageClass };
  /** Checks (json_field) it is meant to fix: the one named when its own gain shows none. */
  readonly targets: readonly string[];
}

/** Every system-call group a SystemCallFilter= check looks at, denied in one line. */
const ALL_ASSESSED_GROUPS = ['clock', 'cpu-emulation', 'debug', 'module', 'mount', 'obsolete', 'privileged', 'raw-io', 'reboot', 'resources', 'swap'];

const CAPABILITY_CHECKS = Object.keys(CHECK_FIXES).filter((f) => f.startsWith('CapabilityBoundingSet_'));
const SYSCALL_CHECKS = Object.keys(CHECK_FIXES).filter((f) => f.startsWith('SystemCallFilter_'));
const NAMESPACE_CHECKS = Object.keys(CHECK_FIXES).filter((f) => f.startsWith('RestrictNamespaces_'));
const FAMILY_CHECKS = Object.keys(CHECK_FIXES).filter((f) => f.startsWith('RestrictAddressFamilies_'));

type Row = readonly [id: string, lines: ReadonlyArray<readonly [string, string]>, breakage: BreakageClass, caveat: string, targets: readonly string[]];

/** Settings that fix several checks at once (or fix one more strongly than its per-check fix). */
const BROAD: readonly Row[] = [
  ['CapabilityBoundingSet=', [['CapabilityBoundingSet', '']], 'may-break',
    'the service gets no capabilities at all: a root service can no longer read files it does not own, bind ports below 1024, change owners or send signals to other users', CAPABILITY_CHECKS],
  ['SystemCallFilter=@system-service', [['SystemCallFilter', '@system-service']], 'may-break',
    'only the calls of ordinary services are allowed (@system-service); others fail and the process is killed unless SystemCallErrorNumber= is set', SYSCALL_CHECKS],
  ['SystemCallFilter=@system-service ~@privileged @resources', [['SystemCallFilter', '@system-service'], ['SystemCallFilter', '~@privileged @resources']], 'may-break',
    'only the calls of ordinary services, minus @privileged and @resources (as presets.strict()); others fail and the process is killed unless SystemCallErrorNumber= is set', SYSCALL_CHECKS],
  ['SystemCallFilter=~(all assessed groups)', [['SystemCallFilter', '~' + ALL_ASSESSED_GROUPS.map((g) => `@${g}`).join(' ')]], 'may-break',
    'calls in these groups then fail (the process is killed unless SystemCallErrorNumber= is set); @privileged covers setuid() and chown()', SYSCALL_CHECKS],
  ['RestrictNamespaces=yes', [['RestrictNamespaces', 'yes']], 'may-break',
    'the service can create no namespaces at all (container tools and sandboxes need them)', NAMESPACE_CHECKS],
  ['RestrictAddressFamilies=AF_UNIX', [['RestrictAddressFamilies', 'AF_UNIX']], 'decision',
    'only unix sockets: no IP networking at all', FAMILY_CHECKS],
  ['RestrictAddressFamilies=none', [['RestrictAddressFamilies', 'none']], 'decision',
    'no sockets at all, not even unix sockets: no network, no D-Bus, no syslog()', FAMILY_CHECKS],
  ['ProtectSystem=full', [['ProtectSystem', 'full']], 'may-break',
    '/usr, /boot and /etc are read-only (writes to /etc fail)', ['ProtectSystem']],
  ['ProtectHome=read-only', [['ProtectHome', 'read-only']], 'may-break',
    '/home, /root and /run/user are read-only', ['ProtectHome']],
];

function broad([id, lines, breakage, caveat, targets]: Row): FixCandidate {
  return { id, key: lines[0]![0], fix: { set: lines.map(([key, value]) => ({ key, value })), breakage, caveat }, targets };
}

function perCheck(field: string, fix: CheckFix): FixCandidate {
  return { id: field, key: fix.set[0]!.key, fix: { ...fix, breakage: breakageOf(fix) }, targets: [field] };
}

/** Same lines, same candidate: the first wins (RestrictAddressFamilies_OTHER is the allow-list AF_UNIX AF_INET AF_INET6). */
function unique(list: readonly FixCandidate[]): FixCandidate[] {
  const seen = new Map<string, FixCandidate>();
  for (const c of list) {
    const lines = c.fix.set.map((a) => `${a.key}=${a.value}`).join('\n');
    const earlier = seen.get(lines);
    if (earlier) seen.set(lines, { ...earlier, targets: [...new Set([...earlier.targets, ...c.targets])] });
    else seen.set(lines, c);
  }
  return [...seen.values()];
}

/** Every candidate, broad ones first, then one per check fix (in the order of {@link CHECK_FIXES}). */
export const PLAN_CANDIDATES: readonly FixCandidate[] = Object.freeze(
  unique([...BROAD.map(broad), ...Object.entries(CHECK_FIXES).map(([field, fix]) => perCheck(field, fix))]),
);

/** `Key=value` lines of a candidate, comma-separated (as the reports print a fix). */
export function candidateText(c: FixCandidate): string {
  return c.fix.set.map((a) => `${a.key}=${a.value}`).join(', ');
}
