/**
 * The catalog's sections: which directives each section of a service, socket or timer unit has,
 * in canonical order, and lookups by name.
 */
import { manLink, type DirectiveSpec, type DirectiveTable } from './define';
import { EXEC_DIRECTIVES } from './exec';
import { INSTALL_DIRECTIVES } from './install';
import { KILL_DIRECTIVES } from './kill';
import { RESOURCE_CONTROL_DIRECTIVES } from './resource-control';
import { SERVICE_DIRECTIVES } from './service';
import { SOCKET_DIRECTIVES } from './socket';
import { TIMER_DIRECTIVES } from './timer';
import { UNIT_DIRECTIVES } from './unit-section';

export { EXEC_DIRECTIVES, INSTALL_DIRECTIVES, KILL_DIRECTIVES, RESOURCE_CONTROL_DIRECTIVES, SERVICE_DIRECTIVES, SOCKET_DIRECTIVES, TIMER_DIRECTIVES, UNIT_DIRECTIVES };

// Delegation (Delegate=, DelegateSubgroup=) is for services and scopes only.
const { Delegate: _delegate, DelegateSubgroup: _delegateSubgroup, ...SOCKET_RESOURCE_CONTROL } = RESOURCE_CONTROL_DIRECTIVES;
void [_delegate, _delegateSubgroup];

/** [Service]: systemd.service, then systemd.exec, systemd.resource-control, systemd.kill. */
export const SERVICE_SECTION = { ...SERVICE_DIRECTIVES, ...EXEC_DIRECTIVES, ...RESOURCE_CONTROL_DIRECTIVES, ...KILL_DIRECTIVES } as const;
/** [Socket]: systemd.socket, then the exec, resource-control (without Delegate=/DelegateSubgroup=) and kill directives. */
export const SOCKET_SECTION = { ...SOCKET_DIRECTIVES, ...EXEC_DIRECTIVES, ...SOCKET_RESOURCE_CONTROL, ...KILL_DIRECTIVES } as const;
/** [Timer]. */
export const TIMER_SECTION = TIMER_DIRECTIVES;
/** [Unit]. */
export const UNIT_SECTION = UNIT_DIRECTIVES;
/** [Install]. */
export const INSTALL_SECTION = INSTALL_DIRECTIVES;

/** Sections by name. */
export const SECTIONS = {
  Unit: UNIT_SECTION,
  Service: SERVICE_SECTION,
  Socket: SOCKET_SECTION,
  Timer: TIMER_SECTION,
  Install: INSTALL_SECTION,
} as const satisfies Readonly<Record<string, DirectiveTable>>;

/** A section name of the catalog. */
export type SectionName = keyof typeof SECTIONS;

/** Unit kinds of the typed model and the sections each has, in file order. */
export const UNIT_KINDS = {
  service: ['Unit', 'Service', 'Install'],
  socket: ['Unit', 'Socket', 'Install'],
  timer: ['Unit', 'Timer', 'Install'],
} as const satisfies Readonly<Record<string, readonly SectionName[]>>;

/** A unit kind of the typed model. */
export type UnitKind = keyof typeof UNIT_KINDS;

/** The catalog entry of `Section.Key`, if the catalog has it. */
export function lookupDirective(section: string, key: string): DirectiveSpec | undefined {
  const table = (SECTIONS as Readonly<Record<string, DirectiveTable>>)[section];
  return table && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** The directive names of a section in catalog (canonical) order. */
export function directiveNames(section: SectionName): readonly string[] {
  return Object.keys(SECTIONS[section]);
}

const RANKS = new Map<string, Map<string, number>>(
  Object.entries(SECTIONS).map(([name, table]) => [name, new Map(Object.keys(table).map((k, i) => [k, i]))]),
);

/** Position of `key` in its section's catalog order, or undefined when the catalog does not know it. */
export function catalogRank(section: string, key: string): number | undefined {
  return RANKS.get(section)?.get(key);
}

/** The man page link of `Section.Key`, if the catalog has it. */
export function directiveManLink(section: string, key: string): string | undefined {
  const spec = lookupDirective(section, key);
  return spec ? manLink(spec.man, key) : undefined;
}

