/**
 * `%` specifier expansion for unit settings (systemd.unit(5) "Specifiers"), as systemd does when it
 * loads a unit offline. An unknown specifier is an error (systemd refuses the setting, and for
 * settings like User= the unit).
 */
import { parseUnitName } from './unit-name';

/** Thrown for an unknown `%x` specifier. */
export class SpecifierError extends Error {
  constructor(readonly value: string, readonly specifier: string) {
    super(`Failed to resolve unit specifiers in '${value}': unknown specifier '%${specifier}' (write '%%' for a literal percent sign)`);
    this.name = 'SpecifierError';
  }
}

/** What the specifiers expand to: the unit's names and the manager's environment. */
export interface SpecifierContext {
  /** Full unit name as loaded, e.g. `foo@bar.service` (a template already instantiated). */
  readonly unitName: string;
  /** Manager's user and group (system manager: root / 0). */
  readonly userName?: string;
  readonly uid?: string;
  readonly groupName?: string;
  readonly gid?: string;
  readonly home?: string;
  readonly shell?: string;
  /** System (`/run`, `/var/lib`, …) or user-scope directories. */
  readonly scope?: 'system' | 'user';
}

/** systemd's unit-name unescaping: `\xNN` → byte, `-` → `/`. */
export function unescapeUnitNamePart(s: string): string {
  return s.replace(/\\x([0-9a-fA-F]{2})|-/g, (_m, hex: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : '/'));
}

/** The parts of the unit name that specifiers expand to (computed once per expansion, on first need). */
interface NameParts {
  readonly stem: string;
  readonly prefix: string;
  readonly instance: string;
  /** The instance as written, undefined for a non-instance name. */
  readonly rawInstance: string | undefined;
}

function namePartsOf(unitName: string): NameParts {
  const name = parseUnitName(unitName);
  return { stem: unitName.slice(0, unitName.lastIndexOf('.')), prefix: name.prefix, instance: name.instance ?? '', rawInstance: name.instance };
}

const unescapedPath = (s: string): string => '/' + unescapeUnitNamePart(s).replace(/^\/+/, '');

/**
 * The value of specifier `letter`, or undefined for an unknown one. A switch rather than a table of
 * closures: expansion is on the scorer's hot path and most values are constants.
 */
function specifierValue(letter: string, ctx: SpecifierContext, parts: () => NameParts): string | undefined {
  const system = (ctx.scope ?? 'system') === 'system';
  const home = ctx.home ?? '/root';
  switch (letter) {
    case 'n': return ctx.unitName;
    case 'N': return parts().stem;
    case 'p': return parts().prefix;
    case 'P': return unescapeUnitNamePart(parts().prefix);
    case 'i': return parts().instance;
    case 'I': return unescapeUnitNamePart(parts().instance);
    case 'j': return lastComponent(parts().prefix);
    case 'J': return unescapeUnitNamePart(lastComponent(parts().prefix));
    case 'f': {
      const p = parts();
      return unescapedPath(p.rawInstance !== undefined && p.rawInstance !== '' ? p.instance : p.prefix);
    }
    case 'u': return ctx.userName ?? 'root';
    case 'U': return ctx.uid ?? '0';
    case 'g': return ctx.groupName ?? 'root';
    case 'G': return ctx.gid ?? '0';
    case 'h': return home;
    case 's': return ctx.shell ?? '/bin/sh';
    // Host facts: any value that is a plain word behaves the same for every setting we read.
    case 'a': return 'x86-64';
    case 'H': case 'l': case 'q': return 'localhost';
    case 'm': case 'b': return '00000000000000000000000000000000';
    case 'B': return 'build';
    case 'M': return 'image';
    case 'A': case 'w': return 'version';
    case 'o': case 'v': return 'linux';
    case 'W': return 'variant';
    case 'C': return system ? '/var/cache' : `${home}/.cache`;
    case 'E': return system ? '/etc' : `${home}/.config`;
    case 'L': return system ? '/var/log' : `${home}/.local/state/log`;
    case 'S': return system ? '/var/lib' : `${home}/.local/share`;
    case 't': return system ? '/run' : '/run/user/0';
    case 'T': return '/tmp';
    case 'V': return '/var/tmp';
    case 'd': return `/run/credentials/${ctx.unitName}`;
    case 'y': return `/${ctx.unitName}`;
    case 'Y': return '/';
    default: return undefined;
  }
}

function lastComponent(prefix: string): string {
  const dash = prefix.lastIndexOf('-');
  return dash >= 0 ? prefix.slice(dash + 1) : prefix;
}

/**
 * Expands `%` specifiers in `value`. Throws {@link SpecifierError} on an unknown specifier.
 */
export function expandSpecifiers(value: string, ctx: SpecifierContext): string {
  if (!value.includes('%')) return value;
  let cached: NameParts | undefined;
  const parts = (): NameParts => (cached ??= namePartsOf(ctx.unitName));
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const next = value[i + 1];
    if (next === undefined) {
      out += '%'; // a lone trailing '%' is kept, as systemd does
      break;
    }
    i++;
    if (next === '%') {
      out += '%';
      continue;
    }
    const expanded = specifierValue(next, ctx, parts);
    if (expanded === undefined) throw new SpecifierError(value, next);
    out += expanded;
  }
  return out;
}
