/** systemd.service(5): the [Service] section's own directives. */
import { ANCIENT, directive as d, lines, words, type DirectiveTable } from './define';
import {
  booleanKind as bool, enumKind, integerKind, durationKind, pathKind, unitNameOfTypeKind, commandLineKind,
  exitStatusKind, signalKind, textKind, ValueRuleError, UNQUOTE_ONLY, UNQUOTE_RETAIN_ESCAPE,
} from '../values';

const M = 'systemd.service' as const;
const timeout = durationKind({ infinity: true });
const busName = textKind('bus-name', 'a D-Bus well-known name such as org.example.Foo', {
  check(s) {
    if (typeof s !== 'string' || s.length > 255 || !/^[A-Za-z_-][A-Za-z0-9_-]*(\.[A-Za-z_-][A-Za-z0-9_-]*)+$/.test(s)) throw new ValueRuleError('a D-Bus well-known name such as org.example.Foo');
  },
}, true);
const exec = (since: number, summary: string) => lines(commandLineKind, M, since, summary);

/** [Service] directives of systemd.service(5), in canonical order. */
export const SERVICE_DIRECTIVES = {
  Type: d(enumKind(['simple', 'exec', 'forking', 'oneshot', 'dbus', 'notify', 'notify-reload', 'idle']), M, ANCIENT, 'How systemd decides that the service has started.', { valueSince: { exec: 240, 'notify-reload': 253 } }),
  ExitType: d(enumKind(['main', 'cgroup']), M, 250, 'Whether the service ends with its main process (main) or its last process (cgroup).'),
  RemainAfterExit: d(bool, M, ANCIENT, 'Keeps the service active after all its processes exited.'),
  GuessMainPID: d(bool, M, ANCIENT, 'Guesses the main process of a forking service without PIDFile=.'),
  PIDFile: d(pathKind({ notApiVfs: true }), M, ANCIENT, 'File the forking service writes its main process ID to.'),
  BusName: d(busName, M, ANCIENT, 'D-Bus name the service acquires (Type=dbus).'),
  ExecCondition: exec(243, 'Commands run first; a non-zero exit skips the start without failing.'),
  ExecStartPre: exec(ANCIENT, 'Commands run before ExecStart=.'),
  ExecStart: exec(ANCIENT, 'The command that starts the service (several only for Type=oneshot).'),
  ExecStartPost: exec(ANCIENT, 'Commands run after ExecStart= has started.'),
  ExecReload: exec(ANCIENT, 'Commands that make the service reload its configuration.'),
  ExecStop: exec(ANCIENT, 'Commands that stop the service.'),
  ExecStopPost: exec(ANCIENT, 'Commands run after the service stopped, also after a failure.'),
  RestartSec: d(durationKind(), M, ANCIENT, 'Time to sleep before restarting the service.'),
  RestartSteps: d(integerKind(1, 4294967295), M, 254, 'Number of steps to grow RestartSec= up to RestartMaxDelaySec=.'),
  RestartMaxDelaySec: d(durationKind(), M, 254, 'Longest restart delay when RestartSteps= is used.'),
  TimeoutStartSec: d(timeout, M, 188, 'Time allowed for start-up before the service is considered failed.'),
  TimeoutStopSec: d(timeout, M, ANCIENT, 'Time allowed for stopping before the processes are killed.'),
  TimeoutAbortSec: d(timeout, M, 243, 'Time allowed for a watchdog-aborted service to write its core dump.'),
  TimeoutSec: d(timeout, M, ANCIENT, 'Sets both TimeoutStartSec= and TimeoutStopSec=.'),
  TimeoutStartFailureMode: d(enumKind(['terminate', 'abort', 'kill']), M, 246, 'What to do when the start-up times out.'),
  TimeoutStopFailureMode: d(enumKind(['terminate', 'abort', 'kill']), M, 246, 'What to do when stopping times out.'),
  RuntimeMaxSec: d(timeout, M, 229, 'Longest time the service may run before it is stopped.'),
  RuntimeRandomizedExtraSec: d(durationKind(), M, 250, 'Random extra time added to RuntimeMaxSec=.'),
  WatchdogSec: d(durationKind(), M, ANCIENT, 'Watchdog timeout: the service must ping systemd within it (sd_notify WATCHDOG=1).'),
  Restart: d(enumKind(['no', 'on-success', 'on-failure', 'on-abnormal', 'on-watchdog', 'on-abort', 'always']), M, ANCIENT, 'When the service is restarted after it ended.'),
  RestartMode: d(enumKind(['normal', 'direct']), M, 254, 'Whether a restart passes through the failed state (normal) or not (direct).'),
  SuccessExitStatus: words(exitStatusKind, UNQUOTE_ONLY, M, ANCIENT, 'Extra exit codes and signals counted as success.'),
  RestartPreventExitStatus: words(exitStatusKind, UNQUOTE_ONLY, M, ANCIENT, 'Exit codes and signals that prevent a restart.'),
  RestartForceExitStatus: words(exitStatusKind, UNQUOTE_ONLY, M, 215, 'Exit codes and signals that force a restart.'),
  RootDirectoryStartOnly: d(bool, M, ANCIENT, 'Applies RootDirectory= to ExecStart= only.'),
  NonBlocking: d(bool, M, 233, 'Sets O_NONBLOCK on passed socket file descriptors.'),
  NotifyAccess: d(enumKind(['none', 'main', 'exec', 'all']), M, ANCIENT, 'Which processes may send sd_notify status messages.'),
  Sockets: words(unitNameOfTypeKind('socket'), UNQUOTE_RETAIN_ESCAPE, M, ANCIENT, 'Socket units whose file descriptors the service receives.'),
  FileDescriptorStoreMax: d(integerKind(0, 65536), M, 219, 'How many file descriptors the service may keep in systemd\'s store.'),
  FileDescriptorStorePreserve: d(enumKind(['no', 'yes', 'restart']), M, 254, 'Whether the file descriptor store survives a stop.'),
  OOMPolicy: d(enumKind(['continue', 'stop', 'kill']), M, 243, 'What happens to the service when the OOM killer kills one of its processes.'),
  ReloadSignal: d(signalKind, M, 253, 'Signal sent to reload a Type=notify-reload service (default SIGHUP).'),
} as const satisfies DirectiveTable;
