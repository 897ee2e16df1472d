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

/** The specifier table: letter → value (computed lazily from the context). */
function table(ctx: SpecifierContext): Record<string, () => string> {
  const name = parseUnitName(ctx.unitName);
  const stem = ctx.unitName.slice(0, ctx.unitName.lastIndexOf('.'));
  const instance = name.instance ?? '';
  const prefix = name.prefix;
  const dash = prefix.lastIndexOf('-');
  const lastComponent = dash >= 0 ? prefix.slice(dash + 1) : prefix;
  const system = (ctx.scope ?? 'system') === 'system';
  const home = ctx.home ?? '/root';
  const unescapedPath = (s: string): string => '/' + unescapeUnitNamePart(s).replace(/^\/+/, '');
  return {
    n: () => ctx.unitName,
    N: () => stem,
    p: () => prefix,
    P: () => unescapeUnitNamePart(prefix),
    i: () => instance,
    I: () => unescapeUnitNamePart(instance),
    j: () => lastComponent,
    J: () => unescapeUnitNamePart(lastComponent),
    f: () => unescapedPath(name.instance !== undefined && name.instance !== '' ? instance : prefix),
    u: () => ctx.userName ?? 'root',
    U: () => ctx.uid ?? '0',
    g: () => ctx.groupName ?? 'root',
    G: () => ctx.gid ?? '0',
    h: () => home,
    s: () => ctx.shell ?? '/bin/sh',
    // Host facts: any value that is a plain word behaves the same for every setting we read.
    a: () => 'x86-64',
    H: () => 'localhost',
    l: () => 'localhost',
    q: () => 'localhost',
    m: () => '00000000000000000000000000000000',
    b: () => '00000000000000000000000000000000',
    B: () => 'build',
    M: () => 'image',
    A: () => 'version',
    o: () => 'linux',
    w: () => 'version',
    W: () => 'variant',
    v: () => 'linux',
    C: () => (system ? '/var/cache' : `${home}/.cache`),
    E: () => (system ? '/etc' : `${home}/.config`),
    L: () => (system ? '/var/log' : `${home}/.local/state/log`),
    S: () => (system ? '/var/lib' : `${home}/.local/share`),
    t: () => (system ? '/run' : '/run/user/0'),
    T: () => '/tmp',
    V: () => '/var/tmp',
    d: () => `/run/credentials/${ctx.unitName}`,
    y: () => `/${ctx.unitName}`,
    Y: () => '/',
  };
}

/**
 * Expands `%` specifiers in `value`. Throws {@link SpecifierError} on an unknown specifier.
 */
export function expandSpecifiers(value: string, ctx: SpecifierContext): string {
  if (!value.includes('%')) return value;
  const specs = table(ctx);
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
    const f = specs[next];
    if (!f) throw new SpecifierError(value, next);
    out += f();
  }
  return out;
}
