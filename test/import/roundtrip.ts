/**
 * The import round trip, shared by scripts/import-roundtrip.ts and the CI test: unit files → one
 * TypeScript module per source folder (importUnits) → all modules type-checked by ONE strict
 * TypeScript program → each module run against the library, its units rendered as synth renders
 * them (`unit.text`, drop-ins at their install path) → the real systemd-analyze of each release
 * scores original and synthesized files (`security --offline=true --json=short`, same checks and
 * exposure), `verify` finds no new message, our own typed reading of the merged documents agrees,
 * and — for every kind, sockets and timers included, which security does not score — a booted
 * systemd of each release loads original and synthesized files under the same names and holds the
 * same value for every D-Bus property of the unit (test/support/unit-properties.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import * as lib from '../../lib';
import { importUnits, type ImportOptions } from '../../lib/import';
import { dropInFolderNames, loadUnitFile } from '../../lib/unit/load';
import { fromDocument } from '../../lib/unit/typed';
import { parseUnitName } from '../../lib/unit/unit-name';
import { runOracle, runOracleCommand, type OracleResult, type OracleSuite } from '../support/oracle';
import { SANDBOX_SUITES, type SandboxSuite } from '../support/sandbox';
import { compareLoads, type LoadPair, type PairVerdict } from '../support/unit-properties';

const REPO = path.resolve(__dirname, '../..');

/** One folder of unit files imported as one module. */
export interface SourceGroup {
  readonly id: string;
  readonly files: readonly string[];
  /** Import options of this group (default: the round trip's). */
  readonly import?: ImportOptions;
}

/** What happened to one unit file. */
export interface UnitOutcome {
  readonly group: string;
  readonly file: string;
  readonly unitName?: string;
  readonly kind?: string;
  imported: boolean;
  compiled: boolean;
  synthesized: boolean;
  /** Synthesized file (and drop-ins beside it). */
  synthFile?: string;
  /** Drop-in files declared as SystemdDropIn, and settings kept raw (`extra`). */
  dropIns?: number;
  rawSettings?: number;
  /** Copy of the original with its drop-in folders, beside the other originals of its group only. */
  original?: string;
  /** Per release: true when the oracle reads the synthesized unit as the original. */
  readonly equal: Record<string, boolean>;
  /** Our typed reading of both merged documents agrees. */
  sameReading?: boolean;
  /** Per verify suite: no message that the original did not have. */
  readonly verifyClean: Record<string, boolean>;
  /**
   * Per booted sandbox suite: true when systemd holds the same value for every property of the
   * synthesized unit as of the original; absent when not compared (see `notLoaded`).
   */
  readonly sameLoad: Record<string, boolean>;
  /** Per booted sandbox suite: why the unit was not compared (its own unit runs in the sandbox). */
  readonly notLoaded: Record<string, string>;
  readonly problems: string[];
}

/** Options of {@link roundTrip}. */
export interface RoundTripOptions {
  /** Scratch folder for modules and synthesized units (emptied first). */
  readonly work: string;
  readonly suites: readonly OracleSuite[];
  readonly import?: ImportOptions;
  /** Run `systemd-analyze verify` of these suites (none: skip). */
  readonly verifySuites?: readonly OracleSuite[];
  /** Load originals and synthesized units in a booted sandbox of these suites and compare all properties (none: skip). */
  readonly loadSuites?: readonly SandboxSuite[];
  /**
   * Extra pairs loaded in the same boots (negative controls), built once the units are synthesized;
   * their verdicts are handed to `verdicts`, per suite.
   */
  readonly loadControls?: {
    readonly pairs: (synthesized: readonly UnitOutcome[]) => LoadPair[];
    readonly verdicts: (suite: SandboxSuite, verdicts: ReadonlyMap<string, PairVerdict>) => void;
  };
}

const KIND = /\.(service|socket|timer)$/;

/** Service, socket and timer files of a folder (not recursing into drop-in folders). */
export function unitFilesOf(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => KIND.test(f))
    .map((f) => path.join(dir, f))
    .filter((f) => fs.existsSync(f) && fs.statSync(f).isFile())
    .sort();
}

/** Type-checks all modules with one strict program; returns the error messages per module file. */
export function compileModules(files: readonly string[]): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noImplicitReturns: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [path.join(REPO, 'node_modules/@types')],
    baseUrl: REPO,
    paths: { 'cdktf-systemd': ['lib/index.ts'] },
  };
  const program = ts.createProgram([...files], options);
  const errors = new Map<string, string[]>(files.map((f) => [path.resolve(f), []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? path.resolve(d.file.fileName) : undefined;
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    // An error in the library itself (another helper's work in progress) is not the module's.
    if (file && errors.has(file)) errors.get(file)!.push(where + text);
    else if (!file) for (const list of errors.values()) list.push(text);
  }
  return errors;
}

/** Runs a generated module against this library; returns its units (unit name → text, install path). */
function runModule(source: string, synthTo?: string): Array<{ unitName: string; installPath: string; text: string }> {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const mod = { exports: {} as Record<string, unknown> };
  const req = (id: string): unknown => (id === 'cdktf-systemd' ? lib : require(id));
  new Function('exports', 'require', 'module', js)(mod.exports, req, mod);
  const declare = mod.exports.declareImportedUnits as (host: lib.SystemdHost) => void;
  const app = new lib.App(synthTo ? { outdir: synthTo } : {});
  const stack = new lib.SystemdStack(app, 'roundtrip');
  const host = new lib.SystemdHost(stack, 'h', { target: { type: 'local' } });
  declare(host);
  if (synthTo) app.synth();
  return host.node.findAll().filter((c): c is lib.SystemdUnit => c instanceof lib.SystemdUnit).map((u) => ({ unitName: u.unitName, installPath: u.installPath, text: u.text }));
}

/**
 * Runs a generated module through a real cdktf synth into `outdir` (validations, budgets, reports);
 * returns the unit files written under `stacks/roundtrip/units/h/`, by install path.
 */
export function synthWithApp(source: string, outdir: string): Map<string, string> {
  runModule(source, outdir);
  const root = path.join(outdir, 'stacks/roundtrip/units/h');
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(path.relative(root, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return out;
}

/** Our typed reading of a unit with its drop-ins (order-free JSON), for units security does not score. */
export function reading(file: string): string {
  const unit = loadUnitFile(file);
  const kind = parseUnitName(path.basename(file)).type as 'service' | 'socket' | 'timer';
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sorted(x)])) : v;
  return JSON.stringify(sorted(fromDocument(unit.document, { kind, keepResets: true }).model));
}

/** The oracle's verdicts as comparable text (file paths left out). */
export function verdict(r: OracleResult): string {
  if ('error' in r) return `error`;
  return JSON.stringify([r.unit, r.exposure, r.level, r.checks.map((c) => [c.jsonField, c.set, c.exposure, c.badness, c.weight, c.range])]);
}

/** `systemd-analyze verify` messages per unit name, paths and line numbers left out. */
function verifyMessages(suite: OracleSuite, files: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < files.length; i += 200) {
    const r = runOracleCommand(suite, ['verify', '--man=no', ...files.slice(i, i + 200)]);
    for (const line of r.stderr.split('\n')) {
      const m = /^(?:\S*\/)?([^/\s:]+\.(?:service|socket|timer))(?::\d+)?: (.*)$/.exec(line.trim());
      if (!m) continue;
      // Which missing neighbour (a target outside the imported set) a job fails on first depends on
      // the order of dependencies, not on their set (compared by our typed reading): one message.
      const msg = m[2]!.replace(/^(Failed to create \S+: Unit )\S+( not found\.)$/, '$1…$2').replace(/\/tmp\/oracle\.[^/]+\/\d+\//g, '').replace(/\/\S+\/(\S+\.(service|socket|timer|conf))/g, '$1');
      out.set(m[1]!, [...(out.get(m[1]!) ?? []), msg]);
    }
  }
  return out;
}

/**
 * Runs a group's module and writes its units under `dir`. A construct that throws stops the module:
 * then each unit is imported and run alone (with its service, for an activator), so that one
 * failure names its own file only. Returns the unit names written.
 */
function synthesizeGroup(text: string, outcomes: readonly UnitOutcome[], dir: string, options: ImportOptions): Set<string> {
  const write = (units: ReturnType<typeof runModule>): void => {
    for (const u of units) {
      fs.mkdirSync(path.dirname(path.join(dir, u.installPath)), { recursive: true });
      fs.writeFileSync(path.join(dir, u.installPath), u.text);
    }
  };
  try {
    const units = runModule(text);
    write(units);
    return new Set(units.map((u) => u.unitName));
  } catch {
    // fall through: one unit at a time
  }
  const done = new Set<string>();
  const byName = new Map(outcomes.filter((o) => o.unitName).map((o) => [o.unitName!, o]));
  for (const o of outcomes) {
    if (!o.imported || !o.unitName || done.has(o.unitName)) continue;
    const files = [o.file];
    if (o.kind !== 'service') {
      const r = importUnits([o.file], { onError: 'skip' });
      const target = /it starts (\S+),/.exec(r.skipped[0]?.reason ?? '')?.[1];
      const service = target ? byName.get(target) : undefined;
      if (service) files.unshift(service.file);
    }
    try {
      const units = runModule(importUnits(files, options).text);
      write(units.filter((u) => u.unitName === o.unitName));
      done.add(o.unitName);
    } catch (err) {
      o.problems.push(`synth: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return done;
}

function importOptions(group: SourceGroup, options: RoundTripOptions): ImportOptions {
  const o = group.import ?? options.import;
  return { ...o, onError: 'skip', systemd: o?.systemd ?? '257' };
}

/** Copies an original unit file and the drop-in folders beside it that apply to it into `dir`. */
function copyOriginal(file: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const name = path.basename(fs.realpathSync(file));
  const to = path.join(dir, name);
  fs.copyFileSync(file, to);
  for (const folder of dropInFolderNames(path.basename(file))) {
    const from = path.join(path.dirname(file), folder);
    if (fs.existsSync(from) && fs.statSync(from).isDirectory()) fs.cpSync(from, path.join(dir, folder), { recursive: true, dereference: true });
  }
  return to;
}

/** The unit file and the drop-in folders beside it that apply to `unitName`. */
export function unitFilesIn(dir: string, unitName: string): { file: string; dropInDirs: string[] } {
  const dropInDirs = dropInFolderNames(unitName)
    .map((f) => path.join(dir, f))
    .filter((d) => fs.existsSync(d) && fs.statSync(d).isDirectory());
  return { file: path.join(dir, unitName), dropInDirs };
}

/**
 * One load pair per synthesized unit (original → synthesized, same name), one per group and unit
 * name: an alias file and its target share one.
 */
function loadPairs(synthesized: readonly UnitOutcome[], groups: readonly SourceGroup[], options: RoundTripOptions): LoadPair[] {
  const pairs = new Map<string, LoadPair>();
  for (const o of synthesized) {
    const id = loadId(o);
    if (pairs.has(id)) continue;
    const group = groups.find((g) => g.id === o.group);
    const merged = (group?.import ?? options.import)?.mergeDropIns === true;
    pairs.set(id, {
      id,
      unitName: o.unitName!,
      kind: o.kind as LoadPair['kind'],
      before: unitFilesIn(path.dirname(o.original!), o.unitName!),
      after: unitFilesIn(path.dirname(o.synthFile!), o.unitName!),
      // Merged drop-ins are in the unit file itself: the list of drop-in paths differs by design
      // (what they set is compared through every other property).
      ...(merged ? { ignore: ['Unit.DropInPaths'] } : {}),
    });
  }
  return [...pairs.values()];
}

const loadId = (o: UnitOutcome): string => `${o.group}\0${o.unitName}`;

/** Runs the whole round trip over `groups`; returns one outcome per file. */
export function roundTrip(groups: readonly SourceGroup[], options: RoundTripOptions): UnitOutcome[] {
  const t0 = Date.now();
  const lap = (what: string): void => {
    if (process.env.ROUNDTRIP_TIMING) process.stderr.write(`roundtrip: ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  };
  fs.rmSync(options.work, { recursive: true, force: true });
  fs.mkdirSync(options.work, { recursive: true });
  const outcomes: UnitOutcome[] = [];
  const modules: Array<{ group: SourceGroup; file: string; text: string; outcomes: UnitOutcome[] }> = [];
  groups.forEach((group, gi) => {
    const result = importUnits(group.files, importOptions(group, options));
    const mine = group.files.map((file): UnitOutcome => {
      const alias = result.aliases.find((a) => a.file === file);
      const u = result.units.find((x) => x.file === file || x.unitName === alias?.unitName);
      const skip = result.skipped.find((s) => s.file === file);
      const own = u && !alias ? { dropIns: u.dropInFiles.length, rawSettings: u.rawSettings.length } : {};
      return { group: group.id, file, ...(u ? { unitName: u.unitName, kind: u.kind } : {}), ...own, imported: u !== undefined, compiled: false, synthesized: false, equal: {}, verifyClean: {}, sameLoad: {}, notLoaded: {}, problems: skip ? [skip.reason] : [] };
    });
    outcomes.push(...mine);
    if (result.units.length === 0) return;
    const file = path.join(options.work, `m${gi}.ts`);
    fs.writeFileSync(file, result.text);
    modules.push({ group, file, text: result.text, outcomes: mine });
  });
  lap('imported');
  // One strict program for every module.
  const errors = compileModules(modules.map((m) => m.file));
  lap('compiled');
  const synthFiles: UnitOutcome[] = [];
  modules.forEach((m, mi) => {
    const errs = errors.get(path.resolve(m.file)) ?? [];
    for (const o of m.outcomes) {
      if (!o.imported) continue;
      o.compiled = errs.length === 0;
      if (errs.length > 0) o.problems.push(...errs.slice(0, 3));
    }
    if (errs.length > 0) return;
    const dir = path.join(options.work, `s${mi}`);
    const done = synthesizeGroup(m.text, m.outcomes, dir, importOptions(m.group, options));
    const originals = path.join(options.work, `o${mi}`);
    for (const o of m.outcomes) {
      if (!o.imported || !o.unitName || !done.has(o.unitName)) continue;
      o.original = copyOriginal(o.file, originals);
      o.synthesized = true;
      o.synthFile = path.join(dir, o.unitName);
      synthFiles.push(o);
      try {
        o.sameReading = reading(fs.lstatSync(o.file).isSymbolicLink() && fs.realpathSync(path.dirname(o.file)) === path.dirname(fs.realpathSync(o.file)) ? fs.realpathSync(o.file) : o.file) === reading(o.synthFile);
      } catch (err) {
        o.sameReading = false;
        o.problems.push(`reading: ${(err as Error).message}`);
      }
      if (!o.sameReading) o.problems.push('our typed reading of the synthesized unit differs');
    }
  });
  lap('synthesized');
  // The oracles: originals and synthesized services, batched per suite.
  const services = synthFiles.filter((o) => o.kind === 'service');
  for (const suite of options.suites) {
    const before = runOracle(suite, services.map((o) => o.file));
    const after = runOracle(suite, services.map((o) => o.synthFile!));
    services.forEach((o, i) => {
      const same = verdict(before[i]!) === verdict(after[i]!);
      o.equal[suite] = same;
      if (!same) o.problems.push(`${suite}: security differs: ${verdict(before[i]!).slice(0, 300)} → ${verdict(after[i]!).slice(0, 300)}`);
    });
  }
  lap('scored');
  for (const suite of options.verifySuites ?? []) {
    const before = verifyMessages(suite, synthFiles.map((o) => o.original!));
    const after = verifyMessages(suite, synthFiles.map((o) => o.synthFile!));
    for (const o of synthFiles) {
      const was = before.get(o.unitName!) ?? [];
      const added = (after.get(o.unitName!) ?? []).filter((m) => !was.includes(m));
      o.verifyClean[suite] = added.length === 0;
      if (added.length > 0) o.problems.push(`${suite}: verify: new message(s): ${added.join(' | ')}`);
    }
  }
  lap('verified');
  if ((options.loadSuites ?? []).length > 0) {
    const pairs = loadPairs(synthFiles, groups, options);
    const controls = options.loadControls?.pairs(synthFiles) ?? [];
    for (const suite of options.loadSuites!) {
      const verdicts = compareLoads(suite, [...pairs, ...controls], `import-${suite}-${process.pid}`);
      for (const o of synthFiles) {
        const v = verdicts.get(loadId(o));
        if (!v) continue;
        if (v.notCompared) {
          o.notLoaded[suite] = v.notCompared;
          continue;
        }
        o.sameLoad[suite] = v.differences.length === 0;
        if (v.differences.length > 0) o.problems.push(`${suite} (${SANDBOX_SUITES[suite]}) booted: ${v.differences.slice(0, 5).join(' | ')}`);
      }
      options.loadControls?.verdicts(suite, new Map(controls.map((c) => [c.id, verdicts.get(c.id)!])));
      lap(`loaded in ${suite}`);
    }
  }
  return outcomes;
}

/** Figures of a round trip, as the script prints them. */
export function figures(outcomes: readonly UnitOutcome[], suites: readonly string[], verifySuites: readonly string[] = [], loadSuites: readonly SandboxSuite[] = []): Record<string, number> {
  const services = outcomes.filter((o) => o.synthesized && o.kind === 'service');
  const out: Record<string, number> = {
    files: outcomes.length,
    imported: outcomes.filter((o) => o.imported).length,
    compiled: outcomes.filter((o) => o.compiled).length,
    synthesized: outcomes.filter((o) => o.synthesized).length,
    sameReading: outcomes.filter((o) => o.sameReading).length,
    services: services.length,
    'drop-ins': outcomes.reduce((n, o) => n + (o.dropIns ?? 0), 0),
    'units with raw entries': outcomes.filter((o) => (o.rawSettings ?? 0) > 0).length,
  };
  for (const s of suites) out[`equal ${s}`] = services.filter((o) => o.equal[s]).length;
  for (const s of verifySuites) out[`verify-clean ${s}`] = outcomes.filter((o) => o.verifyClean[s]).length;
  for (const s of loadSuites) {
    for (const kind of ['service', 'socket', 'timer']) {
      const mine = outcomes.filter((o) => o.kind === kind && o.synthesized);
      out[`${kind}s loaded ${s}`] = mine.filter((o) => o.sameLoad[s] !== undefined).length;
      out[`${kind}s same ${s}`] = mine.filter((o) => o.sameLoad[s]).length;
      out[`${kind}s running ${s}`] = mine.filter((o) => o.notLoaded[s] !== undefined).length;
    }
  }
  return out;
}
