/**
 * The list settings that make a unit need a mount namespace, read like their parsers
 * (src/core/load-fragment.c, 252–262) as far as the context checks need: how many entries each
 * assignment adds. config_parse_namespace_path_strv() (ReadWritePaths= & co.),
 * config_parse_bind_paths(), config_parse_temporary_filesystems(), config_parse_exec_directories().
 */
import type { LoadRules } from '../load-rules';
import { UnitPrintf } from '../unit-printf';
import { extractFirstWord, extractManyWords, WHITESPACE } from './extract-word';
import { simplifyAndCheck, type PathCheck } from './paths';

/** An absolute (or relative) path after specifier expansion that path_simplify_and_warn() accepts. */
function goodPath(p: string, check: PathCheck, printf: UnitPrintf, rules: LoadRules): string | undefined {
  const resolved = UnitPrintf.orUndefined(() => printf.path(p));
  if (resolved === undefined) return undefined;
  const checked = simplifyAndCheck(resolved, check, rules.paths);
  return 'problem' in checked ? undefined : checked.path;
}

const ABSOLUTE: PathCheck = { absolute: true };

/** Entries a ReadWritePaths=/ReadOnlyPaths=/InaccessiblePaths=/ExecPaths=/NoExecPaths= value adds. */
export function namespacePaths(value: string, printf: UnitPrintf, rules: LoadRules): number {
  let n = 0;
  for (let pos: number | undefined = 0; ; ) {
    const r = extractFirstWord(value, pos, WHITESPACE, { unquote: true });
    if (r.error || r.word === undefined) return n;
    pos = r.next;
    const w = r.word.replace(/^-/, '').replace(/^\+/, '');
    if (goodPath(w, ABSOLUTE, printf, rules) !== undefined) n++;
  }
}

/** Entries a BindPaths=/BindReadOnlyPaths= value adds (`[-]SOURCE[:DEST[:OPTIONS]]` words). */
export function bindPaths(value: string, printf: UnitPrintf, rules: LoadRules): number {
  const SEP = `:${WHITESPACE}`;
  const FLAGS = { unquote: true, dontCoalesceSeparators: true } as const;
  let n = 0;
  for (let pos: number | undefined = 0; ; ) {
    const source = extractFirstWord(value, pos, SEP, FLAGS);
    if (source.error || source.word === undefined) return n;
    pos = source.next;
    const resolved = UnitPrintf.orUndefined(() => printf.path(source.word!));
    if (resolved === undefined || 'problem' in simplifyAndCheck(resolved.replace(/^-/, ''), ABSOLUTE, rules.paths)) continue;
    const colon = (p: number | undefined): boolean => p !== undefined && value[p - 1] === ':';
    if (colon(pos)) {
      const dest = extractFirstWord(value, pos, SEP, FLAGS);
      if (dest.error) return n;
      pos = dest.next;
      if (dest.word === undefined || goodPath(dest.word, ABSOLUTE, printf, rules) === undefined) continue;
      if (colon(pos)) {
        const options = extractFirstWord(value, pos, WHITESPACE, { unquote: true });
        if (options.error) return n;
        pos = options.next;
        if (!['', 'rbind', 'norbind'].includes(options.word ?? '')) continue;
      }
    }
    n++;
  }
}

/** Entries a TemporaryFileSystem= value adds (`PATH[:OPTIONS]` words). */
export function temporaryFileSystems(value: string, printf: UnitPrintf, rules: LoadRules): number {
  let n = 0;
  for (let pos: number | undefined = 0; ; ) {
    const r = extractFirstWord(value, pos, WHITESPACE, { unquote: true });
    if (r.error || r.word === undefined) return n;
    pos = r.next;
    const path = extractFirstWord(r.word, 0, ':', { dontCoalesceSeparators: true });
    if (path.error || path.word === undefined) continue;
    if (goodPath(path.word, ABSOLUTE, printf, rules) !== undefined) n++;
  }
}

/** What an exec-directory value adds: entries, and whether one of them is read-only (`:ro`, 257+). */
export function execDirectories(value: string, printf: UnitPrintf, rules: LoadRules): { count: number; readOnly: boolean } {
  const out = { count: 0, readOnly: false };
  const flags = { cunescape: true, unescapeSeparators: true, dontCoalesceSeparators: rules.execDirectoryFlags };
  for (let pos: number | undefined = 0; ; ) {
    const tuple = extractFirstWord(value, pos, WHITESPACE, { unquote: true, retainEscape: true });
    if (tuple.error || tuple.word === undefined) return out;
    pos = tuple.next;
    const fields = extractManyWords(tuple.word, 0, ':', flags, rules.execDirectoryFlags ? 3 : 2);
    if (fields.error || fields.words.length === 0) return out;
    const [src, dest = '', dirFlags = ''] = fields.words;
    const s = goodPath(src!, { relative: true }, printf, rules);
    if (s === undefined || s === 'private' || s.startsWith('private/')) continue;
    if (dest !== '' && goodPath(dest, { relative: true }, printf, rules) === undefined) continue;
    if (!['', 'ro'].includes(dirFlags)) continue;
    out.count++;
    if (dirFlags === 'ro') out.readOnly = true;
  }
}
