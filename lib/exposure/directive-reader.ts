/**
 * Reading directive values for the security record: the exec and cgroup sections of one unit, with
 * specifier expansion and load refusals, and the fold helpers systemd's "last valid value wins" and
 * "empty resets" rules come down to.
 */
import { SpecifierError } from '../unit/specifiers';
import type { DocumentIndex, SectionIndex } from './document-index';
import { UnitLoadError } from './errors';
import type { LoadRules } from './load-rules';
import { readPathSetting } from './path-settings';
import { parseBoolean } from './settings/words';
import { userNameProblem } from './settings/user-name';
import { UnitPrintf } from './unit-printf';

/** Folds assignments left to right; `step` returns undefined to ignore an (invalid) value. */
export function fold<T>(values: readonly string[], initial: T, step: (v: string, acc: T) => T | undefined): T {
  let acc = initial;
  for (const v of values) {
    const next = step(v, acc);
    if (next !== undefined) acc = next;
  }
  return acc;
}

/**
 * The directive readers of one record build, as methods rather than per-call closures (cheaper on
 * the hot path): values of the exec and cgroup sections, specifier expansion, load refusals.
 */
export class DirectiveReader {
  private readonly execValues: SectionIndex;
  private readonly cgroupValues: SectionIndex;

  constructor(
    index: DocumentIndex,
    execSection: string | undefined,
    cgroupSection: string | undefined,
    private readonly unit: string,
    /** The unit's specifier expansions. */
    readonly printf: UnitPrintf,
    readonly rules: LoadRules,
  ) {
    this.execValues = execSection ? index.section(execSection) : NO_SECTION;
    this.cgroupValues = cgroupSection ? index.section(cgroupSection) : NO_SECTION;
  }

  exec(key: string): readonly string[] {
    return this.execValues.values(key);
  }

  cgroup(key: string): readonly string[] {
    return this.cgroupValues.values(key);
  }

  /** The exec section's assignments of any of `keys`, in file order. */
  execAssignments(keys: readonly string[]): ReadonlyArray<{ readonly key: string; readonly value: string }> {
    return this.execValues.assignments(keys);
  }

  /** The last of the exec section's values that is `true`/`false` or one of `extra` (meaning true). */
  boolOrWords(key: string, extra: readonly string[]): boolean {
    let on = false;
    for (const v of this.exec(key)) {
      const b = parseBoolean(v);
      if (b !== undefined) on = b;
      else if (extra.includes(v)) on = true;
    }
    return on;
  }

  /** The last of the exec section's values that is one of `words` (or a boolean, mapped by `booleans`). */
  word<T extends string>(key: string, words: readonly T[], initial: T, booleans?: { readonly yes: T; readonly no: T }): T {
    return lastWord(this.exec(key), words, initial, booleans);
  }

  fail(reason: string): never {
    throw new UnitLoadError(this.unit, reason);
  }

  /** unit_full_printf(); a failing expansion refuses the unit. */
  expand(directive: string, value: string): string {
    try {
      return this.printf.full(value);
    } catch (e) {
      if (e instanceof SpecifierError) return this.fail(`${directive}=${value}: ${e.message}`);
      throw e;
    }
  }

  /** unit_path_printf(); a value that fails to expand is ignored (undefined). */
  expandPathOrSkip(v: string): string | undefined {
    return UnitPrintf.orUndefined(() => this.printf.path(v));
  }

  bool(key: string, initial = false): boolean {
    let on = initial;
    for (const v of this.exec(key)) on = parseBoolean(v) ?? on;
    return on;
  }

  userOrGroup(key: 'User' | 'Group'): string | undefined {
    return (
      fold<string | undefined>(this.exec(key), undefined, (v) => {
        if (v === '') return '';
        const expanded = this.expand(key, v);
        const problem = userNameProblem(expanded);
        if (problem) this.fail(`${key}=${v}: invalid user/group name or numeric ID (${problem})`);
        return expanded;
      }) || undefined
    );
  }

  /** A path setting of the exec section (see path-settings.ts): the last path set, or undefined. */
  path(key: string): string | undefined {
    return (
      fold<string | undefined>(this.exec(key), undefined, (v) => {
        const r = readPathSetting(key, v, this.printf, this.rules);
        if (r.kind === 'fatal') this.fail(r.reason);
        return r.kind === 'reset' ? '' : r.kind === 'path' ? r.path : undefined;
      }) || undefined
    );
  }

  /** Number of filter paths of a cgroup setting after resets (invalid ones ignored, duplicates once). */
  filterPaths(key: string): number {
    const paths = new Set<string>();
    for (const v of this.cgroup(key)) {
      const r = readPathSetting(key, v, this.printf, this.rules);
      if (r.kind === 'reset') paths.clear();
      else if (r.kind === 'path') paths.add(r.path);
    }
    return paths.size;
  }
}

const NONE: readonly string[] = Object.freeze([]);
const NO_SECTION: SectionIndex = { values: () => NONE, assignments: () => NONE_ASSIGNMENTS };
const NONE_ASSIGNMENTS: ReadonlyArray<{ key: string; value: string }> = Object.freeze([]);

/** The last of `values` that is one of `words` (or a boolean, mapped by `booleans`); invalid ones are ignored. */
export function lastWord<T extends string>(values: readonly string[], words: readonly T[], initial: T, booleans?: { readonly yes: T; readonly no: T }): T {
  let acc = initial;
  for (const v of values) {
    if (booleans) {
      const b = parseBoolean(v);
      if (b !== undefined) {
        acc = b ? booleans.yes : booleans.no;
        continue;
      }
    }
    if ((words as readonly string[]).includes(v)) acc = v as T;
  }
  return acc;
}
