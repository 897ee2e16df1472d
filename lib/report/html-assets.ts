/**
 * The inline CSS and script of the HTML report. The page must work from a file with no network: no
 * external asset, and a Content-Security-Policy that forbids fetching anything.
 */

/** Styles: readable printed and on screen, colours that keep meaning without JS. */
export const REPORT_CSS = `
:root { --fg: #1c2330; --muted: #5b6577; --line: #d9dee7; --ok: #2e7d4f; --bad: #c62828; --warn: #b26a00; --bg-alt: #f5f7fa; --accent: #3056d3; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); margin: 0 auto; padding: 24px 32px 48px; max-width: 1280px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
p.lead, .muted { color: var(--muted); }
nav a { margin-right: 14px; color: var(--accent); text-decoration: none; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 14px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 130px; background: var(--bg-alt); }
.card b { display: block; font-size: 20px; }
.card.bad b { color: var(--bad); }
.card.good b { color: var(--ok); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-alt); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.over td { background: #fdecec; }
.yes { color: var(--ok); font-weight: 600; }
.no { color: var(--bad); font-weight: 600; }
.pill { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; background: #e8ecf3; }
.lvl-PERFECT, .lvl-SAFE { background: #dcf3e4; } .lvl-OK { background: #e6f0d8; } .lvl-MEDIUM { background: #fff1cc; }
.lvl-EXPOSED { background: #ffe0c2; } .lvl-UNSAFE, .lvl-DANGEROUS { background: #fbd0d0; }
.scroll { overflow-x: auto; }
.heat td.cell { text-align: center; min-width: 64px; font-variant-numeric: tabular-nums; }
.heat td.pass { color: #9aa3b2; }
.heat td.ack { background-image: repeating-linear-gradient(45deg, transparent 0 4px, rgba(0,0,0,.08) 4px 6px); }
.heat { width: auto; }
.heat th[scope=row] { min-width: 280px; }
.heat th.unit-col { max-width: 150px; white-space: normal; overflow-wrap: anywhere; text-align: center; font-size: 12px; vertical-align: bottom; }
td.host-release { outline: 2px solid var(--accent); outline-offset: -2px; }
td.changed { background: #fff4d6; }
td.failing-policy { color: var(--bad); }
.expired { color: var(--bad); font-weight: 600; }
.soon { color: var(--warn); font-weight: 600; }
ul.findings li { margin: 3px 0; }
ul.findings ul { margin: 2px 0; color: var(--muted); }
.controls { display: flex; gap: 16px; align-items: center; margin: 8px 0; }
.controls[hidden] { display: none; }
.controls input[type=search] { padding: 5px 8px; width: 300px; border: 1px solid var(--line); border-radius: 6px; }
th.sortable { cursor: pointer; user-select: none; }
th.sortable::after { content: " \\2195"; color: #a0a8b8; }
th[aria-sort=ascending]::after { content: " \\2191"; color: var(--accent); }
th[aria-sort=descending]::after { content: " \\2193"; color: var(--accent); }
svg.chart { max-width: 100%; height: auto; font: 12px system-ui, "DejaVu Sans", sans-serif; }
svg.chart .grid { stroke: #e3e7ee; }
svg.chart .axis { fill: var(--muted); font-size: 11px; }
svg.chart .label, svg.chart .value { fill: var(--fg); }
svg.chart .bar.within { fill: #4c9a6a; } svg.chart .bar.over { fill: #d64545; }
svg.chart .bar.live { opacity: .55; }
svg.chart .budget { stroke: #1c2330; stroke-width: 2.5; stroke-dasharray: 3 2; }
.legend span { margin-right: 16px; }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin-right: 4px; border-radius: 2px; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
@media print { .controls { display: none !important; } }
`;

/**
 * Sorting (click a header of a `table.sortable`) and filtering (a search box and "only over budget"),
 * for every element carrying `data-search`. The page is complete without it.
 */
export const REPORT_JS = `
(function () {
  'use strict';
  function value(cell) {
    var v = cell.getAttribute('data-value');
    return v === null ? cell.textContent.trim() : v;
  }
  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== '' && b !== '' && isFinite(x) && isFinite(y)) return x - y;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.classList.add('sortable');
      th.tabIndex = 0;
      function sort() {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r, s) { return dir * compare(value(r.cells[col]), value(s.cells[col])); });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
  });
  var box = document.getElementById('filter');
  var over = document.getElementById('only-over');
  var count = document.getElementById('shown-count');
  function apply() {
    var q = box.value.trim().toLowerCase();
    var shown = 0;
    document.querySelectorAll('[data-search]').forEach(function (el) {
      var hit = el.getAttribute('data-search').toLowerCase().indexOf(q) !== -1;
      if (over.checked && el.getAttribute('data-ok') === 'true') hit = false;
      el.style.display = hit ? '' : 'none';
      if (hit && el.classList.contains('unit-row')) shown++;
    });
    count.textContent = String(shown);
  }
  document.querySelectorAll('.controls').forEach(function (c) { c.hidden = false; });
  box.addEventListener('input', apply);
  over.addEventListener('change', apply);
}());
`;
