/** systemd.kill(5): how the processes of a unit are stopped. */
import { ANCIENT, directive as d, type DirectiveTable } from './define';
import { booleanKind as bool, enumKind, signalKind } from '../values';

const M = 'systemd.kill' as const;

/** [Service]/[Socket] directives of systemd.kill(5), in canonical order. */
export const KILL_DIRECTIVES = {
  KillMode: d(enumKind(['control-group', 'mixed', 'process']), M, ANCIENT, 'Which processes are killed on stop: the whole cgroup, main process first (mixed), or only the main process (none is deprecated and refused here).'),
  KillSignal: d(signalKind, M, ANCIENT, 'Signal sent first to stop the processes (default SIGTERM).'),
  RestartKillSignal: d(signalKind, M, 244, 'Signal sent to stop the processes on restart.'),
  SendSIGHUP: d(bool, M, 207, 'Also sends SIGHUP right after KillSignal=.'),
  SendSIGKILL: d(bool, M, 187, 'Sends SIGKILL to processes that remain after the stop timeout.'),
  FinalKillSignal: d(signalKind, M, 240, 'Signal sent to processes that remain after the stop timeout (default SIGKILL).'),
  WatchdogSignal: d(signalKind, M, 240, 'Signal sent when the watchdog timeout expires (default SIGABRT).'),
} as const satisfies DirectiveTable;
