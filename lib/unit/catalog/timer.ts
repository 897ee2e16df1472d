/** systemd.timer(5): the [Timer] section. */
import { ANCIENT, directive as d, lines, type DirectiveTable } from './define';
import { booleanKind as bool, durationKind, calendarKind, unitNameKind } from '../values';

const M = 'systemd.timer' as const;
const span = durationKind();

/** [Timer] directives of systemd.timer(5), in canonical order. */
export const TIMER_DIRECTIVES = {
  OnActiveSec: lines(span, M, ANCIENT, 'Elapses this long after the timer itself was activated.'),
  OnBootSec: lines(span, M, ANCIENT, 'Elapses this long after the machine booted.'),
  OnStartupSec: lines(span, M, ANCIENT, 'Elapses this long after the service manager started.'),
  OnUnitActiveSec: lines(span, M, ANCIENT, 'Elapses this long after the activated unit was last activated.'),
  OnUnitInactiveSec: lines(span, M, ANCIENT, 'Elapses this long after the activated unit was last deactivated.'),
  OnCalendar: lines(calendarKind, M, 197, 'Elapses at calendar times such as daily or Mon *-*-* 04:00:00.'),
  OnClockChange: d(bool, M, 242, 'Elapses when the system clock jumps.'),
  OnTimezoneChange: d(bool, M, 242, 'Elapses when the time zone changes.'),
  AccuracySec: d(span, M, 209, 'How much later than scheduled the timer may elapse, to coalesce wake-ups.'),
  RandomizedDelaySec: d(span, M, 229, 'Random delay added to each elapse, to spread load.'),
  FixedRandomDelay: d(bool, M, 247, 'Makes RandomizedDelaySec= the same on every run of this timer on this machine.'),
  DeferReactivation: d(bool, M, 257, 'Waits for a whole interval after the unit finished before the next elapse.'),
  Persistent: d(bool, M, 212, 'Catches up on OnCalendar= elapses missed while the machine was off.'),
  WakeSystem: d(bool, M, 212, 'Wakes the machine from suspend to elapse.'),
  RemainAfterElapse: d(bool, M, 229, 'Keeps the timer loaded and active after it elapsed for the last time.'),
  Unit: d(unitNameKind, M, ANCIENT, 'Unit activated when the timer elapses (default: the service of the same name).'),
} as const satisfies DirectiveTable;
