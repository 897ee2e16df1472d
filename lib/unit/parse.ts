/**
 * A parser with systemd's unit-file syntax (systemd.syntax(7), src/shared/conf-parser.c):
 * `#`/`;` comment lines, backslash continuations (comment lines inside a continuation are skipped),
 * whitespace stripped around keys and values, `[Section]` headers, assignments before any section
 * ignored with a warning. Values are kept raw: unquoting, escapes and specifiers belong to each
 * directive (see model.ts).
 */
import type { Diagnostic, UnitDocument, UnitEntry } from './model';

/** systemd's WHITESPACE set for strstrip(). */
const WHITESPACE = ' \t\n\r';
/** Longest line systemd's config parser accepts (LONG_LINE_MAX). */
export const LONG_LINE_MAX = 1024 * 1024;

/** Result of parsing one file. */
export interface ParseResult {
  readonly document: UnitDocument;
  /** Warnings (ignored lines) and errors (systemd would refuse the file). */
  readonly diagnostics: Diagnostic[];
}

/** Thrown by {@link parseUnitStrict} when systemd would refuse the file. */
export class UnitParseError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    this.name = 'UnitParseError';
  }
}

/** `file:line: message`, like systemd's log lines. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.position ? `${d.position.file}:${d.position.line}: ` : '';
  return `${where}${d.severity === 'error' ? 'error: ' : ''}${d.message}`;
}

function strip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && WHITESPACE.includes(s[a]!)) a++;
  while (b > a && WHITESPACE.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** End-of-line kinds of read_line_full() (src/basic/fileio.c): EOL_TEN, EOL_THIRTEEN, EOL_ZERO. */
function eolKind(c: string): number {
  return c === '\n' ? 1 : c === '\r' ? 2 : c === '\0' ? 4 : 0;
}

/**
 * The lines config_parse() reads, split as read_line() does (src/basic/fileio.c, the same in 252, 257
 * and 262; checked against their systemd-analyze verify): `\n`, `\r` and NUL end a line, and a run of
 * them ends one line as long as no kind repeats and no NUL came before — `\r\n`, `\n\r` and `\n\0`
 * are one line end, `\r\r`, `\r\n\r` and `\0\n` two. A NUL therefore ends a line (the rest of the
 * line is the next one); it does not make the file unreadable.
 */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    while (i < text.length && eolKind(text[i]!) === 0) i++;
    lines.push(text.slice(start, i));
    let seen = 0;
    while (i < text.length) {
      const k = eolKind(text[i]!);
      if (k === 0 || (seen & 4) !== 0 || (seen & k) !== 0) break;
      seen |= k;
      i++;
    }
  }
  return lines;
}

/** True when the line ends in a backslash that is not itself escaped (systemd's continuation test). */
function endsWithContinuation(line: string): boolean {
  let escaped = false;
  for (let i = 0; i < line.length; i++) {
    if (escaped) escaped = false;
    else if (line[i] === '\\') escaped = true;
  }
  return escaped;
}

/** systemd's string_is_safe(): no control characters, quotes or backslashes (section names). */
function isSafeSectionName(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f || ch === '"' || ch === "'" || ch === '\\') return false;
  }
  return true;
}

/**
 * Parses the text of one unit file or drop-in.
 * @param text file contents (UTF-8 decoded)
 * @param file name used in diagnostics and positions
 */
export function parseUnitText(text: string, file = '<input>'): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const sections = new Map<string, UnitEntry[]>();
  let current: UnitEntry[] | undefined;
  let currentName: string | undefined;

  const lines = splitLines(text);

  let continuation: string | undefined;
  let continuationLine = 0;
  let bomSeen = false;

  const handle = (raw: string, lineNo: number): void => {
    const l = strip(raw);
    const position = { file, line: lineNo };
    if (l === '' || l[0] === '#' || l[0] === ';') return;
    if (l[0] === '[') {
      if (l[l.length - 1] !== ']') {
        diagnostics.push({ severity: 'error', message: `Invalid section header '${l}'`, position });
        return;
      }
      const name = l.slice(1, -1);
      if (!isSafeSectionName(name) || name === '') {
        diagnostics.push({ severity: 'error', message: `Invalid section header '${l}'`, position });
        return;
      }
      currentName = name;
      current = sections.get(name);
      if (!current) {
        current = [];
        sections.set(name, current);
      }
      return;
    }
    if (current === undefined || currentName === undefined) {
      diagnostics.push({ severity: 'warning', message: 'Assignment outside of section. Ignoring.', position });
      return;
    }
    const eq = l.indexOf('=');
    if (eq < 0) {
      diagnostics.push({ severity: 'warning', message: "Missing '=', ignoring line.", position });
      return;
    }
    if (eq === 0) {
      diagnostics.push({ severity: 'warning', message: "Missing key name before '=', ignoring line.", position });
      return;
    }
    current.push({ key: strip(l.slice(0, eq)), value: strip(l.slice(eq + 1)), position });
  };

  lines.forEach((raw, index) => {
    let line = raw;
    const lineNo = index + 1;
    if (line.length > LONG_LINE_MAX) {
      diagnostics.push({ severity: 'error', message: 'Line too long.', position: { file, line: lineNo } });
      return;
    }
    // Comment lines are skipped before the continuation test, inside a continuation or not
    // (conf-parser.c): `# text \` does not continue onto the next line.
    const lead = line.replace(/^[ \t\n\r]+/, '');
    if (lead[0] === '#' || lead[0] === ';') return;
    // A UTF-8 BOM is dropped from the first line that starts with one, wherever it is (conf-parser.c
    // strips it until one was seen), after the comment test.
    if (!bomSeen && line.charCodeAt(0) === 0xfeff) {
      line = line.slice(1);
      bomSeen = true;
    }
    if (endsWithContinuation(line)) {
      const joined = line.slice(0, -1) + ' ';
      if (continuation === undefined) {
        continuation = joined;
        continuationLine = lineNo;
      } else continuation += joined;
      return;
    }
    if (continuation !== undefined) {
      handle(continuation + line, continuationLine);
      continuation = undefined;
    } else handle(line, lineNo);
  });
  if (continuation !== undefined) handle(continuation, continuationLine);

  return { document: { sections: [...sections].map(([name, entries]) => ({ name, entries })) }, diagnostics };
}

/** Like {@link parseUnitText} but throws {@link UnitParseError} on any error-level diagnostic. */
export function parseUnitStrict(text: string, file = '<input>'): ParseResult {
  const result = parseUnitText(text, file);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new UnitParseError(errors);
  return result;
}
