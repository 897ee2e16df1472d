/**
 * The HTML and Markdown reports are written as they are made: the files hold exactly the bytes of
 * the one-string forms (`reportHtml`, `stackMarkdown`), for small and large stacks, with text that
 * needs escaping and text outside ASCII, and the buffered writer never cuts a character in two.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { App, SystemdHost, SystemdService, SystemdStack } from '../../lib/constructs';
import { SUPPORTED_RELEASES } from '../../lib/exposure';
import { baselineOf, compareBaseline, reportHtml, stackMarkdown, stackReport, withBaseline, type StackReport } from '../../lib/report';
import { reportHtmlPieces, writeReportHtml } from '../../lib/report/html';
import { trimmedEnd, writeStackMarkdown } from '../../lib/report/markdown';
import type { ReportUnit } from '../../lib/report/model';
import * as stackReports from '../../lib/report/stack-reports';
import { BufferedFileWriter, joined, joinPieces, writeTextFile } from '../../lib/report/text-file';
import * as presets from '../../presets';
import { failingApp, tempDir, withStderr } from './helpers';

let dir: string;
beforeAll(() => (dir = tempDir('streamed-reports')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const TODAY = new Date();
const day = (offset: number): string => new Date(TODAY.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
/** Text the HTML must escape, and characters of two, three and four UTF-8 bytes (the last a surrogate pair). */
const ODD = `<b>"x" & 'y'</b> — ünïcødé 日本 🚀|pipe`;

/** What `writeStackReports` was given at synth, captured while it runs as usual. */
function synthInputs(app: App): Array<{ dir: string; input: stackReports.StackReportsInput }> {
  const calls: Array<{ dir: string; input: stackReports.StackReportsInput }> = [];
  const real = stackReports.writeStackReports;
  const spy = jest.spyOn(stackReports, 'writeStackReports').mockImplementation((d, input) => (calls.push({ dir: d, input }), real(d, input)));
  try {
    withStderr(() => app.synth()); // synth's notices (acknowledgements expiring soon) are not this test's
  } finally {
    spy.mockRestore();
  }
  return calls;
}

/** An app of `n` services over three hosts (one per release), every fifth with an acknowledgement of odd text. */
function largeApp(outdir: string, n: number): App {
  const app = new App({ outdir, skipValidation: true });
  const stack = new SystemdStack(app, 'big');
  const hosts = SUPPORTED_RELEASES.map((systemd, i) => new SystemdHost(stack, `h${i}`, { target: { type: 'local' }, systemd }));
  for (let i = 0; i < n; i++) {
    const kind = i % 3;
    const preset = kind === 0 ? presets.strict() : kind === 1 ? presets.networkService({ ports: [8000 + i] }) : presets.batch();
    const ack = kind === 1 && i % 5 === 1 ? { policy: { acknowledgements: [{ check: 'PrivateNetwork', reason: `${ODD} #${i}`, ...(i % 2 ? { expires: day(10 + (i % 40)) } : {}) }] } } : {};
    new SystemdService(hosts[i % hosts.length]!, `svc${i}`, { preset, service: { ExecStart: [`/usr/bin/app --instance ${i}`] }, ...ack });
  }
  return app;
}

/** The units with names, hosts and warnings of odd text (what a user's ids and directives could hold). */
function oddUnits(units: readonly ReportUnit[]): ReportUnit[] {
  return units.map((u, i) => ({
    ...u,
    entry: { ...u.entry, unit: `${ODD} ${u.entry.unit}`, host: `${u.entry.host}-ü`, warnings: i % 7 === 0 ? [`${ODD}: newer than the host's systemd`, 'tab\there'] : [] },
  }));
}

/** The report with a baseline section: every other unit's scores moved in the committed baseline. */
function withMovedBaseline(report: StackReport): StackReport {
  const now = { units: report.json.units.map((u) => ({ path: u.path, host: u.host, unit: u.unit, systemd: u.systemd, offline: u.offline, live: u.live, failing_checks: [] })) };
  const before = baselineOf({ units: now.units.map((u, i) => (i % 2 ? { ...u, offline: Math.max(0, u.offline - 1) } : u)).slice(1) });
  return withBaseline(report, compareBaseline(`baseline ${ODD}.json`, before, now), false);
}

/** Writes with `write` and reads the file back as bytes. */
function written(write: (file: string) => void): Buffer {
  const file = path.join(dir, 'out');
  write(file);
  return fs.readFileSync(file);
}

/** Checks both writers against the string forms for these inputs; returns the HTML for further checks. */
function expectSameBytes(units: readonly ReportUnit[], report: StackReport, title: string): string {
  const entries = units.map((u) => u.entry);
  const options = { title, expiringBefore: day(30) };
  const html = reportHtml(report.json, options);
  const md = stackMarkdown(entries, report, title);
  expect(written((f) => writeReportHtml(f, report.json, options)).equals(Buffer.from(html, 'utf8'))).toBe(true);
  expect(written((f) => writeStackMarkdown(f, entries, report, title)).equals(Buffer.from(md, 'utf8'))).toBe(true);
  return html;
}

describe('the HTML and Markdown reports written as they are made', () => {
  it('are byte for byte the string forms in a small synthesized stack', () => {
    const { app } = failingApp(path.join(dir, 'small'));
    const [call] = synthInputs(app);
    const { input } = call!;
    const title = `Exposure report: ${input.stack}`;
    const html = fs.readFileSync(path.join(call!.dir, stackReports.REPORT_FILES.html), 'utf8');
    const md = fs.readFileSync(path.join(call!.dir, stackReports.REPORT_FILES.markdown), 'utf8');
    const report = stackReport(input.units, { today: input.today });
    expect(html).toBe(reportHtml(report.json, { title, expiringBefore: day(30) }));
    expect(md).toBe(stackMarkdown(input.units.map((u) => u.entry), report, title));
    expectSameBytes(input.units, report, title);
  });

  it('are byte for byte the string forms for hundreds of units, odd text, warnings and a baseline', () => {
    const [call] = synthInputs(largeApp(path.join(dir, 'large'), 300));
    const { input } = call!;
    expect(input.units).toHaveLength(300);
    const report = stackReport(input.units, { today: input.today });
    // what synth wrote
    const title = `Exposure report: ${input.stack}`;
    expect(fs.readFileSync(path.join(call!.dir, stackReports.REPORT_FILES.html)).equals(Buffer.from(reportHtml(report.json, { title, expiringBefore: day(30) })))).toBe(true);
    expect(fs.readFileSync(path.join(call!.dir, stackReports.REPORT_FILES.markdown)).equals(Buffer.from(stackMarkdown(input.units.map((u) => u.entry), report, title)))).toBe(true);
    // odd names, hosts and warnings, then a baseline of moved scores
    const odd = oddUnits(input.units);
    const oddReport = stackReport(odd, { today: input.today });
    const html = expectSameBytes(odd, oddReport, `Exposure report: ${ODD}`);
    expect(html).toContain('&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt; — ünïcødé 日本 🚀');
    expect(html).not.toContain('<b>"x"');
    expect(html).toContain('expires soon');
    const based = withMovedBaseline(oddReport);
    expect(based.json.baseline!.changes.length).toBeGreaterThan(100);
    expectSameBytes(odd, based, 'Exposure report: 🚀');
    // the large page comes in many pieces (a row, or a heat-map cell, at a time), not a few big ones
    const pieces = [...reportHtmlPieces(based.json, { title: 't' })];
    expect(pieces.length).toBeGreaterThan(odd.length * 3);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(20_000);
  });

  it('of a stack with no unit are the string forms too', () => {
    const report = stackReport([]);
    expectSameBytes([], report, '');
    expectSameBytes([], withBaseline(report, { file: 'b.json', units: [] }, true), ODD);
  });
});

describe('BufferedFileWriter', () => {
  const viaWriter = (pieces: readonly string[], joinAt?: number, writeAt?: number): Buffer =>
    written((file) => {
      const fd = fs.openSync(file, 'w');
      try {
        const out = new BufferedFileWriter(fd, joinAt, writeAt);
        for (const p of pieces) out.put(p);
        out.flush();
      } finally {
        fs.closeSync(fd);
      }
    });

  it('writes the UTF-8 of the joined pieces, wherever a join or a write falls (pairs cut between pieces too)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 40 }),
        (pieces, joinAt, writeAt) => {
          // cut every piece after its first code unit as well: a surrogate pair may now span two pieces
          const cut = pieces.flatMap((p) => [p.slice(0, 1), p.slice(1)]);
          const expected = Buffer.from(pieces.join(''), 'utf8');
          expect(viaWriter(pieces, joinAt, writeAt).equals(expected)).toBe(true);
          expect(viaWriter(cut, joinAt, writeAt).equals(expected)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps a surrogate pair whole across the default join, and writes pieces larger than its buffer', () => {
    const fill = 'a'.repeat((1 << 15) - 1);
    const pieces = [fill, '\ud83d', '\ude80', ' ü 日'];
    expect(written((f) => writeTextFile(f, pieces)).equals(Buffer.from(`${fill}🚀 ü 日`, 'utf8'))).toBe(true);
    const large = ['x', 'ü'.repeat(1 << 20), '\ud83d', '\ude80', 'y'.repeat(3 << 20), 'z'];
    expect(viaWriter(large).equals(Buffer.from(large.join(''), 'utf8'))).toBe(true);
  });
});

describe('joined and trimmedEnd', () => {
  it('joined gives the pieces of items.join(sep), items whole or in pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 })), fc.string({ maxLength: 2 }), (items, sep) => {
        const mixed = items.map((parts, i) => (i % 2 ? parts.join('') : parts));
        expect(joinPieces(joined(mixed, sep))).toBe(items.map((p) => p.join('')).join(sep));
      }),
    );
  });

  it("trimmedEnd's lines join to the lines' join, trimmed at the end", () => {
    const line = fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\n', '\u00a0', 'ü'), maxLength: 4 });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        expect([...trimmedEnd(lines)].join('\n')).toBe(lines.join('\n').trimEnd());
      }),
      { numRuns: 500 },
    );
  });
});
