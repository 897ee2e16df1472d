/**
 * The comments of a unit file, found where systemd's parser skips them (lib/unit/parse.ts drops
 * them): each comment line belongs to the statement (section header or assignment) that follows it,
 * so that an import can write it above the same setting in TypeScript. Comments after the last
 * statement are `trailing`.
 */

import { splitLines } from '../unit/parse';

/** Comments of one file, keyed by the line of the statement they precede. */
export interface UnitComments {
  /** Statement line (1-based, where the assignment or header starts) → comment lines before it. */
  readonly before: ReadonlyMap<number, readonly string[]>;
  /** Section header line → section name (comments of a header belong to the unit as a whole). */
  readonly headers: ReadonlyMap<number, string>;
  /** Comment lines after the last statement. */
  readonly trailing: readonly string[];
}

/** True when the line ends in a backslash that is not itself escaped (as in parse.ts). */
function continues(line: string): boolean {
  let escaped = false;
  for (const ch of line) escaped = escaped ? false : ch === '\\';
  return escaped;
}

/** Collects the comment lines of `text` (the file as read; line numbers as in the parser's positions). */
export function collectComments(text: string): UnitComments {
  const before = new Map<number, string[]>();
  const headers = new Map<number, string>();
  let pending: string[] = [];
  let inContinuation = false;
  let statement = 0;
  // Lines as the parser numbers them (systemd's read_line() rules).
  const lines = splitLines(text);
  lines.forEach((raw, i) => {
    const lead = raw.replace(/^[ \t\n\r\uFEFF]+/, '');
    if (lead.startsWith('#') || lead.startsWith(';')) {
      const text = lead.replace(/[ \t]+$/, '');
      // Inside a continuation the comment belongs to the statement being continued.
      if (inContinuation) before.set(statement, [...(before.get(statement) ?? []), text]);
      else pending.push(text);
      return;
    }
    if (!inContinuation && lead.trim() !== '') {
      statement = i + 1;
      if (pending.length > 0) before.set(i + 1, pending);
      pending = [];
      const header = /^\[(.*)\][ \t]*$/.exec(lead);
      if (header) headers.set(i + 1, header[1]!);
    }
    inContinuation = continues(raw);
  });
  return { before, headers, trailing: pending };
}
