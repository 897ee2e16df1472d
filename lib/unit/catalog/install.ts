/** systemd.unit(5): the [Install] section, read by systemctl enable. */
import { ANCIENT, directive as d, words, type DirectiveTable } from './define';
import { unitNameKind, UNQUOTE_RETAIN_ESCAPE, textKind, ValueRuleError } from '../values';

const M = 'systemd.unit' as const;
const units = (since: number, summary: string) => words(unitNameKind, UNQUOTE_RETAIN_ESCAPE, M, since, summary);

/** [Install] directives of systemd.unit(5), in canonical order. */
export const INSTALL_DIRECTIVES = {
  Alias: units(ANCIENT, 'Extra names the unit is linked under when enabled.'),
  WantedBy: units(ANCIENT, 'Units that get a Wants= on this one when it is enabled.'),
  RequiredBy: units(ANCIENT, 'Units that get a Requires= on this one when it is enabled.'),
  UpheldBy: units(254, 'Units that get an Upholds= on this one when it is enabled.'),
  Also: units(ANCIENT, 'Units enabled and disabled together with this one.'),
  DefaultInstance: d(textKind('instance', 'an instance name of unit-name characters', { check(s) { if (typeof s !== 'string' || !/^[0-9A-Za-z:_.\\@-]+$/.test(s)) throw new ValueRuleError('an instance name of letters, digits and :-_.\\@'); } }, true), M, ANCIENT, 'Instance enabled when a template unit is enabled without one.'),
} as const satisfies DirectiveTable;
