/** systemd.unit(5): the [Unit] section, common to every unit type. */
import { ANCIENT, directive as d, lines, words, type DirectiveTable } from './define';
import {
  booleanKind as bool, enumKind, integerKind, durationKind, plainTextKind, pathKind, unitNameKind,
  conditionKind, textKind, ValueRuleError, checkPlainText, UNQUOTE_ONLY, RETAIN_ESCAPE,
} from '../values';

const M = 'systemd.unit' as const;
const units = (since: number, summary: string) => words(unitNameKind, RETAIN_ESCAPE, M, since, summary);
const action = enumKind(['none', 'reboot', 'reboot-force', 'reboot-immediate', 'poweroff', 'poweroff-force', 'poweroff-immediate', 'exit', 'exit-force', 'soft-reboot', 'soft-reboot-force', 'kexec', 'kexec-force', 'halt', 'halt-force', 'halt-immediate']);
const uri = textKind('uri', 'a URI such as man:foo(8), https://… or file:/…', {
  check(s) {
    if (typeof s !== 'string') throw new ValueRuleError('expected a string');
    checkPlainText(s);
    if (/\s/.test(s) || !/^(https?:\/\/\S+|file:\/\S*|info:\S+|man:\S+)$/.test(s)) throw new ValueRuleError('a URI of type http, https, file, info or man, without blanks');
  },
}, true);
const pathCondition = conditionKind('path');
const textCondition = conditionKind('text');

/** [Unit] directives of systemd.unit(5), in canonical order. */
export const UNIT_DIRECTIVES = {
  Description: d(plainTextKind(), M, ANCIENT, 'Human-readable name of the unit, shown in status output and logs.'),
  Documentation: words(uri, UNQUOTE_ONLY, M, ANCIENT, 'URIs of documentation for the unit.'),
  Wants: units(ANCIENT, 'Units started along with this one; their failure does not matter.'),
  Requires: units(ANCIENT, 'Units that must start successfully along with this one.'),
  Requisite: units(ANCIENT, 'Units that must already be active; they are not started.'),
  BindsTo: units(ANCIENT, 'Like Requires=, and this unit stops when they stop.'),
  PartOf: units(ANCIENT, 'Units whose stop or restart also stops or restarts this one.'),
  Upholds: units(249, 'Units restarted whenever they stop while this one is active.'),
  Conflicts: units(ANCIENT, 'Units stopped when this one starts, and the other way round.'),
  Before: units(ANCIENT, 'Units that start after this one (ordering only).'),
  After: units(ANCIENT, 'Units that start before this one (ordering only).'),
  OnFailure: units(ANCIENT, 'Units activated when this one fails.'),
  OnSuccess: units(249, 'Units activated when this one ends successfully.'),
  PropagatesReloadTo: units(ANCIENT, 'Units reloaded when this one is reloaded.'),
  ReloadPropagatedFrom: units(ANCIENT, 'Units whose reload also reloads this one.'),
  PropagatesStopTo: units(249, 'Units stopped when this one is stopped.'),
  StopPropagatedFrom: units(249, 'Units whose stop also stops this one.'),
  JoinsNamespaceOf: units(209, 'Units whose namespaces (/tmp, network, IPC) this one joins.'),
  RequiresMountsFor: words(pathKind(), UNQUOTE_ONLY, M, 201, 'Paths whose mount units this unit requires and is ordered after.'),
  OnFailureJobMode: d(enumKind(['fail', 'replace', 'replace-irreversibly', 'isolate', 'flush', 'ignore-dependencies', 'ignore-requirements']), M, 209, 'Job mode used to queue the OnFailure= units.'),
  IgnoreOnIsolate: d(bool, M, ANCIENT, 'Keeps the unit running when another unit is isolated.'),
  StopWhenUnneeded: d(bool, M, ANCIENT, 'Stops the unit when no other active unit needs it.'),
  RefuseManualStart: d(bool, M, ANCIENT, 'Refuses starts requested by hand.'),
  RefuseManualStop: d(bool, M, ANCIENT, 'Refuses stops requested by hand.'),
  AllowIsolate: d(bool, M, ANCIENT, 'Allows systemctl isolate on this unit.'),
  DefaultDependencies: d(bool, M, ANCIENT, 'Adds the implicit dependencies of the unit type (e.g. on sysinit.target and shutdown.target).'),
  CollectMode: d(enumKind(['inactive', 'inactive-or-failed']), M, 236, 'When the unit is garbage-collected from memory.'),
  FailureAction: d(action, M, 236, 'What the system does when the unit fails (reboot, poweroff, …).'),
  SuccessAction: d(action, M, 236, 'What the system does when the unit ends successfully.'),
  FailureActionExitStatus: d(integerKind(0, 255), M, 240, 'Exit status for FailureAction=exit.'),
  SuccessActionExitStatus: d(integerKind(0, 255), M, 240, 'Exit status for SuccessAction=exit.'),
  JobTimeoutSec: d(durationKind({ infinity: true }), M, ANCIENT, 'Time a start job may wait before it is cancelled.'),
  JobRunningTimeoutSec: d(durationKind({ infinity: true }), M, 209, 'Time a running job may take before it is cancelled.'),
  StartLimitIntervalSec: d(durationKind({ infinity: true }), M, 229, 'Interval of the start rate limit.'),
  StartLimitBurst: d(integerKind(0, 4294967295), M, ANCIENT, 'Starts allowed per StartLimitIntervalSec=.'),
  StartLimitAction: d(action, M, ANCIENT, 'What the system does when the start rate limit is hit.'),
  ConditionPathExists: lines(pathCondition, M, ANCIENT, 'Starts the unit only if the path exists (! negates).'),
  ConditionPathExistsGlob: lines(pathCondition, M, ANCIENT, 'Starts the unit only if the glob matches a path.'),
  ConditionPathIsDirectory: lines(pathCondition, M, ANCIENT, 'Starts the unit only if the path is a directory.'),
  ConditionPathIsSymbolicLink: lines(pathCondition, M, ANCIENT, 'Starts the unit only if the path is a symbolic link.'),
  ConditionPathIsMountPoint: lines(pathCondition, M, ANCIENT, 'Starts the unit only if the path is a mount point.'),
  ConditionPathIsReadWrite: lines(pathCondition, M, ANCIENT, 'Starts the unit only if the path is on a writable file system.'),
  ConditionDirectoryNotEmpty: lines(pathCondition, M, ANCIENT, 'Starts the unit only if the directory exists and is not empty.'),
  ConditionFileNotEmpty: lines(pathCondition, M, ANCIENT, 'Starts the unit only if the file exists and is not empty.'),
  ConditionFileIsExecutable: lines(pathCondition, M, ANCIENT, 'Starts the unit only if the file is executable.'),
  ConditionVirtualization: lines(textCondition, M, ANCIENT, 'Starts the unit only in (or outside) the given virtualization.'),
  ConditionHost: lines(textCondition, M, ANCIENT, 'Starts the unit only on the given host name or machine ID.'),
  ConditionKernelCommandLine: lines(textCondition, M, ANCIENT, 'Starts the unit only if the kernel command line has the option.'),
  ConditionSecurity: lines(textCondition, M, ANCIENT, 'Starts the unit only if the security technology is enabled.'),
  ConditionCapability: lines(textCondition, M, ANCIENT, 'Starts the unit only if the manager has the capability.'),
  ConditionACPower: lines(textCondition, M, ANCIENT, 'Starts the unit only on (or off) AC power.'),
  ConditionNeedsUpdate: lines(pathCondition, M, 213, 'Starts the unit only if /etc or /var needs an update after /usr changed.'),
  ConditionFirstBoot: lines(textCondition, M, 216, 'Starts the unit only on the first boot (or never on it, with !).'),
  ConditionCredential: lines(textCondition, M, 252, 'Starts the unit only if the manager has the credential.'),
  ConditionUser: lines(textCondition, M, 237, 'Starts the unit only for the given user (user managers).'),
  ConditionEnvironment: lines(textCondition, M, 246, 'Starts the unit only if the manager environment has the variable.'),
  AssertPathExists: lines(pathCondition, M, ANCIENT, 'Fails the start if the path does not exist.'),
} as const satisfies DirectiveTable;
