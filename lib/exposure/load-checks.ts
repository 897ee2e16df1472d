/**
 * The per-type checks systemd runs when it loads a unit (service_verify(), socket_verify(), …):
 * a unit failing one is refused ("bad unit file setting") and not analysed.
 */
import type { UnitDocument } from '../unit/model';
import { indexDocument, type DocumentIndex } from './document-index';
import type { UnitType } from '../unit/unit-name';
import { UnitLoadError } from './errors';
import type { ReleaseData } from './release-data';
import { ExecLines } from './exec-line';
import { LOAD_RULES, type LoadRules } from './load-rules';
import { simplifyAndCheck } from './settings/paths';
import { byteLength } from '../unit/specifiers';
import { UnitPrintf } from './unit-printf';
import { parsePrefixWord } from './settings/ip-prefixes';
import { parseBoolean, simplifyPath } from './settings/words';

const SOCKET_LISTENERS = [
  'ListenStream', 'ListenDatagram', 'ListenSequentialPacket', 'ListenFIFO', 'ListenSpecial', 'ListenNetlink',
  'ListenMessageQueue', 'ListenUSBFunction',
];
const TIMER_VALUES = ['OnActiveSec', 'OnBootSec', 'OnStartupSec', 'OnUnitActiveSec', 'OnUnitInactiveSec', 'OnCalendar'];
const TIMER_FLAGS = ['OnClockChange', 'OnTimezoneChange'];
const PATH_SETTINGS = ['PathExists', 'PathExistsGlob', 'PathChanged', 'PathModified', 'DirectoryNotEmpty'];

/** Number of entries of a list directive after empty assignments reset it (invalid ones ignored). */
function listLength(doc: DocumentIndex, section: string, key: string, valid: (v: string) => boolean = () => true): number {
  return doc.values(section, key).reduce((n, v) => (v === '' ? 0 : valid(v) ? n + 1 : n), 0);
}


const absolute = (v: string | undefined): boolean => v !== undefined && v.startsWith('/');

/** A file-system listener (FIFO, special file, USB function): path_simplify_and_warn() must accept it. */
const listenerPath = (rules: LoadRules) => (v: string | undefined): boolean =>
  v !== undefined && !('problem' in simplifyAndCheck(v, { absolute: true }, rules.paths));

/** systemd's socket_address_parse(): path, @abstract, port, IPv4:port, [IPv6]:port, vsock:CID:PORT. */
function validSocketAddress(v: string | undefined): boolean {
  if (v === undefined || v === '') return false;
  // sockaddr_un_set_path(): 2 to 107 bytes (sun_path holds 108 with the NUL).
  if (v.startsWith('/') || v.startsWith('@')) return byteLength(v) >= 2 && byteLength(v) <= 107;
  if (/^vsock:(\d*|[a-z]+)?:\d+$/.test(v)) return true;
  const port = (p: string): boolean => /^\d+$/.test(p) && Number(p) >= 1 && Number(p) <= 65535;
  if (/^\d+$/.test(v)) return port(v);
  const v6 = /^\[([0-9a-fA-F:.]+)\](%[A-Za-z0-9_.-]+)?:(\d+)$/.exec(v);
  if (v6) return parsePrefixWord(v6[1]!)?.[0]?.family === 6 && port(v6[3]!);
  const v4 = /^([0-9.]+)(%[A-Za-z0-9_.-]+)?:(\d+)$/.exec(v);
  if (v4) return parsePrefixWord(v4[1]!)?.[0]?.family === 4 && !v4[1]!.includes('/') && port(v4[3]!);
  return false;
}

/** Validity of each Listen*= value of a socket (after specifier expansion). */
const listenerValid = (rules: LoadRules): Record<string, (v: string | undefined) => boolean> => ({
  ListenStream: validSocketAddress,
  ListenDatagram: validSocketAddress,
  ListenSequentialPacket: validSocketAddress,
  ListenFIFO: listenerPath(rules),
  ListenSpecial: listenerPath(rules),
  ListenUSBFunction: listenerPath(rules),
  ListenNetlink: (v) => v !== undefined && /^[a-z0-9-]+(\s+\d+)?$/.test(v),
  ListenMessageQueue: (v) => v !== undefined && /^\/[^/]+$/.test(v) && listenerPath(rules)(v),
});

const CALENDAR_SHORTHANDS = ['minutely', 'hourly', 'daily', 'monthly', 'weekly', 'yearly', 'annually', 'quarterly', 'semiannually'];
// µs and μs written as escapes keep the bundled score path ASCII-only (scripts/bundle-cli.js).
const TIMESPAN = /^\s*(infinity|(\d+(\.\d+)?\s*(usec|us|\u00b5s|\u03bcs|msec|ms|seconds?|sec|s|minutes?|min|m|hours?|hr|h|days?|d|weeks?|w|months?|M|years?|y)?\s*)+)$/;

/** Approximates systemd's calendar-spec parser: shorthands, or expressions built from digits and `*`. */
function plausibleCalendar(v: string): boolean {
  const l = v.trim().toLowerCase();
  return CALENDAR_SHORTHANDS.includes(l) || (/[0-9*]/.test(l) && /^[\w\s*:.,\/~+-]+$/.test(l));
}

function lastValue(doc: DocumentIndex, section: string, key: string, valid: (v: string) => boolean, initial: string): string {
  let acc = initial;
  for (const v of doc.values(section, key)) if (valid(v)) acc = v;
  return acc;
}

/** The last of the values that is one of `words`. */
function lastWordOf(doc: DocumentIndex, section: string, key: string, words: readonly string[], initial: string): string {
  let acc = initial;
  for (const v of doc.values(section, key)) if (words.includes(v)) acc = v;
  return acc;
}

const RESTART_WORDS = ['no', 'on-success', 'on-failure', 'on-abnormal', 'on-watchdog', 'on-abort', 'always'];
const anyValue = (): boolean => true;

/** systemd's unit_name_from_path() stem: `/mnt/a-b` → `mnt-a\x2db`, `/` → `-`. */
export function pathToUnitStem(p: string): string {
  const simple = simplifyPath(p).replace(/^\/+|\/+$/g, '');
  if (simple === '') return '-';
  let out = '';
  for (let i = 0; i < simple.length; i++) {
    const c = simple[i]!;
    if (c === '/') out += '-';
    else if ((c === '.' && i === 0) || !/[A-Za-z0-9:_.]/.test(c)) out += `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return out;
}

/** The path a unit name stem stands for: `mnt-a\x2db` → `/mnt/a-b`. */
export function unitStemToPath(stem: string): string {
  if (stem === '-') return '/';
  return '/' + stem.replace(/\\x([0-9a-fA-F]{2})|-/g, (_m, hex: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : '/'));
}

/** A D-Bus well-known name (`org.example.Foo`), as BusName= requires. */
function validBusName(s: string): boolean {
  return s.length <= 255 && /^[A-Za-z_-][A-Za-z0-9_-]*(\.[A-Za-z_-][A-Za-z0-9_-]*)+$/.test(s);
}

/**
 * Number of commands of a service's Exec*= lines (`;` separates commands, an empty value resets).
 * Lines with a fatal problem never get here (see fatal-settings.ts); a bad executable with the `-`
 * prefix is ignored.
 */
function execCommandCount(doc: DocumentIndex, key: string, execLines: ExecLines): number {
  let count = 0;
  for (const value of doc.values('Service', key)) {
    if (value === '') count = 0;
    else count += execLines.of(value).commands.length;
  }
  return count;
}

/**
 * Throws {@link UnitLoadError} when systemd would refuse the unit at load time. `printf`, `index`
 * and `execLines` are the unit's expansions, index and Exec*= reader when the caller has them.
 */
export function verifyUnitLoads(
  unit: string,
  type: UnitType,
  document: UnitDocument,
  data: ReleaseData,
  scope: 'system' | 'user',
  printf: UnitPrintf = new UnitPrintf({ unit, scope, rules: LOAD_RULES[data.release] }),
  index: DocumentIndex = indexDocument(document),
  execLines: ExecLines = new ExecLines(printf, data, LOAD_RULES[data.release]),
): void {
  const doc = index;
  const fail = (reason: string): never => {
    throw new UnitLoadError(unit, reason);
  };
  const stem = unit.slice(0, unit.lastIndexOf('.'));
  // unit_path_printf(); a value that fails to expand is ignored.
  const expanded = (v: string): string | undefined => UnitPrintf.orUndefined(() => printf.path(v));
  switch (type) {
    case 'service': {
      const starts = execCommandCount(doc, 'ExecStart', execLines);
      const stops = execCommandCount(doc, 'ExecStop', execLines);
      const actions = scope === 'user' ? data.parse.successActionsUser : data.parse.successActions;
      let success = 'none';
      for (const v of doc.values('Unit', 'SuccessAction')) if (v === 'none' || actions.includes(v)) success = v;
      const explicitType = lastWordOf(doc, 'Service', 'Type', data.parse.serviceTypes, '');
      const busName = lastValue(doc, 'Service', 'BusName', validBusName, '');
      if (starts === 0 && stops === 0 && success === 'none') fail('Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.');
      const serviceType = explicitType || (busName ? 'dbus' : starts > 0 ? 'simple' : 'oneshot');
      if (serviceType !== 'oneshot' && starts === 0) fail('Service has no ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.');
      let remainAfterExit = false;
      for (const v of doc.values('Service', 'RemainAfterExit')) remainAfterExit = parseBoolean(v) ?? remainAfterExit;
      if (serviceType === 'oneshot' && starts === 0 && success === 'none' && !remainAfterExit) {
        fail('Service has no ExecStart= and no SuccessAction= settings and does not have RemainAfterExit=yes set. Refusing.');
      }
      if (serviceType !== 'oneshot' && starts > 1) fail('Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.');
      const restart = lastWordOf(doc, 'Service', 'Restart', RESTART_WORDS, 'no');
      if (serviceType === 'oneshot' && (restart === 'always' || restart === 'on-success')) {
        fail("Service has Restart= set to either always or on-success, which isn't allowed for Type=oneshot services. Refusing.");
      }
      if (serviceType === 'dbus' && busName === '') fail('Service is of type D-Bus but no D-Bus service name has been specified. Refusing.');
      const privatePids = lastValue(doc, 'Service', 'PrivatePIDs', (v) => parseBoolean(v) !== undefined, 'no');
      if (LOAD_RULES[data.release].forkingRefusesPrivatePids && serviceType === 'forking' && parseBoolean(privatePids)) {
        fail('Service of Type=forking does not support PrivatePIDs=yes. Refusing.');
      }
      return;
    }
    case 'socket': {
      const valid = listenerValid(LOAD_RULES[data.release]);
      if (!SOCKET_LISTENERS.some((k) => listLength(doc, 'Socket', k, (v) => valid[k]!(expanded(v))) > 0)) fail('Unit has no Listen setting (ListenStream=, ListenDatagram=, ListenFIFO=, ...). Refusing.');
      return;
    }
    case 'mount': {
      const where = lastValue(doc, 'Mount', 'Where', anyValue, '');
      if (where !== '' && pathToUnitStem(where) !== stem) fail("Where= setting doesn't match unit name. Refusing.");
      const mountPoint = where !== '' ? simplifyPath(where) : unitStemToPath(stem);
      const api = data.parse.apiMountPoints.some((m) => (m.endsWith('/*') ? mountPoint.startsWith(m.slice(0, -1)) : mountPoint === m));
      if (api) fail(`Cannot create mount unit for API file system ${mountPoint}. Refusing.`);
      const cred = data.parse.credentialMountPoint;
      if (cred && (mountPoint === cred || mountPoint.startsWith(cred + '/'))) fail(`Cannot create mount unit for credential mount '${mountPoint}'. Refusing.`);
      if (unit !== '-.mount' && lastValue(doc, 'Mount', 'What', anyValue, '') === '') fail('What= setting is missing. Refusing.');
      return;
    }
    case 'automount': {
      const where = lastValue(doc, 'Automount', 'Where', anyValue, '');
      if (where !== '' && pathToUnitStem(where) !== stem) fail("Where= setting doesn't match unit name. Refusing.");
      return;
    }
    case 'swap': {
      const what = lastValue(doc, 'Swap', 'What', anyValue, '');
      if (what !== '' && pathToUnitStem(what) !== stem) fail('Value of What= and unit name do not match, not loading.');
      return;
    }
    case 'timer': {
      const timerValid = (k: string) => (v: string): boolean => (k === 'OnCalendar' ? plausibleCalendar(v) : TIMESPAN.test(v));
      const hasValue = TIMER_VALUES.some((k) => listLength(doc, 'Timer', k, timerValid(k)) > 0);
      const hasFlag = TIMER_FLAGS.some((k) => parseBoolean(lastValue(doc, 'Timer', k, (v) => parseBoolean(v) !== undefined, 'no')) === true);
      if (!hasValue && !hasFlag) fail('Timer unit lacks value setting. Refusing.');
      return;
    }
    case 'path':
      if (!PATH_SETTINGS.some((k) => listLength(doc, 'Path', k, (v) => absolute(expanded(v))) > 0)) fail('Path unit lacks path setting. Refusing.');
      return;
    case 'scope':
      fail(`Unit ${unit} not found.`);
      return;
    default:
      return;
  }
}
