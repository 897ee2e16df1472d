/**
 * Text edits that write planned settings into an object literal while keeping the file as it was: a
 * literal with one property per line gets lines inserted (and values replaced in place); a literal on
 * one line is rewritten one property per line, its own text kept. Each written setting gets a comment
 * line above it. Only this literal's text changes.
 */
import { Node, SyntaxKind, type ArrayLiteralExpression, type ObjectLiteralElementLike, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import { propertyName } from './locate';
import type { PlannedSetting, TypedValue } from './record';
import { listNote, oneLine, renderValue, settingComment, type Quote } from './render';

/** Replace `[start, end)` of the file with `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** How the file is written: quotes, one indent step, trailing commas in multi-line literals. */
export interface Style {
  readonly quote: Quote;
  readonly unit: string;
  readonly trailingComma: boolean;
}

/** The style of `sf`, judged from its text (single quotes, two spaces and trailing commas when unclear). */
export function detectStyle(sf: SourceFile): Style {
  const strings = sf.getDescendantsOfKind(SyntaxKind.StringLiteral).map((s) => s.getText()[0]);
  const quote: Quote = strings.filter((c) => c === '"').length > strings.filter((c) => c === "'").length ? '"' : "'";
  const text = sf.getFullText();
  // JSDoc continuation lines (` * …`) say nothing about the indent step
  const widths = [...text.matchAll(/^( +)[^\s*]/gm)].map((m) => m[1]!.length);
  const unit = /^\t+\S/m.test(text) && widths.length === 0 ? '\t' : ' '.repeat(widths.length > 0 ? Math.min(...widths) : 2);
  // the last property of multi-line literals: `key: value,` or `key: value` before the closing line
  const withComma = (text.match(/^[ \t]*[\w'"]+[ \t]*:[^\n]*,[ \t]*(\/\/[^\n]*)?\n\s*[}\]]/gm) ?? []).length;
  const without = (text.match(/^[ \t]*[\w'"]+[ \t]*:[^\n]*[^,\s{[(][ \t]*\n\s*[}\]]/gm) ?? []).length;
  return { quote, unit, trailingComma: withComma >= without };
}

/** A setting that changes a property the literal already has. */
interface Change {
  readonly prop: ObjectLiteralElementLike;
  readonly edits: readonly TextEdit[];
  readonly comment: string;
}

/** A property to add after the last one; `text` gets the indentation of the literal's properties. */
interface Addition {
  readonly comment?: string;
  readonly text: (indent: string) => string;
}

interface LiteralPlan {
  readonly changes: Change[];
  readonly removals: ObjectLiteralElementLike[];
  readonly additions: Addition[];
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

function lineEnd(text: string, pos: number): number {
  const n = text.indexOf('\n', pos);
  return n < 0 ? text.length : n;
}

function indentAt(text: string, pos: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, pos)))![0];
}

/** Whether `node` is the first thing on its line. */
function startsLine(text: string, node: Node): boolean {
  return text.slice(lineStart(text, node.getStart()), node.getStart()).trim() === '';
}

function commaAfter(node: Node): Node | undefined {
  return node.getNextSiblingIfKind(SyntaxKind.CommaToken);
}

/** Inserts `items` (already rendered, possibly with comment lines) after `last`, one per line. */
function appendLines(text: string, last: Node, items: readonly { comment?: string; text: string }[], indent: string, trailing: boolean): TextEdit[] {
  const comma = commaAfter(last);
  const anchor = comma ? comma.getEnd() : last.getEnd();
  const end = lineEnd(text, anchor);
  // after a comment that ends the line, not before it
  const at = /^\s*(\/\/.*|\/\*.*\*\/\s*)?$/.test(text.slice(anchor, end)) ? end : anchor;
  const body = items
    .map((it, i) => `\n${it.comment ? `${indent}${it.comment}\n` : ''}${indent}${it.text}${i < items.length - 1 || trailing ? ',' : ''}`)
    .join('');
  return [...(comma ? [] : [{ start: last.getEnd(), end: last.getEnd(), text: ',' }]), { start: at, end: at, text: body }];
}

/** Edits that append `items` to an array literal, in the array's own layout. */
function arrayAppend(text: string, arr: ArrayLiteralExpression, items: readonly TypedValue[], style: Style): TextEdit[] {
  const rendered = items.map((v) => renderValue(v, style.quote));
  const elements = arr.getElements();
  const last = elements[elements.length - 1];
  if (!last) return [{ start: arr.getStart(), end: arr.getEnd(), text: `[${rendered.join(', ')}]` }];
  if (startsLine(text, elements[0]!)) {
    return appendLines(text, last, rendered.map((t) => ({ text: t })), indentAt(text, elements[0]!.getStart()), commaAfter(last) !== undefined);
  }
  const comma = commaAfter(last);
  const at = comma ? comma.getEnd() : last.getEnd();
  return [{ start: at, end: at, text: `${comma ? ' ' : ', '}${rendered.join(', ')}${comma ? ',' : ''}` }];
}

/** What writing `settings` into `literal` changes, adds and moves. */
function planLiteral(text: string, literal: ObjectLiteralExpression, settings: readonly PlannedSetting[], style: Style): LiteralPlan {
  const props = literal.getProperties();
  let lastSpread = -1;
  props.forEach((p, i) => {
    if (Node.isSpreadAssignment(p)) lastSpread = i;
  });
  const plan: LiteralPlan = { changes: [], removals: [], additions: [] };
  const r = (v: TypedValue) => renderValue(v, style.quote);
  for (const s of settings) {
    const i = props.findIndex((p) => propertyName(p) === s.key);
    const p = props[i];
    const appends = s.list && !s.resets && s.added !== undefined && s.before !== undefined;
    if (p && i > lastSpread && Node.isPropertyAssignment(p)) {
      const init = p.getInitializerOrThrow();
      if (appends && Node.isArrayLiteralExpression(init)) {
        plan.changes.push({ prop: p, edits: arrayAppend(text, init, s.added!, style), comment: settingComment(s, `adds ${oneLine(r(s.added!))}`) });
      } else if (appends) {
        const items = s.added!.map(r).join(', ');
        plan.changes.push({ prop: p, edits: [{ start: init.getStart(), end: init.getEnd(), text: `[...${init.getText()}, ${items}]` }], comment: settingComment(s, `adds ${items}`) });
      } else {
        plan.changes.push({ prop: p, edits: [{ start: init.getStart(), end: init.getEnd(), text: r(s.value) }], comment: settingComment(s, `was: ${oneLine(init.getText())}`) });
      }
    } else if (p && i > lastSpread && Node.isShorthandPropertyAssignment(p)) {
      const value = appends ? `[...${s.key}, ${s.added!.map(r).join(', ')}]` : r(s.value);
      plan.changes.push({ prop: p, edits: [{ start: p.getStart(), end: p.getEnd(), text: `${s.key}: ${value}` }], comment: settingComment(s, appends ? undefined : `was: ${s.key}`) });
    } else if (p) {
      // written before a spread, which may override it: it moves after the spread, with the planned value
      plan.removals.push(p);
      plan.additions.push({ comment: settingComment(s, `was: ${oneLine(p.getText())} (before a spread)`), text: () => `${s.key}: ${r(s.value)}` });
    } else {
      plan.additions.push({ comment: settingComment(s, listNote(s)), text: () => `${s.key}: ${r(s.value)}` });
    }
  }
  return plan;
}

/** Applies edits (non-overlapping) to `text`, given relative to `offset`. */
function applyTo(text: string, offset: number, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start - offset) + e.text + out.slice(e.end - offset);
  return out;
}

/** Edits in place, for a literal with each property on a line of its own. */
function inPlaceEdits(text: string, literal: ObjectLiteralExpression, plan: LiteralPlan, style: Style): TextEdit[] | undefined {
  const props = literal.getProperties();
  if (props.length === 0 || !props.every((p) => startsLine(text, p))) return undefined;
  const indent = indentAt(text, props[0]!.getStart());
  const edits: TextEdit[] = [];
  for (const c of plan.changes) {
    const ls = lineStart(text, c.prop.getStart());
    edits.push({ start: ls, end: ls, text: `${indentAt(text, ls)}${c.comment}\n` }, ...c.edits);
  }
  for (const p of plan.removals) {
    const after = commaAfter(p)?.getEnd() ?? p.getEnd();
    const end = lineEnd(text, after);
    if (text.slice(after, end).trim() !== '') return undefined;
    edits.push({ start: lineStart(text, p.getStart()), end: Math.min(end + 1, text.length), text: '' });
  }
  const kept = props.filter((p) => !plan.removals.includes(p));
  const last = kept[kept.length - 1];
  if (plan.additions.length > 0) {
    if (!last) return undefined;
    const trailing = commaAfter(props[props.length - 1]!) !== undefined || (props.length === 1 && style.trailingComma);
    edits.push(...appendLines(text, last, plan.additions.map((a) => ({ ...(a.comment ? { comment: a.comment } : {}), text: a.text(indent) })), indent, trailing));
  }
  return edits;
}

/** The literal rewritten one property per line (its properties' own text kept, comments included). */
function rewriteEdit(text: string, literal: ObjectLiteralExpression, plan: LiteralPlan, style: Style): TextEdit {
  const base = indentAt(text, literal.getStart());
  const indent = base + style.unit;
  const props = literal.getProperties();
  const open = literal.getFirstChildByKindOrThrow(SyntaxKind.OpenBraceToken);
  const close = literal.getLastChildByKindOrThrow(SyntaxKind.CloseBraceToken);
  const lines: string[] = [];
  let from = open.getEnd();
  for (const p of props) {
    const segment = text.slice(from, p.getEnd());
    from = commaAfter(p)?.getEnd() ?? p.getEnd();
    if (plan.removals.includes(p)) continue;
    const change = plan.changes.find((c) => c.prop === p);
    if (change) lines.push(`${indent}${change.comment}`);
    lines.push(`${indent}${applyTo(segment, p.getEnd() - segment.length, change?.edits ?? []).trim()},`);
  }
  for (const a of plan.additions) {
    if (a.comment) lines.push(`${indent}${a.comment}`);
    lines.push(`${indent}${a.text(indent)},`);
  }
  const rest = text.slice(from, close.getStart()).trim();
  if (rest) lines.push(`${indent}${rest}`);
  if (!style.trailingComma && !rest) lines[lines.length - 1] = lines[lines.length - 1]!.replace(/,$/, '');
  return { start: literal.getStart(), end: literal.getEnd(), text: `{\n${lines.join('\n')}\n${base}}` };
}

function literalEdits(literal: ObjectLiteralExpression, plan: LiteralPlan, style: Style): TextEdit[] {
  const text = literal.getSourceFile().getFullText();
  return inPlaceEdits(text, literal, plan, style) ?? [rewriteEdit(text, literal, plan, style)];
}

/** Edits that write `settings` into the `service:` literal `literal`. */
export function serviceEdits(literal: ObjectLiteralExpression, settings: readonly PlannedSetting[], style: Style): TextEdit[] {
  return literalEdits(literal, planLiteral(literal.getSourceFile().getFullText(), literal, settings, style), style);
}

/**
 * Edits that add `service: { ...SPREAD.service, settings }` to props whose service settings come from
 * the spread `spread` (only this construct's props change, not the shared object).
 */
export function newServiceEdits(props: ObjectLiteralExpression, spread: string, settings: readonly PlannedSetting[], style: Style): TextEdit[] {
  const addition: Addition = {
    text: (indent) => {
      const inner = indent + style.unit;
      const lines = settings.flatMap((s) => [`${inner}${settingComment(s, listNote(s))}`, `${inner}${s.key}: ${renderValue(s.value, style.quote)},`]);
      return `service: {\n${inner}...${spread}.service,\n${lines.join('\n')}\n${indent}}`;
    },
  };
  return literalEdits(props, { changes: [], removals: [], additions: [addition] }, style);
}
