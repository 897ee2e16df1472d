/**
 * Helpers of the fix tests: run `fix` in-process (the app itself still runs in `tsx` children),
 * capture what it prints, read fix-regions of a fixture, and apply a unified diff to check it.
 */
import { runFix, type FixOptions } from '../../lib/cli/fix-run';

/** What one run of `fix` printed and its exit code. */
export interface FixRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cdktf-systemd fix` with `opts` for the project in `cwd`. */
export function fix(cwd: string, opts: Partial<FixOptions> = {}): FixRun {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  const exit = { code: 0 };
  try {
    runFix({ app: 'main.ts', ...opts }, exit, cwd);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code: exit.code, stdout, stderr };
}

/** A `// fix-region NAME` … `// end-region` span of a fixture: 0-based line numbers, exclusive end. */
export interface Region {
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

/** The fix-regions of `text` (where the failing constructs' settings live). */
export function regions(text: string): Region[] {
  const out: Region[] = [];
  let open: { name: string; from: number } | undefined;
  text.split('\n').forEach((line, i) => {
    const start = /\/\/ fix-region (\S+)/.exec(line);
    if (start) open = { name: start[1]!, from: i };
    else if (/\/\/ end-region/.test(line) && open) {
      out.push({ ...open, to: i + 1 });
      open = undefined;
    }
  });
  return out;
}

/** One hunk of a unified diff: where it starts in the old file (0-based) and its lines. */
export interface Hunk {
  readonly oldStart: number;
  readonly lines: readonly string[];
}

/** The hunks of the diff of one file in `diff` (`--- a/FILE` … up to the next file). */
export function hunksOf(diff: string, file: string): Hunk[] {
  const lines = diff.split('\n');
  const at = lines.indexOf(`--- a/${file}`);
  if (at < 0) return [];
  const hunks: Array<{ oldStart: number; lines: string[] }> = [];
  for (const line of lines.slice(at + 2)) {
    if (line.startsWith('--- a/')) break;
    const head = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(line);
    if (head) hunks.push({ oldStart: Math.max(0, Number(head[1]) - (head[2] === '0' ? 0 : 1)), lines: [] });
    else if (hunks.length > 0 && line !== '') hunks[hunks.length - 1]!.lines.push(line);
  }
  return hunks;
}

/** Applies hunks to `text`; throws when a context or removed line does not match. */
export function patch(text: string, hunks: readonly Hunk[]): string {
  const old = text.split('\n');
  const out: string[] = [];
  let at = 0;
  for (const h of hunks) {
    out.push(...old.slice(at, h.oldStart));
    at = h.oldStart;
    for (const l of h.lines) {
      const body = l.slice(1);
      if (l[0] === '+') out.push(body);
      else {
        if (old[at] !== body) throw new Error(`diff does not match line ${at + 1}: ${JSON.stringify(old[at])} vs ${JSON.stringify(body)}`);
        if (l[0] === ' ') out.push(body);
        at++;
      }
    }
  }
  return [...out, ...old.slice(at)].join('\n');
}

/** Old-file lines (0-based) a hunk changes: removed lines, and the line before each insertion. */
export function touchedLines(h: Hunk): number[] {
  const out: number[] = [];
  let at = h.oldStart;
  for (const l of h.lines) {
    if (l[0] === '-') out.push(at++);
    else if (l[0] === '+') out.push(Math.max(0, at - 1));
    else at++;
  }
  return out;
}
