/**
 * The streamed report writers give the bytes of the one-string form: `writeJsonFile` those of
 * `JSON.stringify(value, null, 2) + '\n'`, `writeSarifFile` those of the whole SARIF log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { assessUnit, SUPPORTED_RELEASES } from '../../lib/exposure';
import { StreamedArray, writeJsonFile } from '../../lib/report/json-file';
import { sarifReport, type SarifUnit } from '../../lib/report/sarif';
import { writeSarifFile } from '../../lib/report/sarif-file';
import { parseUnitText } from '../../lib/unit/parse';
import { tempDir } from './helpers';

let dir: string;
beforeAll(() => (dir = tempDir('json-file')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const written = (write: (file: string) => void): string => {
  const file = path.join(dir, 'out.json');
  write(file);
  return fs.readFileSync(file, 'utf8');
};

describe('writeJsonFile', () => {
  it('writes what JSON.stringify(value, null, 2) does, for any JSON value and odd members', () => {
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), tie('arr'), tie('obj'), fc.constant(undefined), fc.string({ unit: 'binary' })),
      arr: fc.array(tie('any'), { maxLength: 4 }),
      obj: fc.dictionary(fc.string({ maxLength: 4 }), tie('any'), { maxKeys: 4 }),
    })).any;
    fc.assert(
      fc.property(value, (v) => {
        if (v === undefined) return;
        for (const levels of [1, 2, 4]) expect(written((f) => writeJsonFile(f, v, levels))).toBe(`${JSON.stringify(v, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it('writes a streamed array as the array of all its chunks', () => {
    const chunks = [[1, { a: [2, 'x\ny'] }], [], [[], {}, null], ['→ ✓']];
    for (const depth of [0, 1]) {
      let streamed: unknown = { head: 'h', items: new StreamedArray(chunks), tail: [undefined] };
      let plain: unknown = { head: 'h', items: chunks.flat(), tail: [undefined] };
      for (let i = 0; i < depth; i++) [streamed, plain] = [[{ k: streamed }], [{ k: plain }]];
      expect(written((f) => writeJsonFile(f, streamed))).toBe(`${JSON.stringify(plain, null, 2)}\n`);
    }
    expect(written((f) => writeJsonFile(f, { e: new StreamedArray([[], []]) }))).toBe(`${JSON.stringify({ e: [] }, null, 2)}\n`);
    expect(() => written((f) => writeJsonFile(f, [[[[[new StreamedArray([[1]])]]]]]))).toThrow(/piece by piece/);
  });
});

describe('writeSarifFile', () => {
  it('writes the whole log, in batches of units', () => {
    const text = (n: number) => `[Service]\nExecStart=/usr/bin/app ${n}\n${n % 2 ? 'PrivateNetwork=yes\n' : ''}${n % 3 ? 'ProtectSystem=strict\n' : ''}`;
    const scored = new Map<string, Pick<SarifUnit, 'offline' | 'live'>>();
    const units: SarifUnit[] = Array.from({ length: 600 }, (_, i) => {
      const release = SUPPORTED_RELEASES[(i * 7) % 3]!;
      const key = `${i % 6} ${release}`;
      if (!scored.has(key)) {
        const unit = { name: 'u.service', document: parseUnitText(text(i % 6)).document };
        scored.set(key, { offline: assessUnit(unit, { release }), live: assessUnit(unit, { release, mode: 'live' }) });
      }
      return {
        unit: `u${i}.service`,
        host: `h${i % 4}`,
        constructPath: `st/h${i % 4}/u${i}`,
        file: `units/h${i % 4}/u${i}.service`,
        ...scored.get(key)!,
        budgetTenths: 49 + (i % 3) * 20,
        ...(i % 5 === 0 ? { requiredChecks: ['PrivateNetwork'] } : {}),
      };
    });
    for (const n of [0, 1, 256, 257, 600]) {
      expect(written((f) => writeSarifFile(f, units.slice(0, n)))).toBe(`${JSON.stringify(sarifReport(units.slice(0, n)), null, 2)}\n`);
    }
  });
});
