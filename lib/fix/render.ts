/**
 * Planned settings as TypeScript source: values in the typed form the `service:` props take, and the
 * comment written above each one (the checks it fixes, what it may break, what it replaced).
 */
import type { PlannedSetting, TypedValue } from './record';

/** Quote character of string literals in the file being edited. */
export type Quote = "'" | '"';

/** A string literal in the file's quote style. */
export function quoted(s: string, q: Quote): string {
  const body = JSON.stringify(s).slice(1, -1);
  return q === '"' ? `"${body}"` : `'${body.replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A typed value as a TypeScript expression (`true`, `'strict'`, `['~@swap']`). */
export function renderValue(v: TypedValue, q: Quote): string {
  if (typeof v === 'string') return quoted(v, q);
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${(v as readonly TypedValue[]).map((x) => renderValue(x, q)).join(', ')}]`;
  const entries = Object.entries(v as Readonly<Record<string, TypedValue>>);
  return `{ ${entries.map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : quoted(k, q)}: ${renderValue(x, q)}`).join(', ')} }`;
}

/** Source text on one line (for "was: …" notes). */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

/** Checks of one directive named in full up to this many; more read `first and N more`. */
const NAMED_PER_DIRECTIVE = 3;

/**
 * Check names, those of one directive written once (`SystemCallFilter=~@swap, ~@clock`); a long run
 * is cut to its first (`CapabilityBoundingSet=~CAP_SYS_ADMIN and 25 more`) so the comment stays one
 * readable line.
 */
export function checkList(names: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const n of names) {
    const eq = n.indexOf('=');
    const head = eq < 0 || eq === n.length - 1 ? n : n.slice(0, eq + 1);
    groups.set(head, [...(groups.get(head) ?? []), head === n ? '' : n.slice(head.length)]);
  }
  return [...groups]
    .map(([head, all]) => {
      const rests = all.filter((r) => r !== '');
      if (rests.length === 0) return head;
      if (rests.length <= NAMED_PER_DIRECTIVE) return `${head}${rests.join(', ')}`;
      return `${head}${rests[0]} and ${rests.length - 1} more`;
    })
    .join(', ');
}

/** The comment above a planned setting: the checks it fixes, what it may break, and `note`. */
export function settingComment(s: PlannedSetting, note?: string): string {
  const checks = checkList(s.reasons.map((r) => r.check));
  const breaks = [...new Set(s.reasons.flatMap((r) => (r.breaks ? [r.breaks] : [])))];
  const parts = [`cdktf-systemd fix for ${checks}`];
  if (breaks.length > 0) parts.push(`may break: ${breaks.join('; ')}`);
  if (note) parts.push(note);
  return `// ${parts.join('; ').replace(/\*\//g, '* /')}`;
}

/** What a list setting keeps of its earlier value, for its comment. */
export function listNote(s: PlannedSetting): string | undefined {
  if (!s.list || s.before === undefined) return undefined;
  return s.resets ? `replaces ${oneLine(renderValue(s.before, "'"))}` : `keeps the earlier items ${oneLine(renderValue(s.before, "'"))}`;
}
