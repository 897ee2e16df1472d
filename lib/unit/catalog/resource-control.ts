/** systemd.resource-control(5): cgroup resource limits, accounting, IP and device access. */
import { ANCIENT, directive as d, lines, words, type DirectiveTable } from './define';
import {
  booleanKind as bool, enumKind, integerKind, sizeKind, durationKind, pathKind, unitNameOfTypeKind, ipPrefixKind,
  deviceRuleKind, delegateKind, textKind, ValueRuleError, NO_UNQUOTE, socketBindRuleKind,
} from '../values';

const M = 'systemd.resource-control' as const;
const memory = sizeKind({ infinity: true, percent: true });
const memoryCap = sizeKind({ infinity: true, percent: true, positive: true });
const weight = integerKind(1, 10000);
const cpuQuota = textKind('percentage', 'a percentage such as 20% or 150%', {
  check(s) {
    if (typeof s !== 'string' || !/^[0-9]+(\.[0-9]{1,2})?%$/.test(s) || parseFloat(s) <= 0) throw new ValueRuleError('a positive percentage such as 20% or 150%');
  },
}, false);
const tasks = textKind('tasks', "a number of tasks, a percentage such as 10%, or 'infinity'", {
  check(s) {
    if (typeof s !== 'string' || (!/^([1-9][0-9]*|(0|[1-9][0-9]*)(\.[0-9]{1,2})?%|infinity)$/.test(s) || (s.endsWith('%') && (parseFloat(s) > 100 || parseFloat(s) === 0)))) throw new ValueRuleError("a number of tasks, a percentage such as 10%, or 'infinity'");
  },
}, false);

/** systemd's CPU sets hold CPUs 0–8191. */
const MAX_CPU = 8191;
const cpuSet = textKind('cpu-set', `CPU indices 0–${MAX_CPU} and ranges LOW-HIGH such as 0-3 5`, {
  check(s) {
    const rule = `CPU indices 0–${MAX_CPU} and ranges LOW-HIGH such as 0-3 5`;
    if (typeof s !== 'string' || !/^(0|[1-9][0-9]*)(-(0|[1-9][0-9]*))?([ ,](0|[1-9][0-9]*)(-(0|[1-9][0-9]*))?)*$/.test(s)) throw new ValueRuleError(rule);
    for (const item of s.split(/[ ,]/)) {
      const [low, high = low] = item.split('-').map(Number) as [number, number?];
      if (high > MAX_CPU) throw new ValueRuleError(`CPU indices 0–${MAX_CPU} (${high} is out of range)`);
      if (low > high) throw new ValueRuleError(`ranges LOW-HIGH with LOW ≤ HIGH (${item} runs backwards)`);
    }
  },
}, false);

/** [Service]/[Socket] directives of systemd.resource-control(5), in canonical order. */
export const RESOURCE_CONTROL_DIRECTIVES = {
  CPUAccounting: d(bool, M, ANCIENT, 'Turns on CPU usage accounting (always on in newer releases).', { removedIn: 258 }),
  CPUWeight: d(integerKind(1, 10000), M, 232, 'Relative CPU share (1–10000, default 100).'),
  CPUQuota: d(cpuQuota, M, 213, 'Caps the CPU time, as a percentage of one CPU.'),
  CPUQuotaPeriodSec: d(durationKind(), M, 242, 'Period over which CPUQuota= is measured.'),
  AllowedCPUs: d(cpuSet, M, 244, 'CPUs the processes may run on.'),
  MemoryAccounting: d(bool, M, ANCIENT, 'Turns on memory usage accounting.'),
  MemoryMin: d(memory, M, 240, 'Memory protected from reclaim regardless of pressure.'),
  MemoryLow: d(memory, M, 231, 'Memory protected from reclaim while possible.'),
  MemoryHigh: d(memoryCap, M, 231, 'Memory above which the processes are throttled.'),
  MemoryMax: d(memoryCap, M, 231, 'Hard memory limit; the OOM killer acts above it.'),
  MemorySwapMax: d(memory, M, 232, 'Hard swap usage limit.'),
  TasksAccounting: d(bool, M, 227, 'Turns on task counting.'),
  TasksMax: d(tasks, M, 227, 'Maximum number of tasks (processes and threads).'),
  IOAccounting: d(bool, M, 230, 'Turns on block I/O accounting.'),
  IOWeight: d(weight, M, 230, 'Relative block I/O share (1–10000, default 100).'),
  IPAccounting: d(bool, M, 235, 'Turns on IP traffic accounting.'),
  IPAddressAllow: words(ipPrefixKind, NO_UNQUOTE, M, 235, 'IP prefixes the processes may talk to, overriding IPAddressDeny=.'),
  IPAddressDeny: words(ipPrefixKind, NO_UNQUOTE, M, 235, 'IP prefixes the processes may not talk to (any = all).'),
  SocketBindAllow: lines(socketBindRuleKind, M, 249, 'Ports the processes may bind (overrides SocketBindDeny=); one rule per line.'),
  SocketBindDeny: lines(socketBindRuleKind, M, 249, 'Ports the processes may not bind (any = all); one rule per line.'),
  IPIngressFilterPath: lines(pathKind(), M, 243, 'Pinned BPF programs that filter incoming IP packets.'),
  IPEgressFilterPath: lines(pathKind(), M, 243, 'Pinned BPF programs that filter outgoing IP packets.'),
  DeviceAllow: lines(deviceRuleKind, M, ANCIENT, 'Device nodes the processes may access, with r/w/m access.'),
  DevicePolicy: d(enumKind(['auto', 'closed', 'strict']), M, ANCIENT, 'Device access policy: strict allows only DeviceAllow=, closed adds standard pseudo devices.'),
  Slice: d(unitNameOfTypeKind('slice'), M, ANCIENT, 'The slice unit the service is placed in.'),
  Delegate: d(delegateKind, M, 218, 'Hands cgroup sub-tree management to the processes (yes or a controller list).'),
  DelegateSubgroup: d(textKind('cgroup-name', 'a cgroup name such as supervisor', { check(s) { if (typeof s !== 'string' || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/.test(s)) throw new ValueRuleError('a cgroup name such as supervisor'); } }, true), M, 254, 'Sub-cgroup the processes are placed in when Delegate= is on.'),
  MemoryPressureWatch: d(enumKind(['off', 'on', 'auto', 'skip']), M, 254, 'Whether the service is told about memory pressure (PSI) events.'),
  ManagedOOMSwap: d(enumKind(['auto', 'kill']), M, 247, 'Lets systemd-oomd kill the cgroup under swap pressure.'),
  ManagedOOMMemoryPressure: d(enumKind(['auto', 'kill']), M, 247, 'Lets systemd-oomd kill the cgroup under memory pressure.'),
  ManagedOOMPreference: d(enumKind(['none', 'avoid', 'omit']), M, 248, 'Preference for systemd-oomd when choosing a victim.'),
} as const satisfies DirectiveTable;
