/**
 * exposure-report.html in real headless Chromium (Debian's, driven by playwright-core): it loads with
 * no console error and no request, the figures on the page are the JSON report's, sorting and
 * filtering work, it reads without JavaScript, and a screenshot of the example app's report is saved
 * as docs/exposure-report.png.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SUPPORTED_RELEASES } from '../../lib/exposure';
import type { StackReportJson } from '../../lib/report';
import { REPO, failingApp, stackJson, synthExampleApp, tempDir } from './helpers';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const num = (n: number | null): string => (n === null ? '–' : n.toFixed(1));

/** The little of the DOM the page checks read (the project compiles without the DOM library); casts only. */
interface El {
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
  closest(selector: string): El | null;
  readonly offsetParent: unknown;
  readonly cells: ArrayLike<El>;
}

let browser: Browser;
const outdir = tempDir('html');
const exampleDir = synthExampleApp(path.join(outdir, 'example'));
const bad = failingApp(path.join(outdir, 'bad'));
bad.app.synth();

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  fs.rmSync(outdir, { recursive: true, force: true });
});

/** Opens a report; collects console errors, page errors and every request the page makes. */
async function open(dir: string, javaScriptEnabled = true): Promise<{ page: Page; problems: string[]; requests: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(path.join(dir, 'exposure-report.html')).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, requests, close: () => context.close() };
}

/** Texts of the cells of a table column, by `data-field`, in page order. */
const column = (page: Page, field: string) => page.$$eval(`#units-table tbody tr td[data-field="${field}"]`, (tds) => tds.map((td) => td.getAttribute('data-value') ?? td.textContent!.trim()));
const visibleUnits = (page: Page) => page.$$eval('#units-table tbody tr', (trs) => (trs as unknown as El[]).filter((tr) => tr.offsetParent !== null).map((tr) => tr.querySelector('td')!.textContent!));

async function expectFiguresOfJson(page: Page, json: StackReportJson): Promise<void> {
  expect(await column(page, 'unit')).toEqual(json.units.map((u) => u.unit));
  expect(await column(page, 'offline')).toEqual(json.units.map((u) => num(u.offline)));
  expect(await column(page, 'live')).toEqual(json.units.map((u) => num(u.live)));
  expect(await column(page, 'budget')).toEqual(json.units.map((u) => num(u.budget)));
  expect(await column(page, 'systemd')).toEqual(json.units.map((u) => u.systemd));
  expect(await column(page, 'level')).toEqual(json.units.map((u) => u.level));
  expect(await column(page, 'ok')).toEqual(json.units.map((u) => (u.ok ? 'yes' : 'no')));
  // the chart: offline bar, live bar and budget tick per unit
  const bars = await page.$$eval('svg.chart g.bar-row', (gs) => gs.map((g) => [g.getAttribute('data-path'), ...['rect.offline', 'rect.live', 'line.budget'].map((s) => g.querySelector(s)!.getAttribute('data-value'))]));
  expect(bars).toEqual(json.units.map((u) => [u.path, num(u.offline), num(u.live), num(u.budget)]));
  // the heat map: every failing check of every unit, at its worst mode
  const heat = await page.$$eval('#heat-table td.cell:not(.pass):not(.ack)', (tds) => (tds as unknown as El[]).map((td) => `${td.getAttribute('data-unit')} ${td.closest('tr')!.getAttribute('data-check')} ${td.getAttribute('data-value')}`));
  const expected = json.units.flatMap((u) => u.failing_checks.map((c) => `${u.path} ${c.json_field} ${num(Math.max(c.offline ?? 0, c.live ?? 0))}`));
  expect(heat.sort()).toEqual(expected.sort());
  // the release comparison: offline and live of each unit on each release
  const releases = await page.$$eval('#release-table tr.release-row', (trs) => (trs as unknown as El[]).map((tr) => [tr.getAttribute('data-path'), ...Array.from(tr.querySelectorAll('td[data-release]')).map((td) => `${td.getAttribute('data-release')} ${td.getAttribute('data-value')} ${td.getAttribute('data-live')}`)]));
  expect(releases).toEqual(json.units.map((u) => [u.path, ...SUPPORTED_RELEASES.map((r) => { const s = u.releases.find((x) => x.systemd === r)!; return `${r} ${num(s.offline)} ${num(s.live)}`; })]));
}

describe('the example app’s report', () => {
  it('loads offline with no console error and no request but the page itself, shows the JSON’s figures, and is saved as docs/exposure-report.png', async () => {
    const { page, problems, requests, close } = await open(exampleDir);
    try {
      expect(problems).toEqual([]);
      expect(requests).toEqual([pathToFileURL(path.join(exampleDir, 'exposure-report.html')).href]);
      await expectFiguresOfJson(page, stackJson(exampleDir));
      const png = await page.screenshot({ fullPage: true, type: 'png' });
      fs.mkdirSync(path.join(REPO, 'docs'), { recursive: true });
      fs.writeFileSync(path.join(REPO, 'docs/exposure-report.png'), png);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    } finally {
      await close();
    }
  });
});

describe('the report of an app over budget', () => {
  const json = stackJson(bad.stackDir);

  it('shows the JSON’s figures and acknowledgements', async () => {
    const { page, problems, close } = await open(bad.stackDir);
    try {
      expect(problems).toEqual([]);
      await expectFiguresOfJson(page, json);
      const acks = await page.$$eval('#ack-table tbody tr', (trs) => (trs as unknown as El[]).map((tr) => Array.from(tr.cells).map((td) => td.textContent!.trim())));
      expect(acks).toEqual(json.units.flatMap((u) => u.acknowledged.map((a) => [u.unit, a.name, a.reason, a.expires ?? 'never', 'active'])));
      expect(await page.$$eval('tr.unit-row.over', (trs) => trs.length)).toBe(json.units.filter((u) => !u.ok).length);
    } finally {
      await close();
    }
  });

  it('sorts by a column, both ways', async () => {
    const { page, close } = await open(bad.stackDir);
    try {
      const byOffline = [...json.units].sort((a, b) => a.offline - b.offline || 0);
      await page.click('#units-table th:nth-child(4)');
      expect(await column(page, 'offline')).toEqual(byOffline.map((u) => num(u.offline)));
      expect(await page.getAttribute('#units-table th:nth-child(4)', 'aria-sort')).toBe('ascending');
      await page.click('#units-table th:nth-child(4)');
      expect(await column(page, 'offline')).toEqual([...byOffline].reverse().map((u) => num(u.offline)));
      expect(await page.getAttribute('#units-table th:nth-child(4)', 'aria-sort')).toBe('descending');
      await page.click('#units-table th:nth-child(1)');
      expect(await column(page, 'unit')).toEqual(json.units.map((u) => u.unit).sort());
    } finally {
      await close();
    }
  });

  it('filters by text and by verdict', async () => {
    const { page, close } = await open(bad.stackDir);
    try {
      expect(await page.isVisible('#filter')).toBe(true);
      await page.fill('#filter', 'lan');
      expect(await visibleUnits(page)).toEqual(['lan.service']);
      expect(await page.textContent('#shown-count')).toBe('1');
      // the heat map keeps only that unit's column
      expect(await page.$$eval('#heat-table thead th.unit-col', (ths) => (ths as unknown as El[]).filter((th) => th.offsetParent !== null).map((th) => th.textContent))).toEqual(['lan.service']);
      await page.fill('#filter', '');
      await page.check('#only-over');
      expect(await visibleUnits(page)).toEqual(json.units.filter((u) => !u.ok).map((u) => u.unit));
      expect(await page.textContent('#shown-count')).toBe(String(json.units.filter((u) => !u.ok).length));
    } finally {
      await close();
    }
  });

  it('reads without JavaScript: every table is there, the controls are hidden', async () => {
    const { page, problems, close } = await open(bad.stackDir, false);
    try {
      expect(problems).toEqual([]);
      expect(await page.isVisible('#filter')).toBe(false);
      expect(await visibleUnits(page)).toEqual(json.units.map((u) => u.unit));
      expect(await column(page, 'offline')).toEqual(json.units.map((u) => num(u.offline)));
      expect(await page.isVisible('#heat-table')).toBe(true);
      expect(await page.isVisible('#release-table')).toBe(true);
    } finally {
      await close();
    }
  });
});

describe('the page is self-contained', () => {
  it('has no external reference and forbids fetching anything', () => {
    const html = fs.readFileSync(path.join(bad.stackDir, 'exposure-report.html'), 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="(?!data:|#)/);
    expect(html).not.toMatch(/url\(/);
  });
});
