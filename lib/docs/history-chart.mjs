// @ts-check
// The drift history (lib/drift-history.mjs) drawn as an inline SVG for drift.html: new and known
// findings per run, one point per run coloured by its verdict, each with a tooltip. Made at build
// time; the page loads no script.

/** @typedef {import('../drift-history.mjs').HistoryPoint} HistoryPoint */

const WIDTH = 720;
const HEIGHT = 200;
const PAD = { left: 40, right: 16, top: 16, bottom: 36 };

/**
 * @param {HistoryPoint[]} points
 * @returns {string} a <figure> with the SVG, or a sentence when there is no run yet
 */
export function historyChart(points) {
  if (points.length === 0) return '<p class="history-empty">No drift run is recorded in the history yet.</p>';
  const top = Math.max(1, ...points.map((point) => point.new + point.known));
  const x = (/** @type {number} */ index) =>
    PAD.left + (points.length === 1 ? (WIDTH - PAD.left - PAD.right) / 2 : (index * (WIDTH - PAD.left - PAD.right)) / (points.length - 1));
  const y = (/** @type {number} */ count) => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - count / top);
  const line = (/** @type {(point: HistoryPoint) => number} */ count) => points.map((point, index) => `${round(x(index))},${round(y(count(point)))}`).join(' ');
  const circles = points.map((point, index) => {
    const title = `${point.time}: ${point.verdict}; ${point.new} new, ${point.known} known (${point.breaking} breaking, ${point.warning} warning, ${point.additive} additive)`;
    return `<circle class="run verdict-${point.verdict}" cx="${round(x(index))}" cy="${round(y(point.new))}" r="4"><title>${escapeXml(title)}</title></circle>`;
  });
  const first = points[0]?.time.slice(0, 10) ?? '';
  const last = points.at(-1)?.time.slice(0, 10) ?? '';
  const label = `Findings per drift run, ${points.length} run(s) from ${first} to ${last}: new findings (solid) and known ones (dashed).`;
  return [
    `<figure class="drift-history">`,
    `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(label)}" xmlns="http://www.w3.org/2000/svg">`,
    `<line class="axis" x1="${PAD.left}" y1="${y(0)}" x2="${WIDTH - PAD.right}" y2="${y(0)}"/>`,
    `<text class="tick" x="${PAD.left - 6}" y="${round(y(top)) + 4}" text-anchor="end">${top}</text>`,
    `<text class="tick" x="${PAD.left - 6}" y="${round(y(0)) + 4}" text-anchor="end">0</text>`,
    `<text class="tick" x="${PAD.left}" y="${HEIGHT - 12}">${escapeXml(first)}</text>`,
    `<text class="tick" x="${WIDTH - PAD.right}" y="${HEIGHT - 12}" text-anchor="end">${escapeXml(last)}</text>`,
    `<polyline class="known" points="${line((point) => point.known)}"/>`,
    `<polyline class="new" points="${line((point) => point.new)}"/>`,
    ...circles,
    `</svg>`,
    `<figcaption>${escapeXml(label)} A point's colour is the run's verdict; hover it for the counts.</figcaption>`,
    `</figure>`,
  ].join('\n');
}

/** The chart's styles, for the page's <style>. */
export const HISTORY_CHART_CSS = `
.drift-history svg { width: 100%; max-width: 720px; height: auto; }
.drift-history .axis { stroke: #999; }
.drift-history .tick { font-size: 11px; fill: #555; }
.drift-history polyline { fill: none; stroke-width: 2; }
.drift-history polyline.new { stroke: #b60205; }
.drift-history polyline.known { stroke: #888; stroke-dasharray: 4 3; }
.drift-history .run { stroke: #fff; stroke-width: 1; fill: #888; }
.drift-history .verdict-ok, .drift-history .verdict-additive { fill: #1a7f37; }
.drift-history .verdict-warning { fill: #bf8700; }
.drift-history .verdict-breaking { fill: #b60205; }
`;

/** @param {number} value */
function round(value) {
  return Math.round(value * 10) / 10;
}

/** @param {string} text */
function escapeXml(text) {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
