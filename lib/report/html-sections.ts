/**
 * The sections of the HTML report, each a plain table readable without script: units, the check heat
 * map, the release comparison, acknowledgements, the baseline. Cells carry `data-value` (the number
 * the JSON report holds) for sorting and for the tests that compare the page with the JSON.
 */
import { SUPPORTED_RELEASES } from '../exposure';
import { formatCheckChange } from './diff';
import { RELEASE_LABELS } from './drift';
import { esc, num } from './html-escape';
import type { BaselineJson, StackReportJson, UnitReportJson } from './json';
import { worst } from './snapshot';
import { joined } from './text-file';

/** Attributes that let the filter find a unit's row, column or bar: text to match, and its verdict. */
export function searchAttrs(u: UnitReportJson): string {
  return `data-search="${esc(`${u.unit} ${u.host} ${u.path}`)}" data-ok="${u.ok}"`;
}

/** The units table: scores against budget, one row per unit, in pieces (a row at a time). */
export function unitsTablePieces(units: readonly UnitReportJson[]): Iterable<string> {
  return joined(unitsTableLines(units), '\n');
}

function* unitsTableLines(units: readonly UnitReportJson[]): Generator<string> {
  yield '<table id="units-table" class="sortable"><thead><tr>';
  yield '<th>unit</th><th>host</th><th class="num">systemd</th><th class="num">offline</th><th class="num">live</th><th>level</th><th class="num">budget</th><th>ok</th><th>costliest checks</th><th>declared at</th>';
  yield '</tr></thead><tbody>';
  for (const u of units) yield unitRow(u);
  yield '</tbody></table>';
}

/** A unit's row of the units table. */
function unitRow(u: UnitReportJson): string {
  const costly = u.costliest.slice(0, 3).map((c) => `${esc(c.name)} ${num(c.exposure)}`).join(', ') || '–';
  const at = u.declared_at ? `${esc(u.declared_at.file)}:${u.declared_at.line}` : esc(u.unit_file);
  return [
    `<tr class="unit-row${u.ok ? '' : ' over'}" data-path="${esc(u.path)}" ${searchAttrs(u)}>`,
    `<td data-field="unit">${esc(u.unit)}</td>`,
    `<td data-field="host">${esc(u.host)}</td>`,
    `<td class="num" data-field="systemd" data-value="${esc(u.systemd)}">${esc(u.systemd)}</td>`,
    `<td class="num" data-field="offline" data-value="${num(u.offline)}">${num(u.offline)}</td>`,
    `<td class="num" data-field="live" data-value="${num(u.live)}">${num(u.live)}</td>`,
    `<td data-field="level" data-value="${esc(u.level)}"><span class="pill lvl-${esc(u.level)}">${esc(u.level)}</span></td>`,
    `<td class="num" data-field="budget" data-value="${num(u.budget)}">${num(u.budget)} <span class="muted">(${esc(u.budget_source)})</span></td>`,
    `<td data-field="ok" data-value="${u.ok ? 'yes' : 'no'}" class="${u.ok ? 'yes' : 'no'}">${u.ok ? 'yes' : 'no'}</td>`,
    `<td data-field="costliest">${costly}</td>`,
    `<td data-field="declared">${at}</td>`,
    '</tr>',
  ].join('');
}

/** Cell colour for an exposure: white at 0, deep red from 0.6 (a heavy check) up. */
function heat(v: number): string {
  const t = Math.min(1, v / 0.6);
  return `background:hsl(0,${Math.round(45 + 30 * t)}%,${Math.round(96 - 38 * t)}%)${t > 0.7 ? ';color:#fff' : ''}`;
}

/** The heat map's rows: failing (and acknowledged) checks by total exposure, then name. */
function heatChecks(units: readonly UnitReportJson[]): Array<[field: string, row: { name: string; total: number }]> {
  const checks = new Map<string, { name: string; total: number }>();
  for (const u of units) {
    for (const c of u.failing_checks) {
      const row = checks.get(c.json_field) ?? { name: c.name, total: 0 };
      row.total += worst(c);
      checks.set(c.json_field, row);
    }
  }
  // Acknowledged checks are listed by name only; they get a row of their own when no unit fails them.
  for (const u of units) {
    for (const a of u.acknowledged) {
      if (![...checks.values()].some((v) => v.name === a.name)) checks.set(a.name, { name: a.name, total: 0 });
    }
  }
  return [...checks.entries()].sort((a, b) => b[1].total - a[1].total || (a[1].name < b[1].name ? -1 : 1));
}

/** The heat map: failing (and acknowledged) checks down, units across; in pieces, a cell at a time. */
export function heatMapPieces(units: readonly UnitReportJson[]): Iterable<string> {
  const order = heatChecks(units);
  if (order.length === 0) return ['<p>No check fails in any unit.</p>'];
  return joined(heatMapLines(units, order), '\n');
}

function* heatMapLines(units: readonly UnitReportJson[], order: ReturnType<typeof heatChecks>): Generator<string | Iterable<string>> {
  yield '<div class="scroll"><table id="heat-table" class="heat sortable"><thead><tr><th>check</th><th class="num">total</th>';
  yield headCells(units);
  yield '</tr></thead><tbody>';
  for (const [field, { name, total }] of order) yield heatRow(units, field, name, total);
  yield '</tbody></table></div>';
  yield '<p class="legend muted"><span><i class="swatch" style="background:hsl(0,60%,77%)"></i>exposure the check costs (worst of offline and live; "a/b" when they differ)</span><span>ack: acknowledged in the policy</span><span>·: passes</span></p>';
}

/** The heat map's column heads, a unit at a time. */
function* headCells(units: readonly UnitReportJson[]): Generator<string> {
  for (const u of units) yield `<th class="unit-col" ${searchAttrs(u)} title="${esc(u.path)}">${esc(u.unit)}</th>`;
}

/** A check's row of the heat map: its total, then a cell per unit. */
function* heatRow(units: readonly UnitReportJson[], field: string, name: string, total: number): Generator<string> {
  yield `<tr data-check="${esc(field)}"><th scope="row">${esc(name)}</th><td class="num" data-value="${num(total)}">${num(total)}</td>`;
  for (const u of units) yield heatCell(u, field, name);
  yield '</tr>';
}

/** A unit's cell in a check's row: the exposure the check costs, "ack", or a pass. */
function heatCell(u: UnitReportJson, field: string, name: string): string {
  const c = u.failing_checks.find((x) => x.json_field === field);
  if (c) {
    const text = c.offline === c.live || c.live === null || c.offline === null ? num(worst(c)) : `${num(c.offline)}/${num(c.live)}`;
    return `<td class="cell" ${searchAttrs(u)} data-unit="${esc(u.path)}" data-value="${num(worst(c))}" style="${heat(worst(c))}" title="${esc(`${u.unit}: ${name} offline ${num(c.offline)}, live ${num(c.live)}`)}">${text}</td>`;
  }
  const ack = u.acknowledged.find((a) => a.name === name);
  if (ack) return `<td class="cell ack" ${searchAttrs(u)} data-unit="${esc(u.path)}" data-value="ack" title="${esc(`${u.unit}: acknowledged: ${ack.reason}`)}">ack</td>`;
  return `<td class="cell pass" ${searchAttrs(u)} data-unit="${esc(u.path)}" data-value="0">·</td>`;
}

/** The per-release comparison: each service's score on every supported release; a row at a time. */
export function releaseTablePieces(json: StackReportJson): Iterable<string> {
  return joined(releaseTableLines(json), '\n');
}

function* releaseTableLines(json: StackReportJson): Generator<string | Iterable<string>> {
  const flagged = new Set(json.release_drift.map((d) => d.path));
  const heads = SUPPORTED_RELEASES.map((r) => `<th class="num">systemd ${r}<br><span class="muted">${RELEASE_LABELS[r]}</span></th>`).join('');
  yield `<table id="release-table" class="sortable"><thead><tr><th>unit</th><th>host</th><th class="num">host's systemd</th>${heads}<th>flagged</th></tr></thead><tbody>`;
  for (const u of json.units) yield releaseRow(u, flagged.has(u.path));
  yield '</tbody></table>';
  yield "<p class=\"muted\">offline / live with the unit's policy; framed: the host's release; shaded: differs from it; ✗: fails its policy there.</p>";
  yield json.release_drift.some((d) => d.findings.length > 0) ? findingsList(json) : '<p>Upgrading the hosts changes no exposure, and no host ignores a directive of its units.</p>';
}

/** A unit's row of the release table: its score on every supported release. */
function releaseRow(u: UnitReportJson, flagged: boolean): string {
  const host = u.releases.find((r) => r.systemd === u.systemd);
  const cells = SUPPORTED_RELEASES.map((rel) => {
    const r = u.releases.find((x) => x.systemd === rel);
    if (!r) return '<td>–</td>';
    if (r.refused !== undefined) return `<td class="failing-policy" data-release="${rel}" data-value="refused" title="${esc(r.refused)}">refused</td>`;
    const cls = [rel === u.systemd ? 'host-release' : '', host && (r.offline !== host.offline || r.live !== host.live) ? 'changed' : '', r.ok ? '' : 'failing-policy'].filter(Boolean).join(' ');
    const ignored = r.ignored.length ? ` <span class="muted" title="${esc(r.ignored.join('\n'))}">(ignores ${r.ignored.length})</span>` : '';
    return `<td class="num ${cls}" data-release="${rel}" data-value="${num(r.offline)}" data-live="${num(r.live)}">${num(r.offline)} / ${num(r.live)}${r.ok ? '' : ' ✗'}${ignored}</td>`;
  });
  return `<tr class="release-row" data-path="${esc(u.path)}" ${searchAttrs(u)}><td>${esc(u.unit)}</td><td>${esc(u.host)}</td><td class="num">${esc(u.systemd)}</td>${cells.join('')}<td>${flagged ? '<span class="no">yes</span>' : 'no'}</td></tr>`;
}

/** The drift findings as one list, an item at a time. */
function* findingsList(json: StackReportJson): Generator<string> {
  yield '<ul class="findings">';
  for (const d of json.release_drift) {
    for (const f of d.findings) yield f.startsWith('  ') ? `<li class="sub">${esc(f.trim())}</li>` : `<li>${esc(f)}</li>`;
  }
  yield '</ul>';
}

/** Acknowledged checks with reason and expiry; expired ones count again. A row at a time. */
export function acknowledgementsTablePieces(units: readonly UnitReportJson[], soonBefore?: string): Iterable<string> {
  if (!units.some((u) => u.acknowledged.length > 0 || u.expired_acknowledgements.length > 0)) return ['<p>No check is acknowledged.</p>'];
  return joined(acknowledgementLines(units, soonBefore), '\n');
}

function* acknowledgementLines(units: readonly UnitReportJson[], soonBefore: string | undefined): Generator<string> {
  yield '<table id="ack-table" class="sortable"><thead><tr><th>unit</th><th>check</th><th>reason</th><th>expires</th><th>status</th></tr></thead><tbody>';
  for (const u of units) {
    for (const a of u.acknowledged) {
      const soon = soonBefore !== undefined && a.expires !== undefined && a.expires <= soonBefore;
      const status = soon ? '<span class="soon">expires soon</span>' : 'active';
      yield `<tr class="ack-row" ${searchAttrs(u)}><td>${esc(u.unit)}</td><td>${esc(a.name)}</td><td>${esc(a.reason)}</td><td data-value="${esc(a.expires ?? '')}">${esc(a.expires ?? 'never')}</td><td>${status}</td></tr>`;
    }
    for (const a of u.expired_acknowledgements) {
      yield `<tr class="ack-row" ${searchAttrs(u)}><td>${esc(u.unit)}</td><td>${esc(a.check)}</td><td>${esc(a.reason)}</td><td data-value="${esc(a.expires)}">${esc(a.expires)}</td><td><span class="expired">expired: counts again</span></td></tr>`;
    }
  }
  yield '</tbody></table>';
}

/** How the units stand against the committed baseline, a row at a time. */
export function baselineSectionPieces(b: BaselineJson): Iterable<string> {
  const head = `<p>${b.written ? `Baseline written to <code>${esc(b.file)}</code> at this synth.` : `Compared with <code>${esc(b.file)}</code>.`}</p>`;
  if (b.changes.length === 0) return [`${head}<p>Every unit is at its baseline.</p>`];
  return joined(baselineLines(head, b), '\n');
}

function* baselineLines(head: string, b: BaselineJson): Generator<string> {
  yield head;
  yield '<table id="baseline-table"><thead><tr><th>unit</th><th>verdict</th><th class="num">offline</th><th class="num">live</th><th>checks</th></tr></thead><tbody>';
  const pair = (x: number | null | undefined, y: number | null | undefined): string => `${num(x)} → ${num(y)}`;
  for (const c of b.changes) {
    const live = c.before?.live != null && c.after?.live != null;
    const checks = c.checks.map((x) => esc(formatCheckChange(x, live))).join('<br>');
    yield `<tr class="baseline-row" data-verdict="${c.verdict}"><td>${esc(c.unit)}</td><td class="${c.verdict === 'worse' ? 'no' : c.verdict === 'better' ? 'yes' : ''}">${c.verdict}</td><td class="num">${pair(c.before?.offline, c.after?.offline)}</td><td class="num">${pair(c.before?.live, c.after?.live)}</td><td>${checks || '–'}</td></tr>`;
  }
  yield '</tbody></table>';
}
