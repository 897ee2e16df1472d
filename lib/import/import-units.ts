/**
 * `importUnits()`: unit files → a TypeScript module declaring them as constructs (SystemdService,
 * SystemdTimer and SystemdSocket linked to their service, SystemdDropIn), meaning unchanged: typed
 * settings where the typed form reads back exactly, raw `extra` entries (with the reason) otherwise,
 * no preset, and a budget that keeps each service's exposure of today.
 */
import * as fs from 'node:fs';
import { assessUnit, DEFAULT_RELEASE, formatExposure, type SystemdRelease } from '../exposure';
import { activatedService, ImportError, planUnit, type PlannedUnit } from './plan';
import { emitModule, type EmitUnit } from './emit';
import { suggestHardening } from './suggest';

export { ImportError } from './plan';

/** Options of {@link importUnits}. */
export interface ImportOptions {
  /** Id of the host the module declares when run directly. @default 'host' */
  readonly hostId?: string;
  /** systemd release of that host, used for the budgets and suggestions. @default the newest supported */
  readonly systemd?: SystemdRelease;
  /** Merge each unit's drop-ins into it instead of declaring them as SystemdDropIn. @default false */
  readonly mergeDropIns?: boolean;
  /** Add the hardened variant of each service as a comment block. @default false */
  readonly suggest?: boolean;
  /** Module the generated code imports the constructs from. @default 'cdktf-systemd' */
  readonly moduleSpecifier?: string;
  /** Name of the exported function. @default 'declareImportedUnits' */
  readonly functionName?: string;
  /** `throw` (default): the first file that cannot be imported throws; `skip`: it is listed in `skipped`. */
  readonly onError?: 'throw' | 'skip';
}

/** One unit the module declares. */
export interface ImportedUnit {
  readonly file: string;
  readonly unitName: string;
  readonly kind: 'service' | 'socket' | 'timer';
  /** Drop-in files declared as SystemdDropIn (empty when merged). */
  readonly dropInFiles: readonly string[];
  /** Settings kept as raw entries, as `Section.Key`. */
  readonly rawSettings: readonly string[];
}

/** Result of {@link importUnits}. */
export interface ImportResult {
  /** The TypeScript module. */
  readonly text: string;
  readonly units: readonly ImportedUnit[];
  /** Files not imported (with `onError: 'skip'`), each with the reason. */
  readonly skipped: readonly ImportError[];
  /** Alias files (symlinks) whose unit is declared once, under its target's name. */
  readonly aliases: ReadonlyArray<{ readonly file: string; readonly unitName: string }>;
}

/** A variable name for a unit: camelCase of its name, made unique. */
function variableName(unitName: string, taken: Set<string>): string {
  const parts = unitName.replace(/@/g, ' template ').split(/[^A-Za-z0-9]+/).filter(Boolean);
  let base = parts.map((p, i) => (i === 0 ? p.toLowerCase() : p[0]!.toUpperCase() + p.slice(1))).join('') || 'unit';
  if (/^[0-9]/.test(base)) base = `unit${base}`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}

/** The budget that keeps a service's exposure of today on `release`, offline and live. */
function keepBudget(u: PlannedUnit, release: SystemdRelease): { value: number; comment: string } {
  const unit = { name: u.unitName, document: u.document };
  const offline = assessUnit(unit, { release }).exposure;
  const live = assessUnit(unit, { release, mode: 'live' }).exposure;
  const worst = Math.max(offline, live);
  return {
    value: worst / 10,
    comment: `its exposure today on systemd ${release}: ${formatExposure(offline)} offline, ${formatExposure(live)} live${u.dropIns.length > 0 ? ' (without its drop-ins)' : ''}; this budget keeps it — lower it as you harden the service`,
  };
}

/** Imports unit files (with the drop-ins beside them) into one TypeScript module. */
export function importUnits(files: readonly string[], options: ImportOptions = {}): ImportResult {
  const release = options.systemd ?? DEFAULT_RELEASE;
  const skipped: ImportError[] = [];
  const fail = (err: unknown, file: string): void => {
    const e = err instanceof ImportError ? err : new ImportError(file, err instanceof Error ? err.message : String(err));
    if (options.onError !== 'skip') throw e;
    skipped.push(e);
  };
  const planned: PlannedUnit[] = [];
  const aliases: Array<{ file: string; unitName: string }> = [];
  const byRealPath = new Map<string, PlannedUnit>();
  // Targets before aliases: a unit is declared under its own name, its aliases noted there.
  const ordered0 = [...files].sort((a, b) => Number(isSymlink(a)) - Number(isSymlink(b)));
  for (const file of ordered0) {
    try {
      const real = fs.realpathSync(file);
      const known = byRealPath.get(real);
      if (known) {
        known.notes.push(`alias: ${file}`);
        aliases.push({ file, unitName: known.unitName });
        continue;
      }
      const p = planUnit(file, options.mergeDropIns ? { mergeDropIns: true } : {});
      if (planned.some((q) => q.unitName === p.unitName)) throw new ImportError(file, `${p.unitName} is already imported from another file`);
      byRealPath.set(real, p);
      planned.push(p);
    } catch (err) {
      fail(err, file);
    }
  }
  const services = new Map(planned.filter((p) => p.kind === 'service').map((p) => [p.unitName, p]));
  const activators = new Map<string, PlannedUnit[]>();
  const kept = planned.filter((p) => {
    if (p.kind === 'service') return true;
    const target = activatedService(p);
    if (!services.has(target)) {
      fail(new ImportError(p.file, `it starts ${target}, which is not among the files imported: import them together (a ${p.kind} is declared linked to its service)`), p.file);
      return false;
    }
    p.activates = target;
    activators.set(target, [...(activators.get(target) ?? []), p]);
    return true;
  });
  const taken = new Set(['host', 'app', 'stack']);
  const variables = new Map([...activators.keys()].map((s) => [s, variableName(s, taken)]));
  // Services first, each followed by its activators: an activator needs its service's variable.
  const ordered = kept.filter((p) => p.kind === 'service').flatMap((s) => [s, ...(activators.get(s.unitName) ?? [])]);
  const emitUnits: EmitUnit[] = ordered.map((p) => {
    if (p.kind !== 'service') return { plan: p, serviceVariable: variables.get(p.activates!)! };
    const variable = variables.get(p.unitName);
    const socketActivated = (activators.get(p.unitName) ?? []).some((a) => a.kind === 'socket');
    const full = p.dropIns.length > 0 ? planUnit(p.file, { mergeDropIns: true }).document : p.document;
    return {
      plan: p,
      ...(variable ? { variable } : {}),
      budget: keepBudget(p, release),
      ...(options.suggest ? { before: suggestHardening(p.unitName, full, release, socketActivated) } : {}),
    };
  });
  const hostId = options.hostId ?? 'host';
  const text = emitModule(emitUnits, {
    moduleSpecifier: options.moduleSpecifier ?? 'cdktf-systemd',
    functionName: options.functionName ?? 'declareImportedUnits',
    hostId,
    systemd: release,
    header: [
      `Generated by \`cdktf-systemd import\` from ${files.length} file${files.length === 1 ? '' : 's'}${options.mergeDropIns ? ' (drop-ins merged)' : ''}.`,
      'Meaning unchanged: no preset is applied, and settings the typed model cannot hold exactly stay raw in `extra`, each with the reason.',
      ...(skipped.length > 0 ? ['Not imported:', ...skipped.map((s) => `  ${s.message}`)] : []),
    ],
  });
  return {
    text,
    units: ordered.map((p) => ({
      file: p.file,
      unitName: p.unitName,
      kind: p.kind,
      dropInFiles: p.dropIns.map((d) => d.file),
      rawSettings: [...p.converted.sections, ...p.dropIns.flatMap((d) => d.converted.sections)].flatMap((s) => s.raw.map((r) => `${s.name}.${r.key}`)),
    })),
    skipped,
    aliases,
  };
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
