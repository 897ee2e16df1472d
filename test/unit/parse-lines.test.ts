/**
 * Line ends and NUL bytes as systemd's read_line() splits them (lib/unit/parse.ts splitLines): each
 * hand-made file is loaded by the real `systemd-analyze verify` of every release, and the line numbers
 * it reports for the unknown keys Foo= and Bar= must be where our parser finds them. The expectations
 * in `recorded` are what 252, 257 and 262 printed (the test re-checks them against the oracles).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseUnitText, splitLines } from '../../lib/unit/parse';
import { loadUnitFile } from '../../lib/unit/load';
import { describeEachOracle, runOracleCommand } from '../support/oracle';

const TAIL = '[Service]\nExecStart=/bin/true\n';
/** File text → the lines of Foo= and Bar= systemd reports (recorded from 252, 257 and 262). */
const CASES: ReadonlyArray<readonly [string, string, Readonly<Record<string, number>>]> = [
  ['NUL ends a line', '[Unit]\nDescription=a\0Foo=1\n', { Foo: 3 }],
  ['\\n\\r is one line end', '[Unit]\n\rFoo=1\n', { Foo: 2 }],
  ['\\r\\r is two', '[Unit]\r\rFoo=1\n', { Foo: 3 }],
  ['a continuation over \\n\\r joins the next line', '[Unit]\nDescription=a \\\n\rFoo=1\n', {}],
  ['\\0\\n is two line ends', '[Unit]\nDescription=x\0\nFoo=1\n', { Foo: 4 }],
  ['\\n\\0 is one', '[Unit]\nDescription=x\n\0Foo=1\n', { Foo: 3 }],
  ['\\r\\n\\r is two', '[Unit]\r\n\rFoo=1\n', { Foo: 3 }],
  ['a continuation ends at the empty line after \\r\\n\\r', '[Unit]\nDescription=a \\\r\n\rFoo=1\nBar=2\n', { Foo: 4, Bar: 5 }],
];

function ours(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of parseUnitText(text + TAIL).document.sections) {
    for (const e of s.entries) if (e.key === 'Foo' || e.key === 'Bar') out[e.key] = e.position!.line;
  }
  return out;
}

describe('read_line() line ends', () => {
  it.each(CASES)('%s', (_name, text, lines) => {
    expect(ours(text)).toEqual(lines);
  });

  it('the file reader (lib/unit/read-unit-text.ts, used by loadUnitFile and the CLI) keeps the same settings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-lines-'));
    try {
      CASES.forEach(([, text], i) => {
        const f = path.join(dir, `r${i}.service`);
        fs.writeFileSync(f, text + TAIL);
        const pairs = (doc: { sections: ReadonlyArray<{ name: string; entries: ReadonlyArray<{ key: string; value: string }> }> }): string[] =>
          doc.sections.flatMap((sec) => sec.entries.map((e) => `${sec.name}.${e.key}=${e.value}`));
        expect([i, pairs(loadUnitFile(f, { dropIns: false }).document)]).toEqual([i, pairs(parseUnitText(text + TAIL).document)]);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('splits like read_line_full()', () => {
    expect(splitLines('a\n\rb\r\rc\0\nd\n\0e')).toEqual(['a', 'b', '', 'c', '', 'd', 'e']);
    expect(splitLines('')).toEqual([]);
    expect(splitLines('x')).toEqual(['x']);
    expect(splitLines('x\n')).toEqual(['x']);
  });
});

describeEachOracle('line ends as systemd $release reads them ($suite)', ({ suite }) => {
  it('reports the unknown keys on the lines our parser finds them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parse-lines-'));
    try {
      const files = CASES.map(([, text], i) => {
        const f = path.join(dir, `l${i}.service`);
        fs.writeFileSync(f, text + TAIL);
        return f;
      });
      const r = runOracleCommand(suite, ['verify', '--man=no', ...files]);
      const seen = CASES.map(() => ({}) as Record<string, number>);
      for (const m of `${r.stdout}\n${r.stderr}`.matchAll(/l(\d+)\.service:(\d+): Unknown key '(\w+)'/g)) seen[Number(m[1])]![m[3]!] = Number(m[2]);
      expect(seen).toEqual(CASES.map(([, text]) => ours(text)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
