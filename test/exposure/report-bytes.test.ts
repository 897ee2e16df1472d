/**
 * reportBytes() writes the UTF-8 bytes of renderReportText() without making the string: checked on
 * every service of this machine on each release, in both glyph modes, and on rows whose names and
 * descriptions hold what real rows rarely do (surrogate pairs, lone surrogates, wide and empty
 * texts, odd exposures). How the text itself compares with the real tool's is judged by
 * test/cli/machine-units-cli.test.ts and batch-drop-ins.test.ts, which run `score` (these bytes).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { assessUnit, renderReportText, SUPPORTED_RELEASES, type CheckResult, type ExposureReport, type Glyphs } from '../../lib/exposure';
import { reportBytes } from '../../lib/exposure/report-bytes';
import { systemdRowOrder } from '../../lib/exposure/row-order';
import { loadUnitFile } from '../../lib/unit/load';

const GLYPHS: Glyphs[] = [
  { utf8: true, emoji: true },
  { utf8: true, emoji: false },
  { utf8: false, emoji: false },
];

function bytesOf(report: ExposureReport, glyphs: Glyphs, rows: readonly CheckResult[]): Buffer {
  const made = reportBytes(report, glyphs, rows);
  // Written into a larger buffer at an offset, with guards on both sides left untouched.
  const target = Buffer.alloc(made.size + 10, 0xee);
  const end = made.writeInto(target, 5);
  expect(end).toBe(5 + made.size);
  expect([...target.subarray(0, 5), ...target.subarray(end)]).toEqual(new Array(10).fill(0xee));
  return target.subarray(5, end);
}

const DIR = ['/lib/systemd/system', '/usr/lib/systemd/system'].find((d) => fs.existsSync(d));
const services = DIR === undefined ? [] : fs.readdirSync(DIR).filter((f) => f.endsWith('.service') && !f.includes('@')).sort().map((f) => path.join(DIR, f));

describe('reportBytes', () => {
  test('the bytes of renderReportText() for every service of this machine, each release and glyph mode', () => {
    expect(services.length).toBeGreaterThan(10);
    let compared = 0;
    for (const file of services) {
      const loaded = loadUnitFile(file);
      for (const release of SUPPORTED_RELEASES) {
        let report: ExposureReport;
        try {
          report = assessUnit({ name: path.basename(file), document: loaded.document, file }, { release });
        } catch {
          continue; // refused by systemd too (checked elsewhere)
        }
        const rows = systemdRowOrder(report, { document: loaded.document, file }, { release });
        for (const glyphs of GLYPHS) {
          expect(bytesOf(report, glyphs, rows).equals(Buffer.from(renderReportText(report, glyphs, rows), 'utf8'))).toBe(true);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(services.length);
  });

  test('the same bytes for any names, descriptions and exposures', () => {
    const base = assessUnit({ name: 'a.service', document: loadUnitFile(services[0]!).document });
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.constantFrom('', 'x\ud83d', '\ude00y', '\ud83d\ude00', 'caf\u00e9 \u2026', 'a'.repeat(200)),
    );
    const row = fc.record({
      name: text,
      description: text,
      set: fc.constantFrom(true, false, null),
      exposure: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 101, max: 5000 })),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.constantFrom(...GLYPHS), fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), (cells, glyphs, unit) => {
        const rows = cells.map((c, i): CheckResult => ({ ...base.checks[i % base.checks.length]!, ...c }));
        const report = { ...base, unit, checks: rows };
        expect(bytesOf(report, glyphs, rows).equals(Buffer.from(renderReportText(report, glyphs, rows), 'utf8'))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
