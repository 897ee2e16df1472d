/**
 * Writes the planned constructs as a TypeScript module, built with ts-morph (loaded here, lazily:
 * only the import command pays for it) and formatted by it. Every typed setting carries the comments
 * that preceded it in the unit file; raw entries say why they are raw.
 */
import type { CodeBlockWriter, SourceFile } from 'ts-morph';
import type { ConvertedDocument, ConvertedSection, RawSetting } from './convert';
import type { PlannedComments, PlannedUnit } from './plan';
import { commentLines, literal, propertyName, stringLiteral } from './literal';

/** What the emitter needs besides the plan: names and per-service policy and notes. */
export interface EmitUnit {
  readonly plan: PlannedUnit;
  /** Variable holding the construct (services that an activator links to). */
  readonly variable?: string;
  /** For an activator: the variable of its service. */
  readonly serviceVariable?: string;
  /** For a service: the budget that keeps its exposure, and the comment explaining it. */
  readonly budget?: { readonly value: number; readonly comment: string };
  /** Comment lines written before the declaration (e.g. --suggest). */
  readonly before?: readonly string[];
}

/** Options of {@link emitModule}. */
export interface EmitOptions {
  /** Where the constructs are imported from. */
  readonly moduleSpecifier: string;
  /** Name of the exported function declaring the units. */
  readonly functionName: string;
  /** Host id and release of the host the module declares when run directly. */
  readonly hostId: string;
  readonly systemd: string;
  /** Header comment lines (what was imported, with which options). */
  readonly header: readonly string[];
}

/** Lower-case property of a section in a construct's props. */
const PROP: Readonly<Record<string, string>> = { Unit: 'unit', Service: 'service', Socket: 'socket', Timer: 'timer', Install: 'install' };
const CONSTRUCT: Readonly<Record<string, string>> = { service: 'SystemdService', socket: 'SystemdSocket', timer: 'SystemdTimer' };

function writeComments(w: CodeBlockWriter, lines: readonly string[]): void {
  for (const l of lines) for (const c of commentLines(l)) w.writeLine(c);
}

/** `{ Key: value, … }` of one section's typed settings, comments above each. */
function typedObject(w: CodeBlockWriter, section: ConvertedSection, comments: PlannedComments): void {
  w.write('{').newLine();
  for (const t of section.typed) {
    for (const p of t.positions) writeComments(w, comments.at(p));
    w.writeLine(`${propertyName(t.key)}: ${literal(t.value)},`);
  }
  w.write('}');
}

/** `{ Section: [{ key, value }, …], … }` of the raw entries, each key's reason once. */
function extraObject(w: CodeBlockWriter, doc: ConvertedDocument, comments: PlannedComments): void {
  w.write('{').newLine();
  for (const section of doc.sections) {
    if (section.raw.length === 0) continue;
    w.write(`${propertyName(section.name)}: [`).newLine();
    let last: RawSetting | undefined;
    for (const r of section.raw) {
      writeComments(w, comments.at(r.position));
      if (!last || last.key !== r.key || last.reason !== r.reason) w.writeLine(`// ${r.key}=: ${r.reason}`.replace(/[\r\n\u2028\u2029]/g, ' '));
      w.writeLine(`{ key: ${stringLiteral(r.key)}, value: ${stringLiteral(r.value)} },`);
      last = r;
    }
    w.write('],').newLine();
  }
  w.write('}');
}

const hasRaw = (doc: ConvertedDocument): boolean => doc.sections.some((s) => s.raw.length > 0);

/** The section properties of a construct (`unit: {…}, service: {…}, install: {…}, extra: {…}`). */
function sectionProps(w: CodeBlockWriter, u: PlannedUnit, required: readonly string[]): void {
  for (const name of required) {
    const section = u.converted.sections.find((s) => s.name === name);
    w.write(`${PROP[name]}: `);
    if (section) typedObject(w, section, u.comments);
    else w.write('{}');
    w.write(',').newLine();
  }
  if (hasRaw(u.converted)) {
    w.write('extra: ');
    extraObject(w, u.converted, u.comments);
    w.write(',').newLine();
  }
}

/** The `new …(host, id, {…})` statement of one unit and its drop-ins. */
function writeUnit(w: CodeBlockWriter, e: EmitUnit, first: boolean): void {
  const u = e.plan;
  if (!first) w.blankLine();
  writeComments(w, [`from ${u.file}`, ...u.notes, ...u.comments.unit, ...(e.before ?? [])]);
  const stem = u.unitName.slice(0, u.unitName.lastIndexOf('.'));
  const typeSection = u.kind === 'service' ? 'Service' : u.kind === 'socket' ? 'Socket' : 'Timer';
  w.write(`${e.variable ? `const ${e.variable} = ` : ''}new ${CONSTRUCT[u.kind]}(host, ${stringLiteral(u.unitName)}, `).inlineBlock(() => {
    if (e.serviceVariable) w.writeLine(`service: ${e.serviceVariable},`);
    w.writeLine(`name: ${stringLiteral(stem)},`);
    // Every section is given, empty ones too: the constructs' defaults (WantedBy=, Description=) are not the file's.
    // An explicit Unit=/Service= stays as written: it wins over the one the construct derives.
    sectionProps(w, u, ['Unit', typeSection, 'Install']);
    if (e.budget) {
      writeComments(w, [e.budget.comment]);
      w.writeLine(`policy: { budget: ${e.budget.value.toFixed(1)} },`);
    }
  });
  w.write(');').newLine();
  for (const d of u.dropIns) {
    w.blankLine();
    const kept = d.folder === `${u.unitName}.d` ? [] : [`found in ${d.folder}/, which applies to more units than ${u.unitName}: declared for ${u.unitName} only`];
    writeComments(w, [`drop-in ${d.file}`, ...kept, ...d.comments.unit]);
    const base = d.fileName.replace(/\.conf$/, '');
    w.write(`new SystemdDropIn(host, ${stringLiteral(`${u.unitName}.d-${base}`)}, `).inlineBlock(() => {
      w.writeLine(`unit: ${stringLiteral(u.unitName)},`);
      w.writeLine(`fileName: ${stringLiteral(base)},`);
      w.write('sections: {').newLine();
      for (const s of d.converted.sections) {
        if (!s.typedSection || s.typed.length === 0) continue;
        w.write(`${propertyName(s.name)}: `);
        typedObject(w, s, d.comments);
        w.write(',').newLine();
      }
      w.write('},').newLine();
      if (hasRaw(d.converted)) {
        w.write('extra: ');
        extraObject(w, d.converted, d.comments);
        w.write(',').newLine();
      }
    });
    w.write(');').newLine();
  }
}

/** The module's text: imports, the exported function declaring every unit, and a main block. */
export function emitModule(units: readonly EmitUnit[], options: EmitOptions): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Project, IndentationText, QuoteKind } = require('ts-morph') as typeof import('ts-morph');
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single },
  });
  const file: SourceFile = project.createSourceFile('imported.ts', '');
  const used = new Set(['App', 'SystemdHost', 'SystemdStack', ...units.map((u) => CONSTRUCT[u.plan.kind]!)]);
  if (units.some((u) => u.plan.dropIns.length > 0)) used.add('SystemdDropIn');
  file.addImportDeclaration({ moduleSpecifier: options.moduleSpecifier, namedImports: [...used].sort() });
  file.insertStatements(0, options.header.flatMap((l) => commentLines(l)).join('\n'));
  file.addFunction({
    isExported: true,
    name: options.functionName,
    parameters: [{ name: 'host', type: 'SystemdHost' }],
    returnType: 'void',
    docs: [`Declares the ${units.length} imported unit${units.length === 1 ? '' : 's'} on \`host\`.`],
    statements: (w) => {
      units.forEach((u, i) => writeUnit(w, u, i === 0));
    },
  });
  file.addStatements((w) => {
    w.blankLineIfLastNot();
    w.writeLine(`// Run directly (npx tsx FILE): synthesizes the units for host '${options.hostId}' (systemd ${options.systemd}), deployed locally.`);
    w.write('if (require.main === module)').block(() => {
      w.writeLine('const app = new App();');
      w.writeLine(`const stack = new SystemdStack(app, 'imported');`);
      w.writeLine(`${options.functionName}(new SystemdHost(stack, ${stringLiteral(options.hostId)}, { target: { type: 'local' }, systemd: ${stringLiteral(options.systemd)} }));`);
      w.writeLine('app.synth();');
    });
  });
  file.formatText({ indentSize: 2, convertTabsToSpaces: true });
  // One blank line between blocks (string literals hold no raw line breaks, so this touches layout only).
  return file.getFullText().replace(/\n{3,}/g, '\n\n');
}
