/**
 * The exposure-vs-budget bar chart of the HTML report, as inline SVG (no script needed to read it):
 * per unit an offline bar, a live bar and the budget as a tick, on systemd's 0–10 scale.
 */
import { esc, num } from './html-escape';
import type { UnitReportJson } from './json';

const LABEL = 230;
const WIDTH = 520;
const ROW = 34;
const TOP = 22;
const x = (v: number): number => LABEL + (Math.min(10, Math.max(0, v)) / 10) * WIDTH;

/** One `<svg>` with a row per unit, in pieces: a unit's bar row at a time. */
export function* exposureChartPieces(units: readonly UnitReportJson[]): Generator<string> {
  const height = TOP + units.length * ROW + 10;
  yield `<svg class="chart" role="img" aria-label="Exposure of each unit against its budget" viewBox="0 0 ${LABEL + WIDTH + 60} ${height}" width="${LABEL + WIDTH + 60}" height="${height}" xmlns="http://www.w3.org/2000/svg">`;
  for (const t of [0, 2, 4, 6, 8, 10]) {
    yield `<line class="grid" x1="${x(t)}" y1="${TOP - 6}" x2="${x(t)}" y2="${height - 8}"/><text class="axis" x="${x(t)}" y="${TOP - 9}" text-anchor="middle">${t}</text>`;
  }
  for (let i = 0; i < units.length; i++) yield barRow(units[i]!, TOP + i * ROW);
  yield '</svg>';
}

/** A unit's bars, with their top at `y`. */
function barRow(u: UnitReportJson, y: number): string {
  const over = (v: number | null): string => (v !== null && v > u.budget ? 'over' : 'within');
  return [
    `<g class="bar-row" data-path="${esc(u.path)}">`,
    `<title>${esc(u.unit)} on ${esc(u.host)}: offline ${num(u.offline)}, live ${num(u.live)}, budget ${num(u.budget)}</title>`,
    `<text class="label" x="${LABEL - 8}" y="${y + 17}" text-anchor="end">${esc(u.unit)}</text>`,
    `<rect class="bar offline ${over(u.offline)}" x="${LABEL}" y="${y + 4}" width="${(x(u.offline) - LABEL).toFixed(1)}" height="12" data-value="${num(u.offline)}"/>`,
    `<rect class="bar live ${over(u.live)}" x="${LABEL}" y="${y + 18}" width="${(x(u.live) - LABEL).toFixed(1)}" height="7" data-value="${num(u.live)}"/>`,
    `<line class="budget" x1="${x(u.budget)}" y1="${y + 1}" x2="${x(u.budget)}" y2="${y + 28}" data-value="${num(u.budget)}"/>`,
    `<text class="value" x="${Math.max(x(u.offline), x(u.budget)) + 6}" y="${y + 15}">${num(u.offline)} / ${num(u.budget)}</text>`,
    '</g>',
  ].join('');
}
