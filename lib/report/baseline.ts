/**
 * The exposure ratchet: a committed `exposure-baseline.json` holds each unit's exposure (offline and
 * live) and its failing checks. Synth fails when a unit's exposure rises above its baseline or a check
 * that passed there starts failing; lowering is always allowed, and reported so that it can be locked
 * in by writing the baseline again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffReports, formatCheckChange, formatScores, keyOf, snapshotOf, type ReportedUnits, type UnitDiff } from './diff';
import { showExposure, type UnitSnapshot } from './snapshot';

/** The file name the docs and the stack use by default. */
export const BASELINE_FILE = 'exposure-baseline.json';

/** Set to `1` to (re)write the baseline at synth instead of checking against it. */
export const WRITE_BASELINE_ENV = 'CDKTF_SYSTEMD_WRITE_BASELINE';

/** Contents of `exposure-baseline.json`: units by construct path (by `host/unit` for unit files). */
export interface Baseline {
  readonly version: 1;
  readonly units: Readonly<Record<string, UnitSnapshot>>;
}

/** Which units a baseline operation concerns: those whose key starts with `prefix` (a stack's path + `/`). */
export interface BaselineScope {
  readonly prefix?: string;
}

const inScope = (key: string, scope: BaselineScope): boolean => scope.prefix === undefined || key.startsWith(scope.prefix);

/** A baseline of the units of a report (the JSON report's units, keyed by construct path). */
export function baselineOf(report: ReportedUnits): Baseline {
  return { version: 1, units: Object.fromEntries(report.units.map((u) => [keyOf(u), snapshotOf(u)])) };
}

/** Reads a baseline file; undefined when it does not exist. Throws, naming the file, when it is not one. */
export function readBaseline(file: string): Baseline | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not an exposure baseline: ${(err as Error).message}`);
  }
  const b = data as Partial<Baseline> | null;
  if (!b || b.version !== 1 || typeof b.units !== 'object' || b.units === null) throw new Error(`${file}: not an exposure baseline (expected {"version": 1, "units": {…}})`);
  return b as Baseline;
}

/** The baseline as written: keys sorted, two-space JSON, a final newline (byte-identical for the same units). */
export function baselineText(baseline: Baseline): string {
  const keys = Object.keys(baseline.units).sort();
  const units = Object.fromEntries(keys.map((k) => [k, snapshotInOrder(baseline.units[k]!)]));
  return JSON.stringify({ version: 1, units }, null, 2) + '\n';
}

/** Fixed key order, whatever order the snapshot was built in. */
function snapshotInOrder(s: UnitSnapshot): UnitSnapshot {
  return {
    unit: s.unit,
    ...(s.host !== undefined ? { host: s.host } : {}),
    systemd: s.systemd,
    offline: s.offline,
    live: s.live,
    failing_checks: s.failing_checks.map((c) => ({ name: c.name, json_field: c.json_field, offline: c.offline, live: c.live })),
  };
}

/**
 * Writes the units of `report` into the baseline `file`. With a scope, entries of other scopes (other
 * stacks sharing the file) are kept and those of this scope replaced. Returns what was written.
 */
export function writeBaseline(file: string, report: ReportedUnits, scope: BaselineScope = {}): Baseline {
  const previous = readBaseline(file);
  const kept = Object.entries(previous?.units ?? {}).filter(([k]) => !inScope(k, scope));
  const fresh = Object.entries(baselineOf(report).units).filter(([k]) => inScope(k, scope));
  const baseline: Baseline = { version: 1, units: Object.fromEntries([...kept, ...fresh]) };
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, baselineText(baseline));
  return baseline;
}

/** The units of a report against a baseline. */
export interface BaselineComparison {
  /** The baseline file as named in messages. */
  readonly file: string;
  /** Every unit in scope, in either: worse, better, changed, unchanged, added (not in the baseline) or removed. */
  readonly units: readonly UnitDiff[];
}

/** Compares a report's units (in scope) with a baseline. */
export function compareBaseline(file: string, baseline: Baseline, report: ReportedUnits, scope: BaselineScope = {}): BaselineComparison {
  const before = { units: Object.entries(baseline.units).filter(([k]) => inScope(k, scope)).map(([k, s]) => ({ path: k, ...s })) };
  const after = { units: report.units.filter((u) => inScope(keyOf(u), scope)) };
  return { file, units: diffReports(before, after).units };
}

/** How to accept a new score: the same words in every message. */
export function acceptHint(file: string): string {
  return `to accept it, synth with ${WRITE_BASELINE_ENV}=1 and commit ${file}`;
}

/**
 * One error per unit that got worse than its baseline (the ratchet: synth fails on any), each
 * starting `[key] unit:`; without `paths`, `unit:` only (for messages that name the construct already).
 */
export function ratchetErrors(c: BaselineComparison, options: { readonly paths?: boolean } = {}): string[] {
  return c.units
    .filter((u) => u.verdict === 'worse')
    .map((u) => {
      const rose = u.after!.offline > u.before!.offline || (u.after!.live ?? 0) > (u.before!.live ?? 0);
      const head = rose ? 'exposure rose above its baseline' : 'a check that passed in its baseline now fails';
      const live = u.before!.live !== null && u.after!.live !== null;
      const who = options.paths === false ? u.unit : `[${u.key}] ${u.unit}`;
      return [`${who}: ${head} in ${c.file}: ${formatScores(u.before!, u.after!)}`, ...u.checks.map((x) => `  ${formatCheckChange(x, live)}`), `  ${acceptHint(c.file)}`].join('\n');
    });
}

/**
 * What synth reports on stderr (lines in the style of the synth summary): units below their baseline,
 * new units, units gone from the stack, checks that moved without changing a score, and units above
 * their baseline (synth has failed on those unless validations were off).
 */
export function ratchetNotices(c: BaselineComparison): string[] {
  const lines: string[] = [];
  for (const u of c.units) {
    const who = `[${u.key}] ${u.unit}`;
    const passing = u.checks.filter((x) => x.kind === 'now passes').map((x) => x.name);
    if (u.verdict === 'worse') {
      // Normally synth has failed on it already; this line is for runs with validations off.
      const started = u.checks.filter((x) => x.kind === 'starts failing').map((x) => x.name);
      lines.push(`  above baseline: ${who}: ${formatScores(u.before!, u.after!)}${started.length ? `; starts failing: ${started.join(', ')}` : ''}; ${acceptHint(c.file)}`);
    } else if (u.verdict === 'better') {
      lines.push(`  lowered: ${who}: ${formatScores(u.before!, u.after!)}, below its baseline${passing.length ? `; now passing: ${passing.join(', ')}` : ''}; to lock it in, synth with ${WRITE_BASELINE_ENV}=1 and commit ${c.file}`);
    } else if (u.verdict === 'changed') {
      lines.push(`  changed: ${who}: ${formatScores(u.before!, u.after!)}; ${u.checks.map((x) => formatCheckChange(x)).join('; ')}`);
    } else if (u.verdict === 'added') {
      const a = u.after!;
      lines.push(`  new: ${who}: not in ${c.file} (offline ${showExposure(a.offline)}${a.live !== null ? `, live ${showExposure(a.live)}` : ''}); to add it, synth with ${WRITE_BASELINE_ENV}=1 and commit ${c.file}`);
    } else if (u.verdict === 'removed') {
      lines.push(`  gone: ${who}: in ${c.file} but no longer in the stack`);
    }
  }
  return lines;
}
