/**
 * `exposure-report.html`: the stack report as one self-contained page — inline CSS, a small inline
 * script for sorting and filtering, inline SVG for the chart, and a Content-Security-Policy that lets
 * the page fetch nothing. Everything is readable without the script. Built from the JSON report only,
 * so the page shows exactly the JSON's numbers.
 */
import { REPORT_CSS, REPORT_JS } from './html-assets';
import { exposureChartPieces } from './html-chart';
import { esc } from './html-escape';
import { acknowledgementsTablePieces, baselineSectionPieces, heatMapPieces, releaseTablePieces, unitsTablePieces } from './html-sections';
import type { StackReportJson } from './json';
import { joined, joinPieces, writeTextFile } from './text-file';

/** Options of {@link reportHtml}. */
export interface HtmlOptions {
  readonly title: string;
  /**
   * Acknowledgements expiring on or before this date (`YYYY-MM-DD`) are marked "expires soon". Omitted:
   * none is (the page then depends on nothing but the report).
   */
  readonly expiringBefore?: string;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

function card(label: string, value: string | number, tone = ''): string {
  return `<div class="card ${tone}" data-card="${esc(label)}"><b>${esc(String(value))}</b>${esc(label)}</div>`;
}

/** The HTML page of a stack report (deterministic: same report and options, same bytes). */
export function reportHtml(json: StackReportJson, options: HtmlOptions): string {
  return joinPieces(reportHtmlPieces(json, options));
}

/** Writes {@link reportHtml}'s page to `file` as it is made, without holding it as one string. */
export function writeReportHtml(file: string, json: StackReportJson, options: HtmlOptions): void {
  writeTextFile(file, reportHtmlPieces(json, options));
}

/** {@link reportHtml}'s page in pieces, each made when read: the tables a row (the heat map a cell) at a time. */
export function reportHtmlPieces(json: StackReportJson, options: HtmlOptions): Iterable<string> {
  return joined(pageLines(json, options), '\n');
}

/** The page's lines; the large ones (chart, tables) as pieces. The empty last line ends the page with a newline. */
function* pageLines(json: StackReportJson, options: HtmlOptions): Generator<string | Iterable<string>> {
  const units = json.units;
  const warnings = units.reduce((n, u) => n + u.warnings.length, 0);
  yield* headerLines(json, options, warnings > 0);
  yield '<section id="units"><h2>Exposure against budget</h2>';
  yield '<p class="legend muted"><span><i class="swatch" style="background:#4c9a6a"></i>within budget</span><span><i class="swatch" style="background:#d64545"></i>over budget</span><span>thick bar: offline, thin bar: live, dashed line: budget</span></p>';
  yield exposureChartPieces(units);
  yield unitsTablePieces(units);
  yield '</section>';
  yield '<section id="checks"><h2>Checks across units</h2>';
  yield heatMapPieces(units);
  yield '</section>';
  yield '<section id="releases"><h2>Release drift</h2>';
  yield '<p>Each service scored on every supported systemd release: read this before upgrading a host (Debian 12 → 13 is systemd 252 → 257).</p>';
  yield releaseTablePieces(json);
  yield '</section>';
  yield '<section id="acknowledgements"><h2>Acknowledgements</h2>';
  yield acknowledgementsTablePieces(units, options.expiringBefore);
  yield '</section>';
  if (json.baseline) yield* ['<section id="baseline"><h2>Baseline</h2>', baselineSectionPieces(json.baseline), '</section>'];
  if (warnings > 0) {
    yield '<section id="warnings"><h2>Warnings</h2><ul>';
    for (const u of units) for (const w of u.warnings) yield `<li>${esc(u.unit)}: ${esc(w)}</li>`;
    yield '</ul></section>';
  }
  yield '<footer>Written by cdktf-systemd at synth; the same numbers are in exposure-report.json, exposure-report.md and exposure-report.sarif.</footer>';
  yield `<script>${REPORT_JS}</script>`;
  yield '</body></html>';
  yield '';
}

/** The page up to the first section: head, title, section links, summary cards and the filter controls. */
function headerLines(json: StackReportJson, options: HtmlOptions, warnings: boolean): string[] {
  const units = json.units;
  const sections = [
    ['units', 'Exposure against budget'],
    ['checks', 'Checks across units'],
    ['releases', 'Release drift'],
    ['acknowledgements', 'Acknowledgements'],
    ...(json.baseline ? [['baseline', 'Baseline']] : []),
    ...(warnings ? [['warnings', 'Warnings']] : []),
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${esc(options.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head><body>',
    `<header><h1>${esc(options.title)}</h1>`,
    '<p class="lead">Exposure on systemd-analyze security\'s scale (0.0 best – 10.0 worst), scored exactly as each host\'s systemd release does: offline (<code>--offline=true</code>) and live (the running manager).</p>',
    `<nav>${sections.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')}</nav>`,
    `<div class="cards">${cards(json).join('')}</div></header>`,
    '<div class="controls" hidden><input type="search" id="filter" placeholder="Filter by unit, host or construct path" aria-label="Filter units">',
    '<label><input type="checkbox" id="only-over"> only units over budget</label>',
    `<span class="muted"><span id="shown-count">${units.length}</span> of ${units.length} units shown</span></div>`,
  ];
}

/** The summary cards: counts of units, hosts, verdicts, acknowledgements and baseline changes. */
function cards(json: StackReportJson): string[] {
  const units = json.units;
  const over = units.filter((u) => !u.ok).length;
  const acks = units.reduce((n, u) => n + u.acknowledged.length, 0);
  const expired = units.reduce((n, u) => n + u.expired_acknowledgements.length, 0);
  const hosts = new Set(units.map((u) => u.host)).size;
  const worse = json.baseline?.changes.filter((c) => c.verdict === 'worse').length ?? 0;
  return [
    card('units', units.length),
    card(hosts === 1 ? 'host' : 'hosts', hosts),
    card('within policy', units.length - over, 'good'),
    card('over budget or failing a required check', over, over ? 'bad' : ''),
    card('flagged for release drift', json.release_drift.length, json.release_drift.length ? 'bad' : ''),
    card('acknowledged checks', acks),
    ...(expired ? [card('expired acknowledgements', expired, 'bad')] : []),
    ...(json.baseline ? [card('above the baseline', worse, worse ? 'bad' : 'good')] : []),
  ];
}
