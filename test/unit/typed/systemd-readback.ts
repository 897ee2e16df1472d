/**
 * Read-back in a booted systemd: the units of accepted values are installed into a sandbox's
 * /etc/systemd/system (written through /proc/PID/root, one daemon-reload for all of them, nothing
 * started), then every unit's D-Bus properties are read as JSON — `busctl call … Properties GetAll`
 * for org.freedesktop.systemd1.Unit and the type's interface, one call each, all from one shell
 * loop. `busctl --json` gives the parsed values exactly (argv words, list elements), where
 * `systemctl show` joins lists with blanks and cannot be split back.
 *
 * Normalisers, per property type (what systemd stores vs. the unit syntax):
 * - `s` (Description=, WorkingDirectory=, User=, PIDFile=, …): the value itself; a path is compared
 *   after systemd's path_simplify() (`//` and `/./` collapsed: the same path); WorkingDirectory=-/x is
 *   held as `!/x`;
 * - `as` (Environment=, ReadWritePaths=, RuntimeDirectory=, PassEnvironment=, …): the list must be
 *   exactly the one element written; for dependency lists (After=, Wants=, …, which systemd extends
 *   with default dependencies) it must contain it;
 * - `a(sasbttttuii)` (Exec*=): the argv words must be the words our extractor reads (each `%%` → `%`;
 *   with the `|` prefix systemd holds `["sh", words…]`, the shell's name first);
 *   lines with other specifiers or `$VAR` substitutions are expanded by systemd: verify-only;
 * - everything else — numbers (times, sizes, modes, signals), structures (Listen*=, conditions,
 *   bind paths, credentials, timers), [Install] settings (not on D-Bus) — is verify-only: no read-back,
 *   the verify messages are the judgement (systemd-judge.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Sandbox, type SandboxSuite } from '../../support/sandbox';
import type { JudgedCase } from './systemd-judge';
import { extractWords, UNQUOTE_CUNESCAPE } from '../../../lib/unit/values/words';
import { splitPrefixes } from '../../../lib/unit/values/command-line';
import { SECTIONS, type SectionName } from '../../../lib/unit/catalog';

/** Figures of one read-back run. */
export interface ReadBackResult {
  /** Values whose property was read and compared exactly. */
  readonly compared: number;
  /** Values of kinds that have no exact read-back (judged by verify only). */
  readonly verifyOnly: number;
  /** One line per value read back differently. */
  readonly different: string[];
}

/** D-Bus JSON of one property, as busctl prints it. */
interface DbusValue {
  readonly type: string;
  readonly data: unknown;
}

const DEPENDENCY_LISTS = new Set(['Wants', 'Requires', 'Requisite', 'BindsTo', 'PartOf', 'Upholds', 'Conflicts', 'Before', 'After', 'OnFailure', 'OnSuccess', 'PropagatesReloadTo', 'ReloadPropagatedFrom', 'PropagatesStopTo', 'StopPropagatedFrom', 'JoinsNamespaceOf', 'RequiresMountsFor']);
const PATH_KINDS = new Set(['path', 'search-path']);
const INTERFACE: Readonly<Record<string, string>> = { service: 'Service', socket: 'Socket', timer: 'Timer' };

/** bus_label_escape(): the object path label of a unit name. */
function busLabel(unit: string): string {
  return [...Buffer.from(unit, 'utf8')].map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `_${b.toString(16).padStart(2, '0')}`)).join('');
}

/** path_simplify() for comparing paths: `//` and `/./` collapsed, no trailing `/`. */
function simplify(p: string): string {
  const prefix = /^[-+!~@:]*/.exec(p)![0];
  const rest = p.slice(prefix.length).replace(/\/(\.\/)+/g, '/').replace(/\/{2,}/g, '/').replace(/\/\.$/, '/');
  return prefix + (rest.length > 1 ? rest.replace(/\/$/, '') : rest);
}

/** Compares one case with the unit's properties; returns why it differs, 'verify-only', or undefined (equal). */
function compare(c: JudgedCase, props: ReadonlyMap<string, DbusValue>): string | 'verify-only' | undefined {
  const { section, key } = c.field;
  if (section === 'Install' || c.value === '') return 'verify-only';
  const p = props.get(key);
  if (!p) return 'verify-only';
  const kindName = (SECTIONS[section as SectionName] as Record<string, { kind: { name: string } }>)[key]!.kind.name;
  if (p.type === 's') {
    // Plain strings in the typed model are literal: a '%' was written '%%' and systemd reads back '%'.
    const want = PATH_KINDS.has(kindName) ? simplify(c.value) : c.value;
    // WorkingDirectory=-/x (missing is fine) is held as "!/x" on D-Bus.
    const held = key === 'WorkingDirectory' ? String(p.data).replace(/^!/, '-') : String(p.data);
    const got = PATH_KINDS.has(kindName) ? simplify(held) : held;
    return got === want ? undefined : `${section}.${key}=${JSON.stringify(c.value)}: systemd holds ${JSON.stringify(p.data)}`;
  }
  if (p.type === 'as') {
    const list = p.data as string[];
    const want = PATH_KINDS.has(kindName) ? simplify(c.value) : c.value;
    const got = PATH_KINDS.has(kindName) ? list.map(simplify) : list;
    if (DEPENDENCY_LISTS.has(key)) return got.includes(want) ? undefined : `${section}.${key}=${JSON.stringify(c.value)}: systemd holds ${JSON.stringify(list)}`;
    return got.length === 1 && got[0] === want ? undefined : `${section}.${key}=${JSON.stringify(c.value)}: systemd holds ${JSON.stringify(list)}`;
  }
  if (p.type === 'a(sasbttttuii)') {
    if (/%[^%]/.test(c.value.replace(/%%/g, '')) || c.value.includes('$')) return 'verify-only';
    const { prefixes, rest } = splitPrefixes(c.value);
    const words = extractWords(rest, UNQUOTE_CUNESCAPE).words.map((w) => w.replace(/%%/g, '%'));
    const want = prefixes.includes('@') ? words.slice(1) : words;
    const entries = p.data as Array<[string, string[]]>;
    // With '|' (258+) systemd runs the words through the user's shell: it holds argv ["sh", words…].
    const argv = prefixes.includes('|') ? entries[0]?.[1].slice(1) : entries[0]?.[1];
    // Exactly one command: a value must not have become two (a smuggled line or a ';' separator).
    if (entries.length !== 1) return `${section}.${key}=${JSON.stringify(c.value)}: systemd holds ${entries.length} commands`;
    return argv && JSON.stringify(argv) === JSON.stringify(want) ? undefined : `${section}.${key}=${JSON.stringify(c.value)}: systemd holds argv ${JSON.stringify(argv)}`;
  }
  return 'verify-only';
}

/** Shell loop run inside the sandbox: one busctl GetAll per unit and interface, `UNIT\tIFACE\tJSON` lines. */
const READ_ALL = [
  'while read -r unit label iface; do',
  '  for i in Unit "$iface"; do',
  '    printf "%s\\t%s\\t" "$unit" "$i"',
  '    busctl call org.freedesktop.systemd1 "/org/freedesktop/systemd1/unit/$label" org.freedesktop.DBus.Properties GetAll s "org.freedesktop.systemd1.$i" --json=short || echo "{}"',
  '  done',
  'done',
].join('\n');

/** Installs `cases` in a booted `suite`, reads every property back and compares. Boots and powers off the sandbox. */
export function readBackCases(suite: SandboxSuite, cases: readonly JudgedCase[], instance = `inj-${suite}`): ReadBackResult {
  if (cases.length === 0) return { compared: 0, verifyOnly: 0, different: [] };
  const box = Sandbox.up(suite, instance);
  try {
    const root = `/proc/${box.initPid()}/root/etc/systemd/system`;
    for (const c of cases) {
      fs.writeFileSync(path.join(root, c.unit), c.text);
      if (c.field.kind !== 'service') fs.writeFileSync(path.join(root, `j${c.id}.service`), '[Service]\nExecStart=/bin/true\n');
    }
    const reload = box.exec(['systemctl', 'daemon-reload']);
    if (reload.status !== 0) throw new Error(`daemon-reload failed: ${reload.stderr}`);
    const input = cases.map((c) => `${c.unit} ${busLabel(c.unit)} ${INTERFACE[c.field.kind]}`).join('\n') + '\n';
    const r = box.sh(READ_ALL, input);
    const props = new Map<string, Map<string, DbusValue>>();
    for (const line of r.stdout.split('\n')) {
      const [unit, , json] = line.split('\t');
      if (!unit || !json) continue;
      const parsed = JSON.parse(json) as { data?: Array<Record<string, DbusValue>> };
      const m = props.get(unit) ?? new Map<string, DbusValue>();
      for (const [k, v] of Object.entries(parsed.data?.[0] ?? {})) if (!m.has(k)) m.set(k, v);
      props.set(unit, m);
    }
    let compared = 0;
    let verifyOnly = 0;
    const different: string[] = [];
    for (const c of cases) {
      const m = props.get(c.unit);
      if (!m || m.size === 0) {
        different.push(`${c.unit}: no properties read back (${c.field.section}.${c.field.key}=${JSON.stringify(c.value)})`);
        continue;
      }
      const verdict = compare(c, m);
      if (verdict === 'verify-only') verifyOnly++;
      else if (verdict === undefined) compared++;
      else different.push(verdict);
    }
    return { compared, verifyOnly, different };
  } finally {
    box.down();
  }
}
