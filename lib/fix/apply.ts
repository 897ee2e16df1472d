/**
 * From the record of a run to edits of the user's files: each failing service's settings placed in its
 * `service:` literal (see locate.ts and edit.ts), or the reason they cannot be, with the settings to
 * write by hand. Loads ts-morph, so only `cdktf-systemd fix` imports this module.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Project, type SourceFile } from 'ts-morph';
import { detectStyle, newServiceEdits, serviceEdits, type TextEdit } from './edit';
import { locate } from './locate';
import type { AppRecord, PlannedSetting, RecordedUnit, UnitPlan } from './record';
import { renderValue, settingComment, listNote } from './render';
import { applyEdits, unifiedDiff } from './unified-diff';

/** A file the fix changes. */
export interface FileFix {
  /** Absolute path. */
  readonly file: string;
  /** Relative to the project root, as printed. */
  readonly name: string;
  readonly before: string;
  readonly after: string;
  readonly diff: string;
}

/** A declaration the fix edits (one `new`, possibly making several constructs) or cannot. */
export interface SiteOutcome {
  /** `file:line`, relative to the project root. */
  readonly where: string;
  readonly paths: readonly string[];
  readonly unit: string;
  readonly plan?: UnitPlan;
  /** Why the settings could not be placed; undefined when they were. */
  readonly reason?: string;
}

/** Everything `fix` would do. */
export interface FixOutcome {
  readonly files: readonly FileFix[];
  readonly placed: readonly SiteOutcome[];
  readonly unplaced: readonly SiteOutcome[];
}

const tenths = (n: number): string => (n / 10).toFixed(1);

function siteKey(u: RecordedUnit): string | undefined {
  return u.site ? `${u.site.file}:${u.site.line}:${u.site.column}` : undefined;
}

/** Why a plan cannot be written as it is, before looking at the code. */
function planProblem(u: RecordedUnit): string | undefined {
  if (u.error !== undefined) return u.error;
  const plan = u.plan;
  if (!plan || plan.settings.length === 0) return 'no setting the planner knows brings it closer to its budget; it needs a human decision (e.g. RootDirectory=, or a higher budget)';
  const conflicts = Object.entries(plan.conflicts);
  if (conflicts.length > 0) {
    return `the plan sets ${conflicts.map(([k, why]) => `${k} (dropped from the preset in removeFromPreset: "${why}")`).join(', ')}; decide yourself`;
  }
  if (!u.site) return 'no source location was recorded for it (are stack traces turned off?)';
  return undefined;
}

/** Why the constructs sharing one `new` cannot take one edit; undefined when they can. */
function sharingProblem(members: readonly RecordedUnit[]): string | undefined {
  if (members.length < 2) return undefined;
  const passing = members.filter((m) => m.ok).map((m) => m.path);
  if (passing.length > 0) return `this \`new\` also makes ${passing.join(', ')}, which ${passing.length === 1 ? 'passes its' : 'pass their'} policy: an edit here would change ${passing.length === 1 ? 'it' : 'them'} too`;
  const plans = new Set(members.map((m) => JSON.stringify(m.plan?.settings ?? null)));
  if (plans.size > 1) return `this \`new\` makes ${members.map((m) => m.path).join(', ')}, whose plans differ: one edit here cannot fit them all`;
  return undefined;
}

function overlaps(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  return a.some((x) => b.some((y) => x.start < y.end && y.start < x.end) || b.some((y) => x.start === y.start && x.end === y.end));
}

/** Plans the edits for every failing service of `record`; `root` is the project root. */
export function planFixes(record: AppRecord, root: string): FixOutcome {
  const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, compilerOptions: { allowJs: true } });
  const sources = new Map<string, SourceFile>();
  const edits = new Map<string, TextEdit[]>();
  const placed: SiteOutcome[] = [];
  const unplaced: SiteOutcome[] = [];
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const bySite = new Map<string, RecordedUnit[]>();
  for (const u of record.units) {
    const k = siteKey(u);
    if (k) bySite.set(k, [...(bySite.get(k) ?? []), u]);
  }
  const done = new Set<string>();
  for (const u of record.units) {
    if (u.ok) continue;
    const key = siteKey(u);
    if (key && done.has(key)) continue;
    if (key) done.add(key);
    const members = key ? bySite.get(key)! : [u];
    const failing = members.filter((m) => !m.ok);
    const where = u.site ? `${rel(u.site.file)}:${u.site.line}` : '(unknown)';
    const base = { paths: failing.map((m) => m.path), unit: failing.map((m) => m.unit).join(', '), ...(u.plan ? { plan: u.plan } : {}) };
    const problem = planProblem(u) ?? sharingProblem(members);
    if (problem) {
      unplaced.push({ ...base, where, reason: problem });
      continue;
    }
    const site = u.site!;
    let sf = sources.get(site.file);
    if (!sf) {
      if (!fs.existsSync(site.file)) {
        unplaced.push({ ...base, where, reason: `${rel(site.file)} does not exist` });
        continue;
      }
      sf = project.addSourceFileAtPath(site.file);
      sources.set(site.file, sf);
    }
    const found = locate(sf, site.line, site.column, u.id);
    if (!found.ok) {
      unplaced.push({ ...base, where: `${rel(site.file)}:${found.line}`, reason: found.reason });
      continue;
    }
    const style = detectStyle(sf);
    const settings = u.plan!.settings;
    const p = found.placement;
    const mine = p.kind === 'service' ? serviceEdits(p.literal, settings, style) : newServiceEdits(p.props, p.spread, settings, style);
    const theirs = edits.get(site.file) ?? [];
    if (overlaps(mine, theirs)) {
      unplaced.push({ ...base, where, reason: 'its settings are shared with another failing construct edited above' });
      continue;
    }
    edits.set(site.file, [...theirs, ...mine]);
    placed.push({ ...base, where });
  }
  const files: FileFix[] = [...edits].map(([file, list]) => {
    const before = sources.get(file)!.getFullText();
    return { file, name: rel(file), before, after: applyEdits(before, list), diff: unifiedDiff(rel(file), before, list) };
  });
  return { files, placed, unplaced };
}

/** The settings of a plan as lines to paste into `service: { … }`. */
export function settingsText(settings: readonly PlannedSetting[], indent = '  '): string {
  return settings.flatMap((s) => [`${indent}${settingComment(s, listNote(s))}`, `${indent}${s.key}: ${renderValue(s.value, "'")},`]).join('\n');
}

/** One line per placed site: what changes and the exposure it reaches. */
export function placedLine(o: SiteOutcome): string {
  const plan = o.plan!;
  const enough = plan.exposureAfter <= plan.budget;
  const n = plan.settings.length;
  return `${o.where}: ${o.paths.join(', ')} (${o.unit}): ${n} setting${n === 1 ? '' : 's'}, exposure ${tenths(plan.exposure)} → ${tenths(plan.exposureAfter)} (budget ${tenths(plan.budget)})${enough ? '' : ': still over budget, the planner knows no more settings; it needs a human decision'}`;
}

/** The message for a site the fix cannot edit, with the settings to write by hand. */
export function unplacedText(o: SiteOutcome): string {
  const head = `${o.where}: ${o.paths.join(', ')} (${o.unit}): cannot place the fix: ${o.reason}`;
  if (!o.plan || o.plan.settings.length === 0) return head;
  return `${head}\n  add these settings to its service: { … } yourself:\n${settingsText(o.plan.settings, '    ')}`;
}
