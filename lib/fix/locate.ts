/**
 * Finds, in the user's TypeScript, the object literal a failing service's settings go into: the
 * `new SystemdService(scope, id, props)` at the site the construct recorded, then its props and their
 * `service:` literal, following `const` variables of the same file. Anything else (a function call, a
 * parameter, a variable used more than once) is reported with the reason instead of guessed at.
 */
import { Node, SyntaxKind, type Expression, type Identifier, type NewExpression, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';

/** Where the settings go: into `literal` itself, or as a new `service:` after the props' spread. */
export type Placement =
  | { readonly kind: 'service'; readonly literal: ObjectLiteralExpression }
  | { readonly kind: 'new-service'; readonly props: ObjectLiteralExpression; readonly spread: string };

/** A placement, or why there is none, with the line that explains it. */
export type Located = { readonly ok: true; readonly placement: Placement; readonly site: NewExpression } | { readonly ok: false; readonly reason: string; readonly line: number };

function unwrap(e: Expression): Expression {
  let x: Node = e;
  while (Node.isParenthesizedExpression(x) || Node.isAsExpression(x) || Node.isSatisfiesExpression(x) || Node.isNonNullExpression(x) || Node.isTypeAssertion(x)) x = x.getExpression();
  return x as Expression;
}

/** The name of a property as written (`service`, `'service'`). */
export function propertyName(p: Node): string | undefined {
  if (!Node.isPropertyAssignment(p) && !Node.isShorthandPropertyAssignment(p)) return undefined;
  const n = p.getNameNode();
  if (Node.isIdentifier(n)) return n.getText();
  if (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) return n.getLiteralText();
  return undefined;
}

/** The declaration `name` refers to at `from`: a same-file const, or why it cannot be followed. */
function resolveName(from: Identifier): { init: Expression; line: number } | string {
  const name = from.getText();
  for (let a: Node | undefined = from.getParent(); a; a = a.getParent()) {
    if (Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a) || Node.isFunctionExpression(a)) {
      if (a.getParameters().some((p) => p.getName() === name)) return `\`${name}\`, a parameter of ${fnName(a)}`;
    }
    if (Node.isForOfStatement(a) || Node.isForInStatement(a)) {
      if (a.getInitializer().getText().match(new RegExp(`\\b${name}\\b`))) return `\`${name}\`, a loop variable`;
    }
    if (!(Node.isSourceFile(a) || Node.isBlock(a) || Node.isModuleBlock(a))) continue;
    for (const st of a.getStatements()) {
      if (Node.isImportDeclaration(st) && st.getNamedImports().some((i) => (i.getAliasNode() ?? i.getNameNode()).getText() === name)) {
        return `\`${name}\`, imported from '${st.getModuleSpecifierValue()}'`;
      }
      if (!Node.isVariableStatement(st)) continue;
      const decl = st.getDeclarations().find((d) => d.getName() === name);
      if (!decl) continue;
      const line = decl.getStartLineNumber();
      if (st.getDeclarationKind() !== 'const') return `\`${name}\`, declared with ${st.getDeclarationKind()} (line ${line}), so it may change`;
      const init = decl.getInitializer();
      if (!init) return `\`${name}\`, declared without a value (line ${line})`;
      if (st.isExported()) return `\`${name}\` (line ${line}), exported, so other files may use it too`;
      const uses = references(from.getSourceFile(), name, decl.getNameNode());
      if (uses > 1) return `\`${name}\` (line ${line}), used ${uses} times in this file, so a change would reach more than this construct`;
      return { init, line };
    }
  }
  return `\`${name}\`, not declared in this file`;
}

function fnName(f: Node): string {
  const n = (f as { getName?: () => string | undefined }).getName?.();
  return n ? `function ${n}` : 'a function';
}

/** How often `name` is read in `sf` (property names and the declaration itself not counted). */
function references(sf: SourceFile, name: string, declared: Node): number {
  return sf.getDescendantsOfKind(SyntaxKind.Identifier).filter((id) => {
    if (id.getText() !== name || id === declared) return false;
    const p = id.getParent();
    if (Node.isPropertyAssignment(p) && p.getNameNode() === id) return false;
    if (Node.isPropertyAccessExpression(p) && p.getNameNode() === id) return false;
    return true;
  }).length;
}

/** Follows `e` to an object literal of this file, or says why it cannot. */
function objectOf(e: Expression, what: string): ObjectLiteralExpression | string {
  const x = unwrap(e);
  if (Node.isObjectLiteralExpression(x)) return x;
  if (Node.isIdentifier(x)) {
    const r = resolveName(x);
    return typeof r === 'string' ? `its ${what} come from ${r}` : objectOf(r.init, what);
  }
  if (Node.isCallExpression(x)) return `its ${what} are built by a function call (${x.getExpression().getText()}(…))`;
  return `its ${what} are \`${x.getText().split('\n')[0]}\`, not an object literal`;
}

/** The offset of 1-based `line`:`column` in `sf`, or undefined when the file has no such place. */
function offsetOf(sf: SourceFile, line: number, column: number): number | undefined {
  try {
    return sf.compilerNode.getPositionOfLineAndCharacter(line - 1, column - 1);
  } catch {
    return undefined;
  }
}

/** The `new` expression starting at 1-based `line`:`column` of `sf`. */
function newAt(sf: SourceFile, line: number, column: number): NewExpression | undefined {
  const pos = offsetOf(sf, line, column);
  if (pos === undefined) return undefined;
  // the `new` token and the expression it opens start at the same position
  for (let n: Node | undefined = sf.getDescendantAtPos(pos); n && n.getStart() === pos; n = n.getParent()) {
    if (Node.isNewExpression(n)) return n;
  }
  return undefined;
}

/** The callee of a call expression starting at `line`:`column`, if one does. */
function callAt(sf: SourceFile, line: number, column: number): string | undefined {
  const pos = offsetOf(sf, line, column);
  if (pos === undefined) return undefined;
  for (let n: Node | undefined = sf.getDescendantAtPos(pos); n; n = n.getParent()) {
    if (!Node.isCallExpression(n)) continue;
    // V8 places a method call at the method's name (`lib.make` at `make`)
    const e = n.getExpression();
    const anchor = Node.isPropertyAccessExpression(e) ? e.getNameNode() : e;
    return anchor.getStart() === pos ? e.getText() : undefined;
  }
  return undefined;
}

/** Finds where the settings of the construct `id` declared at `line`:`column` of `sf` go. */
export function locate(sf: SourceFile, line: number, column: number, id: string): Located {
  const site = newAt(sf, line, column);
  if (!site) {
    const call = callAt(sf, line, column);
    // the construct was made in code outside the project (e.g. an installed package) called from here
    if (call) return { ok: false, reason: `the construct is made inside ${call}(…), whose code is not in this project`, line };
    return { ok: false, reason: 'no `new …(…)` expression starts here (was the file changed since the app ran?)', line };
  }
  const args = site.getArguments();
  const idArg = args[1];
  if (idArg && (Node.isStringLiteral(idArg) || Node.isNoSubstitutionTemplateLiteral(idArg)) && idArg.getLiteralText() !== id) {
    return { ok: false, reason: `the construct here is '${idArg.getLiteralText()}', not '${id}' (was the file changed since the app ran?)`, line };
  }
  const propsArg = args[2];
  if (!propsArg) return { ok: false, reason: 'the construct is given no props', line };
  const props = objectOf(propsArg as Expression, 'props');
  if (typeof props === 'string') return { ok: false, reason: props, line };
  const service = props.getProperties().find((p) => propertyName(p) === 'service');
  if (Node.isPropertyAssignment(service)) {
    const literal = objectOf(service.getInitializerOrThrow(), 'service settings');
    return typeof literal === 'string' ? { ok: false, reason: literal, line: service.getStartLineNumber() } : { ok: true, placement: { kind: 'service', literal }, site };
  }
  if (Node.isShorthandPropertyAssignment(service)) {
    const literal = objectOf(service.getNameNode(), 'service settings');
    return typeof literal === 'string' ? { ok: false, reason: literal, line: service.getStartLineNumber() } : { ok: true, placement: { kind: 'service', literal }, site };
  }
  const spread = props.getProperties().filter((p) => Node.isSpreadAssignment(p)).pop();
  if (spread && Node.isSpreadAssignment(spread)) {
    const e = unwrap(spread.getExpression());
    if (Node.isIdentifier(e) || Node.isPropertyAccessExpression(e)) return { ok: true, placement: { kind: 'new-service', props, spread: e.getText() }, site };
    return { ok: false, reason: `its service settings come from \`...${e.getText()}\`, which is not a plain name`, line: spread.getStartLineNumber() };
  }
  return { ok: false, reason: 'its props have no `service:` property', line: props.getStartLineNumber() };
}
