/**
 * Two loads of the same unit names in one booted systemd, compared property by property: the files
 * of the "before" side (unit file and drop-in folders) are written into the sandbox's
 * /etc/systemd/system through /proc/PID/root, one daemon-reload, then every property of
 * org.freedesktop.systemd1.Unit and of the type's interface (.Service, .Socket, .Timer) is read
 * with one `busctl … GetAll --json` per unit and interface, all from one shell loop; the files are
 * removed, the "after" side is written under the SAME names and folder, reloaded and read the same
 * way. Nothing is started. The verdict is systemd's own parse, defaults and derived dependencies —
 * not our reading of the files.
 *
 * Pairs whose names (or drop-in folders) clash go to separate rounds (two reloads each), all in one
 * boot per release. A template is read through one instance of it; a unit whose namesake runs in the
 * sandbox (journald, dbus) is reported as not compared; the sandbox's own timers are stopped first.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Sandbox, type SandboxSuite } from './sandbox';

/** Files of one side of a pair: the unit file and the drop-in folders to place beside it. */
export interface UnitFiles {
  /** Host path of the unit file (copied as the pair's unit name). */
  readonly file: string;
  /** Host paths of drop-in folders, copied under their own base name (e.g. `web.service.d`, `web-.service.d`). */
  readonly dropInDirs: readonly string[];
}

/** Two versions of one unit, to be read by systemd under the same name. */
export interface LoadPair {
  readonly id: string;
  readonly unitName: string;
  readonly kind: 'service' | 'socket' | 'timer';
  readonly before: UnitFiles;
  readonly after: UnitFiles;
  /** Extra properties allowed to differ for this pair (e.g. DropInPaths when drop-ins were merged). */
  readonly ignore?: readonly string[];
}

/** systemd's verdict on one pair. */
export interface PairVerdict {
  /** Properties read on each side (both interfaces). */
  readonly properties: number;
  /** `Interface.Property: before → after`, one per differing property; empty when equal. */
  readonly differences: string[];
  /**
   * Set when the pair was not compared: the sandbox's own service or socket of that name is running
   * (journald, dbus), so its live counters (CPUUsageNSec…) move by themselves between the two reads.
   */
  readonly notCompared?: string;
}

/**
 * Properties that differ between two loads of the same unit without any change in what it does.
 * Kept minimal: with the same names in the same folder and nothing started, everything else —
 * FragmentPath, SourcePath, DropInPaths (by file name), names, dependencies, the other timestamps
 * (0), InvocationID (empty) — must be identical, and is compared. Lists whose order systemd does not
 * keep are compared as sets instead (see SETS, ORDER_FREE); a pair may add its own entries
 * (DropInPaths when drop-ins were merged).
 */
export const DIFFERING_BETWEEN_LOADS: ReadonlySet<string> = new Set([
  // The time of the unit's last state change: our loads start nothing, but the sandbox's own jobs may
  // touch a unit of the same name between the two reads (seen on 257: systemd-fsckd.socket and
  // .service, 0 → set while staying inactive). The states themselves (LoadState, ActiveState,
  // SubState) and every other timestamp are compared.
  'Unit.StateChangeTimestamp',
  'Unit.StateChangeTimestampMonotonic',
]);

/**
 * Dependency and name lists: systemd keeps them in hash sets, so their order changes from one load
 * to the next; they are compared as sets (sorted).
 */
const SETS: ReadonlySet<string> = new Set(
  ['Names', 'Requires', 'Requisite', 'Wants', 'BindsTo', 'PartOf', 'Upholds', 'RequiredBy', 'RequisiteOf', 'WantedBy', 'BoundBy', 'UpheldBy', 'ConsistsOf', 'Conflicts', 'ConflictedBy', 'Before', 'After', 'OnSuccess', 'OnSuccessOf', 'OnFailure', 'OnFailureOf', 'Triggers', 'TriggeredBy', 'PropagatesReloadTo', 'ReloadPropagatedFrom', 'PropagatesStopTo', 'StopPropagatedFrom', 'JoinsNamespaceOf', 'SliceOf', 'RequiresMountsFor', 'WantsMountsFor', 'References', 'ReferencedBy'].map((p) => `Unit.${p}`),
);

/**
 * Conditions and assertions: systemd tests every one of them (all plain ones must hold, one of the
 * `|` ones), so their order does not change the outcome; our renderer writes directives in catalog
 * order (ConditionPathExists= before ConditionPathIsReadWrite=), which reorders the list systemd
 * holds. Compared as multisets.
 */
const ORDER_FREE: ReadonlySet<string> = new Set([
  'Unit.Conditions',
  'Unit.Asserts',
  // Credentials are kept in hash maps keyed by id (the order changes from one load to the next:
  // systemd-firstboot.service); an id set twice keeps one entry, so the multiset is the meaning.
  'Service.LoadCredential',
  'Service.LoadCredentialEncrypted',
  'Service.SetCredential',
  'Service.SetCredentialEncrypted',
  'Service.ImportCredential',
]);

/** D-Bus JSON of one property, as busctl prints it. */
interface DbusValue {
  readonly type: string;
  readonly data: unknown;
}

const INTERFACE: Readonly<Record<LoadPair['kind'], string>> = { service: 'Service', socket: 'Socket', timer: 'Timer' };

/** bus_label_escape(): the object path label of a unit name. */
export function busLabel(unit: string): string {
  return [...Buffer.from(unit, 'utf8')].map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `_${b.toString(16).padStart(2, '0')}`)).join('');
}

/** Shell loop run inside the sandbox: one busctl GetAll per unit and interface, `UNIT\tIFACE\tJSON` lines. */
const READ_ALL = [
  'while read -r unit label iface; do',
  '  for i in Unit "$iface"; do',
  '    printf "%s\\t%s\\t" "$unit" "$i"',
  '    busctl call org.freedesktop.systemd1 "/org/freedesktop/systemd1/unit/$label" org.freedesktop.DBus.Properties GetAll s "org.freedesktop.systemd1.$i" --json=short 2>/dev/null || echo "{}"',
  '  done',
  'done',
].join('\n');

/**
 * The value compared: sets and order-free lists sorted; DropInPaths by file name, since the import
 * moves a prefix drop-in (`web-.service.d/50-common.conf`) into the unit's own folder
 * (`web-api.service.d/50-common.conf`) and systemd orders drop-ins by file name across folders.
 */
function normalise(key: string, v: DbusValue): DbusValue {
  if (!Array.isArray(v.data)) return v;
  if (SETS.has(key)) return { ...v, data: [...(v.data as string[])].sort() };
  if (ORDER_FREE.has(key)) return { ...v, data: (v.data as unknown[]).map((x) => JSON.stringify(x)).sort() };
  if (key === 'Unit.DropInPaths') return { ...v, data: (v.data as string[]).map((p) => path.basename(p)) };
  return v;
}

/**
 * The name systemd loads: a template (`getty@.service`) cannot be loaded, so one instance of it
 * (`getty@roundtrip.service`) is, the same on both sides.
 */
export function loadedName(unitName: string): string {
  return unitName.replace(/@\.(service|socket|timer)$/, '@roundtrip.$1');
}

/** Splits pairs into rounds in which every target name (unit file, drop-in folder) has one source. */
function rounds(pairs: readonly LoadPair[]): LoadPair[][] {
  const out: Array<{ pairs: LoadPair[]; names: Map<string, string> }> = [];
  const targets = (p: LoadPair): Array<[string, string]> => [
    [p.unitName, `${p.before.file}\0${p.after.file}`],
    ...[...p.before.dropInDirs, ...p.after.dropInDirs].map((d): [string, string] => [path.basename(d), d]),
  ];
  for (const p of pairs) {
    const mine = targets(p);
    // A unit name twice is always a clash (two versions of one unit); a shared folder only if it comes from elsewhere.
    let round = out.find((r) => mine.every(([name, from]) => !r.names.has(name) || (r.names.get(name) === from && !name.endsWith(`.${p.kind}`))));
    if (!round) out.push((round = { pairs: [], names: new Map() }));
    round.pairs.push(p);
    for (const [name, from] of mine) round.names.set(name, from);
  }
  return out.map((r) => r.pairs);
}

/** Writes one side of every pair into `unitDir`; returns the paths written (files first, then folders created). */
function writeSide(unitDir: string, pairs: readonly LoadPair[], side: 'before' | 'after'): string[] {
  const written: string[] = [];
  for (const p of pairs) {
    const files = p[side];
    const to = path.join(unitDir, p.unitName);
    // An alias symlink of the sandbox's own (dbus-org.….service) must not be written through.
    fs.rmSync(to, { force: true });
    fs.copyFileSync(files.file, to);
    written.push(to);
    for (const dir of files.dropInDirs) {
      const target = path.join(unitDir, path.basename(dir));
      if (!fs.existsSync(target)) {
        fs.mkdirSync(target);
        written.push(target);
      }
      for (const f of fs.readdirSync(dir)) {
        const dest = path.join(target, f);
        fs.rmSync(dest, { force: true });
        fs.copyFileSync(path.join(dir, f), dest);
        written.push(dest);
      }
    }
  }
  return written;
}

/** Reads both interfaces of every pair's unit: unit name → `Interface.Property` → JSON text. */
function readAll(box: Sandbox, pairs: readonly LoadPair[]): Map<string, Map<string, string>> {
  const reload = box.exec(['systemctl', 'daemon-reload']);
  if (reload.status !== 0) throw new Error(`daemon-reload failed in ${box.suite}: ${reload.stderr}`);
  const input = pairs.map((p) => `${loadedName(p.unitName)} ${busLabel(loadedName(p.unitName))} ${INTERFACE[p.kind]}`).join('\n') + '\n';
  const r = box.sh(READ_ALL, input);
  if (r.status !== 0) throw new Error(`busctl loop failed in ${box.suite}: ${r.stderr}`);
  const props = new Map<string, Map<string, string>>();
  for (const line of r.stdout.split('\n')) {
    const [unit, iface, json] = line.split('\t');
    if (!unit || !iface || !json) continue;
    const parsed = JSON.parse(json) as { data?: Array<Record<string, DbusValue>> };
    const m = props.get(unit) ?? new Map<string, string>();
    for (const [k, v] of Object.entries(parsed.data?.[0] ?? {})) {
      const key = `${iface}.${k}`;
      m.set(key, JSON.stringify(normalise(key, v)));
    }
    props.set(unit, m);
  }
  return props;
}

/** Compares two property maps; returns the differences, ignored properties left out. */
function diff(before: ReadonlyMap<string, string> | undefined, after: ReadonlyMap<string, string> | undefined, ignore: ReadonlySet<string>): string[] {
  if (!before || before.size === 0 || !after || after.size === 0) return [`no properties read (before ${before?.size ?? 0}, after ${after?.size ?? 0})`];
  const out: string[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (ignore.has(key) || ignore.has(key.slice(key.indexOf('.') + 1))) continue;
    const [b, a] = [before.get(key), after.get(key)];
    if (b !== a) out.push(`${key}: ${(b ?? '(absent)').slice(0, 200)} → ${(a ?? '(absent)').slice(0, 200)}`);
  }
  return out;
}

/**
 * Boots `suite` once, loads each pair's two sides under the same name and compares every property
 * systemd holds for the unit. Returns one verdict per pair id. Powers the sandbox off.
 */
export function compareLoads(suite: SandboxSuite, pairs: readonly LoadPair[], instance = `loads-${suite}`): Map<string, PairVerdict> {
  const verdicts = new Map<string, PairVerdict>();
  if (pairs.length === 0) return verdicts;
  const box = Sandbox.up(suite, instance);
  try {
    const unitDir = `/proc/${box.initPid()}/root/etc/systemd/system`;
    // Boot finished: no start job (an enabled timer) may run after ours stopped it.
    box.exec(['systemctl', 'is-system-running', '--wait']);
    for (const round of rounds(pairs)) {
      // The sandbox's own timers of these names (apt-daily.timer, fstrim.timer…) run and re-draw their
      // next elapse on each reload: stop them first (nothing needs a timer running). Services and
      // sockets that run there (journald, dbus) are left alone and reported as not compared.
      const timers = round.filter((p) => p.kind === 'timer').map((p) => loadedName(p.unitName));
      // One by one: systemctl stops none of them when one name cannot be loaded (a template's instance, not written yet).
      if (timers.length > 0) box.exec(['sh', '-c', 'for u; do systemctl stop "$u" 2>/dev/null || :; done', 'sh', ...timers]);
      const read = (side: 'before' | 'after'): Map<string, Map<string, string>> => {
        const written = writeSide(unitDir, round, side);
        try {
          return readAll(box, round);
        } finally {
          // Files first, then the folders this side created (deepest last written → first removed).
          for (const f of written.reverse()) fs.rmSync(f, { recursive: true, force: true });
        }
      };
      const before = read('before');
      const after = read('after');
      for (const p of round) {
        const [b, a] = [before.get(loadedName(p.unitName)), after.get(loadedName(p.unitName))];
        const properties = b?.size ?? 0;
        const state = [b?.get('Unit.ActiveState'), a?.get('Unit.ActiveState')].filter((s) => s !== undefined && !s.includes('"inactive"'));
        if (state.length > 0) {
          verdicts.set(p.id, { properties, differences: [], notCompared: `running in the ${suite} sandbox (${state[0]})` });
          continue;
        }
        const ignore = new Set([...DIFFERING_BETWEEN_LOADS, ...(p.ignore ?? [])]);
        verdicts.set(p.id, { properties, differences: diff(b, a, ignore) });
      }
    }
    return verdicts;
  } finally {
    box.down();
  }
}
