/**
 * `%` specifier expansion for unit settings (systemd.unit(5) "Specifiers"), as systemd's
 * specifier_printf() with the unit table of unit_full_printf_full() (src/shared/specifier.c,
 * src/core/unit-printf.c; the same rules in 252, 257 and 262):
 *
 * - `%%` is a percent sign, a lone trailing `%` stays; `%` before a character that is not an ASCII
 *   letter or digit stays as written (`%-` is `%-`); an ASCII letter or digit that names no specifier
 *   fails (EBADSLT), and so does a specifier whose value cannot be computed (`%I` of a bad escape).
 * - The result may not be longer than a maximum number of bytes (`maxBytes`): PATH_MAX-1 for paths,
 *   LONG_LINE_MAX for strings, CREDENTIAL_NAME_MAX for credential names (ENAMETOOLONG).
 * - Unit-name specifiers unescape `\xNN` into a byte. Such bytes can be anything, so a value is a JS
 *   string in which every byte 0x80–0xFF that is not part of well-formed UTF-8 is the code point
 *   U+DC80 + (byte − 0x80) (the "surrogateescape" convention): see {@link bytesToText}.
 *
 * Host facts (hostname, machine and boot id, os-release, the manager's user and environment) come
 * from {@link HostFacts}; the defaults describe a plain Debian machine.
 */
import { parseUnitName } from './unit-name';

/** A failing specifier expansion (systemd then ignores the setting, or refuses the unit). */
export class SpecifierError extends Error {
  constructor(
    readonly value: string,
    readonly specifier: string,
    /** `unknown`: no such specifier; `invalid`: its value cannot be computed; `too-long`: over the maximum. */
    readonly kind: 'unknown' | 'invalid' | 'too-long' = 'unknown',
  ) {
    super(
      kind === 'too-long'
        ? `Failed to resolve unit specifiers in '${value}': the result is longer than the maximum (${specifier})`
        : kind === 'invalid'
          ? `Failed to resolve unit specifiers in '${value}': '%${specifier}' has no valid value for this unit name`
          : `Failed to resolve unit specifiers in '${value}': unknown specifier '%${specifier}' (write '%%' for a literal percent sign)`,
    );
    this.name = 'SpecifierError';
  }
}

/** The os-release fields specifiers read (%o %w %W %A %B %M); a missing field expands to nothing. */
export type OsReleaseField = 'ID' | 'VERSION_ID' | 'VARIANT_ID' | 'BUILD_ID' | 'IMAGE_ID' | 'IMAGE_VERSION';

/** What the machine running the analysis says about itself (and the environment of the process). */
export interface HostFacts {
  /** %a, e.g. `x86-64`. */
  readonly architecture: string;
  /** %b and %m: 32 lower-case hex digits. */
  readonly bootId: string;
  readonly machineId: string;
  /** %H; %l is it up to the first dot; %q the pretty hostname (machine-info), else %l. */
  readonly hostname: string;
  readonly prettyHostname?: string;
  /** %v: uname's release. */
  readonly kernelRelease: string;
  readonly osRelease: Readonly<Partial<Record<OsReleaseField, string>>>;
  /** %u %U %g %G: the manager's user (root for the system manager). */
  readonly userName: string;
  readonly uid: string;
  readonly groupName: string;
  readonly gid: string;
  /** %h and %s: $HOME and $SHELL of the analysing process (else the user's passwd entry). */
  readonly home: string;
  readonly shell: string;
  /** %T and %V: $TMPDIR, else /tmp and /var/tmp. */
  readonly tmpDir: string;
  readonly varTmpDir: string;
  /** User scope (%t %d): $XDG_RUNTIME_DIR. The XDG_*_HOME directories default under `home`. */
  readonly runtimeDir: string;
  readonly configHome?: string;
  readonly cacheHome?: string;
  readonly stateHome?: string;
  readonly dataHome?: string;
}

/** A plain Debian machine, analysed as root. */
export const DEFAULT_HOST_FACTS: HostFacts = Object.freeze({
  architecture: 'x86-64',
  bootId: '00000000000000000000000000000000',
  machineId: '00000000000000000000000000000000',
  hostname: 'localhost',
  kernelRelease: 'linux',
  osRelease: Object.freeze({ ID: 'debian' }),
  userName: 'root',
  uid: '0',
  groupName: 'root',
  gid: '0',
  home: '/root',
  shell: '/bin/sh',
  tmpDir: '/tmp',
  varTmpDir: '/var/tmp',
  runtimeDir: '/run/user/0',
});

/** How a systemd release expands specifiers, where releases differ. */
export interface SpecifierFlavour {
  /** Letters known besides the ones of every release (257+: `D`, the shared data directory). */
  readonly extraLetters: string;
  /** User scope: where %S and %L live, under $XDG_CONFIG_HOME (252) or $XDG_STATE_HOME (257+). */
  readonly userStateIn: 'config' | 'state';
  /** Controller names cg_escape() prefixes with `_` (for %c). */
  readonly cgroupControllers: readonly string[];
}

/** The newest behaviour (262). */
export const DEFAULT_SPECIFIER_FLAVOUR: SpecifierFlavour = Object.freeze({
  extraLetters: 'D',
  userStateIn: 'state',
  cgroupControllers: Object.freeze(['cpu', 'cpuacct', 'cpuset', 'io', 'blkio', 'memory', 'devices', 'pids']),
});

/** What the specifiers expand to. */
export interface SpecifierContext {
  /** Full unit name as loaded, e.g. `foo@bar.service` (a template already instantiated). */
  readonly unitName: string;
  /** System (`/run`, `/var/lib`, …) or user-scope directories. */
  readonly scope?: 'system' | 'user';
  readonly host?: HostFacts;
  readonly flavour?: SpecifierFlavour;
  /** The unit file's real path (%y, and %Y its folder); default `/etc/systemd/system/NAME`. */
  readonly fragmentPath?: string;
  /** Longest result in bytes (default: no limit). */
  readonly maxBytes?: number;
}

/** First code point standing for a raw byte (0x80 → U+DC80 … 0xFF → U+DCFF). */
export const RAW_BYTE_BASE = 0xdc00;

/**
 * Bytes as text: well-formed UTF-8 decodes to its characters, every other byte ≥ 0x80 becomes
 * U+DC00 + byte. Text without such code points is exactly the UTF-8 decoding of the bytes.
 */
export function bytesToText(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    const len = b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    let c = len === 0 ? -1 : b & (0xff >> (len + 1));
    for (let k = 1; k < len && c >= 0; k++) {
      const next = bytes[i + k];
      c = next !== undefined && (next & 0xc0) === 0x80 ? (c << 6) | (next & 0x3f) : -1;
    }
    const min = len === 2 ? 0x80 : len === 3 ? 0x800 : 0x10000;
    if (c >= min && c <= 0x10ffff && !(c >= 0xd800 && c <= 0xdfff)) {
      out += String.fromCodePoint(c);
      i += len;
    } else {
      out += String.fromCharCode(RAW_BYTE_BASE + b);
      i++;
    }
  }
  return out;
}

/** The bytes a text stands for (the inverse of {@link bytesToText}). */
export function textToBytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= RAW_BYTE_BASE + 0x80 && c <= RAW_BYTE_BASE + 0xff) out.push(c - RAW_BYTE_BASE);
    else out.push(...Buffer.from(ch, 'utf8'));
  }
  return out;
}

/** Length of a text in bytes (raw-byte code points count one). */
export function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4; // a surrogate pair (text read from a file is well-formed)
      i++;
    } else if (c >= RAW_BYTE_BASE + 0x80 && c <= RAW_BYTE_BASE + 0xff) n += 1;
    else n += 3;
  }
  return n;
}

/** systemd's unit_name_unescape(): `-` → `/`, `\xNN` → that byte (a NUL ends the string); undefined when malformed. */
function unitNameUnescape(s: string): string | undefined {
  if (!s.includes('\\')) return s.replace(/-/g, '/');
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '-') bytes.push(0x2f);
    else if (c === '\\') {
      const hex = s.slice(i + 2, i + 4);
      if (s[i + 1] !== 'x' || !/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else bytes.push(c.charCodeAt(0));
  }
  const nul = bytes.indexOf(0);
  return bytesToText(nul >= 0 ? bytes.slice(0, nul) : bytes);
}

/** systemd's unit_name_path_unescape() (%f): `/` + the unescaped name, which must be a normalized path. */
function unitNamePathUnescape(s: string): string | undefined {
  if (s === '') return undefined;
  if (s === '-') return '/';
  const w = unitNameUnescape(s);
  if (w === undefined || w.startsWith('/') || w.endsWith('/')) return undefined;
  const p = '/' + w;
  const parts = w === '' ? [] : w.split('/');
  const normalized = !parts.some((x) => x === '' || x === '.' || x === '..' || byteLength(x) > 255) && byteLength(p) < 4096;
  return normalized ? p : undefined;
}

/** unit_name_is_hashed(): a plain name whose stem ends in `_` and 16 lower-case hex digits. */
function isHashedName(name: string): boolean {
  const dot = name.indexOf('.');
  return !name.includes('@') && dot >= 17 && /_[0-9a-f]{16}$/.test(name.slice(0, dot));
}

/** systemd's cg_escape() of a unit name (%c). */
function cgroupEscape(name: string, controllers: readonly string[]): string {
  const dot = name.lastIndexOf('.');
  const reserved =
    name === '' || name.startsWith('_') || name.startsWith('.') || ['notify_on_release', 'release_agent', 'tasks'].includes(name) ||
    name.startsWith('cgroup.') || (dot > 0 && controllers.includes(name.slice(0, dot)));
  return reserved ? `_${name}` : name;
}

/** The parts of the unit name that specifiers expand to (computed once per expansion, on first need). */
interface NameParts {
  /** Name without the type suffix. */
  readonly stem: string;
  readonly prefix: string;
  /** The instance as written, undefined for a non-instance name. */
  readonly instance: string | undefined;
}

function namePartsOf(unitName: string): NameParts {
  const name = parseUnitName(unitName);
  return { stem: unitName.slice(0, unitName.lastIndexOf('.')), prefix: name.prefix, instance: name.instance };
}

function lastComponent(prefix: string): string {
  const dash = prefix.lastIndexOf('-');
  return dash >= 0 ? prefix.slice(dash + 1) : prefix;
}

/** An XDG directory of the user scope: its variable, else the default under $HOME. */
const xdg = (set: string | undefined, host: HostFacts, rel: string): string => set ?? `${host.home}/${rel}`;

/** systemd's manager prefix directories (%C %E %L %S %t %D) per scope and release. */
function directory(letter: string, user: boolean, host: HostFacts, flavour: SpecifierFlavour): string {
  const state = (): string =>
    flavour.userStateIn === 'state' ? xdg(host.stateHome, host, '.local/state') : xdg(host.configHome, host, '.config');
  switch (letter) {
    case 'C': return user ? xdg(host.cacheHome, host, '.cache') : '/var/cache';
    case 'E': return user ? xdg(host.configHome, host, '.config') : '/etc';
    case 'L': return user ? `${state()}/log` : '/var/log';
    case 'S': return user ? state() : '/var/lib';
    case 'D': return user ? xdg(host.dataHome, host, '.local/share') : '/usr/share';
    default: return user ? host.runtimeDir : '/run';
  }
}

const dirname = (p: string): string => {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
};

/**
 * The value of specifier `letter`: a string (possibly empty), `undefined` for a letter that names no
 * specifier, `null` when its value cannot be computed. A switch rather than a table of closures:
 * expansion is on the scorer's hot path and most values are constants.
 */
function specifierValue(letter: string, ctx: SpecifierContext, parts: () => NameParts): string | undefined | null {
  const host = ctx.host ?? DEFAULT_HOST_FACTS;
  const flavour = ctx.flavour ?? DEFAULT_SPECIFIER_FLAVOUR;
  const user = ctx.scope === 'user';
  switch (letter) {
    case 'n': return ctx.unitName;
    case 'N': return parts().stem;
    case 'p': return parts().prefix;
    case 'P': return unitNameUnescape(parts().prefix) ?? null;
    case 'i': return parts().instance ?? '';
    case 'I': return unitNameUnescape(parts().instance ?? '') ?? null;
    case 'j': return lastComponent(parts().prefix);
    case 'J': return unitNameUnescape(lastComponent(parts().prefix)) ?? null;
    case 'f': {
      const p = parts();
      if (p.instance !== undefined) return unitNamePathUnescape(p.instance) ?? null;
      return isHashedName(ctx.unitName) ? null : unitNamePathUnescape(p.prefix) ?? null;
    }
    case 'y': return ctx.fragmentPath ?? `/etc/systemd/system/${ctx.unitName}`;
    case 'Y': return dirname(ctx.fragmentPath ?? `/etc/systemd/system/${ctx.unitName}`);
    // Deprecated cgroup specifiers: offline the manager's cgroup root is empty and no slice is set yet.
    case 'c': return `/${cgroupEscape(ctx.unitName, flavour.cgroupControllers)}`;
    case 'r': case 'R': return '';
    case 'C': case 'E': case 'L': case 'S': case 't': return directory(letter, user, host, flavour);
    case 'D': return flavour.extraLetters.includes('D') ? directory(letter, user, host, flavour) : undefined;
    case 'd': return `${directory('t', user, host, flavour)}/credentials/${ctx.unitName}`;
    case 'h': return host.home;
    case 's': return host.shell;
    case 'u': return host.userName;
    case 'U': return host.uid;
    case 'g': return host.groupName;
    case 'G': return host.gid;
    case 'T': return host.tmpDir;
    case 'V': return host.varTmpDir;
    case 'a': return host.architecture;
    case 'b': return host.bootId;
    case 'm': return host.machineId;
    case 'H': return host.hostname;
    case 'l': return host.hostname.split('.')[0]!;
    case 'q': return host.prettyHostname ?? host.hostname.split('.')[0]!;
    case 'v': return host.kernelRelease;
    case 'o': return host.osRelease.ID ?? '';
    case 'w': return host.osRelease.VERSION_ID ?? '';
    case 'W': return host.osRelease.VARIANT_ID ?? '';
    case 'A': return host.osRelease.IMAGE_VERSION ?? '';
    case 'B': return host.osRelease.BUILD_ID ?? '';
    case 'M': return host.osRelease.IMAGE_ID ?? '';
    default: return undefined;
  }
}

const ALPHANUMERIC = /^[A-Za-z0-9]$/;

/**
 * Expands `%` specifiers in `value`. Throws {@link SpecifierError} where systemd's expansion fails:
 * an unknown letter or digit, a value that cannot be computed, a result over `ctx.maxBytes`.
 */
export function expandSpecifiers(value: string, ctx: SpecifierContext): string {
  let out = value;
  if (value.includes('%')) {
    let cached: NameParts | undefined;
    const parts = (): NameParts => (cached ??= namePartsOf(ctx.unitName));
    out = '';
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      if (c !== '%') {
        out += c;
        continue;
      }
      const next = value[i + 1];
      if (next === undefined) {
        out += '%'; // a lone trailing '%' is kept
        break;
      }
      i++;
      if (next === '%') {
        out += '%';
        continue;
      }
      const expanded = specifierValue(next, ctx, parts);
      if (expanded === undefined) {
        if (ALPHANUMERIC.test(next)) throw new SpecifierError(value, next, 'unknown');
        out += '%' + next; // not a possible specifier: kept as written
      } else if (expanded === null) throw new SpecifierError(value, next, 'invalid');
      else out += expanded;
    }
  }
  if (ctx.maxBytes !== undefined && out.length * 3 > ctx.maxBytes && byteLength(out) > ctx.maxBytes) {
    throw new SpecifierError(value, `${ctx.maxBytes} bytes`, 'too-long');
  }
  return out;
}
