/**
 * Directives that share one list in systemd: an empty assignment of any of them clears them all.
 * `ListenStream=` (empty) frees every Listen*= port (socket_free_ports() in config_parse_socket_listen),
 * `OnCalendar=` (empty) every On*= trigger (timer_free_values() in config_parse_timer), 252–262. The
 * typed model holds them as separate lists, so such a reset beside another member's values would be
 * read differently from what the model says: it is refused where written.
 */
import { DirectiveValueError } from '../values/errors';

/** Groups of directives sharing one list, by section. */
const SHARED: Readonly<Record<string, readonly string[]>> = {
  Socket: ['ListenStream', 'ListenDatagram', 'ListenSequentialPacket', 'ListenFIFO', 'ListenSpecial', 'ListenNetlink', 'ListenMessageQueue', 'ListenUSBFunction'],
  Timer: ['OnActiveSec', 'OnBootSec', 'OnStartupSec', 'OnUnitActiveSec', 'OnUnitInactiveSec', 'OnCalendar', 'OnClockChange', 'OnTimezoneChange'],
};

/** Throws when a list of `section` holds a reset ('') while another member of its group has values. */
export function checkSharedResets(section: string, typed: Readonly<Record<string, unknown>>): void {
  const group = SHARED[section];
  if (!group) return;
  const lists = group.filter((k) => Array.isArray(typed[k]) && (typed[k] as unknown[]).length > 0);
  for (const key of lists) {
    const list = typed[key] as unknown[];
    if (!list.includes('')) continue;
    const other = lists.find((k) => k !== key && (typed[k] as unknown[]).some((v) => v !== ''));
    if (other !== undefined) {
      throw new DirectiveValueError(`${section}.${key}`, list, `an empty ${key}= resets every ${group[0]!.replace(/[A-Z][a-z]+$/, '')}*= setting of the unit, including ${other}=`, `remove the '' (a new unit has nothing to reset)`);
    }
  }
}
