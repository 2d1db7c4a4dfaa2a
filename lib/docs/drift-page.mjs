// drift.html: the drift history as a chart (when a history file is given), then the latest drift
// report when one exists, otherwise a page saying there is none.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseHistory } from '../drift-history.mjs';
import { HISTORY_CHART_CSS, historyChart } from './history-chart.mjs';
import { escapeHtml, renderMarkdown, renderPage } from './pages.mjs';

/**
 * @param {string} driftPath the drift report (markdown) to publish; it may not exist
 * @param {{ project: string, specTitle: string, specVersion: string }} layout
 * @param {{ historyPath?: string }} [options] the drift history (JSON lines) to chart; it must exist when given
 */
export async function driftPage(driftPath, layout, options = {}) {
  const history = options.historyPath === undefined ? '' : await historySection(options.historyPath);
  const report = existsSync(driftPath)
    ? renderMarkdown(withSiteRegisterLinks(await readFile(driftPath, 'utf8')))
    : `<h1 id="drift-report">Drift report</h1>
<p class="notice">No sandbox run has been published yet: there is no <code>${escapeHtml(relative(process.cwd(), driftPath))}</code>.
<code>npm run drift</code> writes <code>reports/drift.md</code> when it runs the contract suite against Conomy's sandbox;
build the site again after such a run to publish its result here.</p>`;
  const head = history ? `<style>${HISTORY_CHART_CSS}</style>` : '';
  return renderPage({ ...layout, title: `Drift report · ${layout.specTitle}`, current: 'drift', head, body: `<main class="page">${history}${report}</main>` });
}

/**
 * The chart of every run in the history file; a file that cannot be read, or a line that is no
 * run, is an error naming it (the build then writes nothing).
 * @param {string} historyPath
 */
async function historySection(historyPath) {
  const shown = relative(process.cwd(), historyPath) || historyPath;
  let text;
  try {
    text = await readFile(historyPath, 'utf8');
  } catch (error) {
    throw new Error(`the drift history ${shown} cannot be read: ${/** @type {NodeJS.ErrnoException} */ (error).code ?? error}`);
  }
  return `<section class="drift-history-section" aria-labelledby="drift-history"><h2 id="drift-history">Drift over time</h2>\n${historyChart(parseHistory(text, shown))}</section>\n`;
}

/**
 * A drift report links register entries where they are in the repository (docs/discrepancies.md,
 * relative or on GitHub, at GitHub's heading anchor such as `#d3-checkout-...`); on the site the
 * register is discrepancies.html, with the entry ids as anchors (`#d3`).
 * @param {string} markdown
 */
export function withSiteRegisterLinks(markdown) {
  return markdown.replace(/\]\((?:[^()\s]*\/)?discrepancies\.md#(d\d+)(?:-[^()\s]*)?\)/g, '](discrepancies.html#$1)');
}
