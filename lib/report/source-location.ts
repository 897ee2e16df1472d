/**
 * Where a construct was declared: the line of the user's TypeScript that said `new SystemdService(…)`.
 * Constructs capture a stack trace (V8 formats it only when it is read, so capturing costs little)
 * and the reports read it here. Node applies source maps when formatting (tsx, `--enable-source-maps`,
 * jest), so the frame names the `.ts` file when one exists.
 */
import * as path from 'node:path';

/** A position in a source file, relative to the project root (`main.ts`, line 20, column 1). */
export interface SourceLocation {
  /** Path relative to the root the report was made for, with `/` separators. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column (UTF-16 code units, as V8 counts them). */
  readonly column: number;
}

/** `… (file:line:col)` or `at file:line:col` at the end of a V8 stack frame. */
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

/** Frames that are never the user's declaration: Node's own modules and installed packages. */
function isForeign(file: string): boolean {
  return file.startsWith('node:') || file.includes(`${path.sep}node_modules${path.sep}`) || file === '<anonymous>' || file.startsWith('internal/');
}

/**
 * The first frame of a stack trace (captured with the construct's class as the cut-off, so the first
 * frame is the caller of `new`) that lies in the user's code, relative to `root`.
 * Undefined when the trace is missing (e.g. `Error.stackTraceLimit = 0`) or names no file.
 */
export function declarationSite(stack: string | undefined, root: string): SourceLocation | undefined {
  if (!stack) return undefined;
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME.exec(line);
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) file = decodeURIComponent(new URL(file).pathname);
    if (isForeign(file) || !path.isAbsolute(file)) continue;
    const rel = path.relative(root, file).split(path.sep).join('/');
    return { file: rel, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}
