// drift.html: the latest drift report when one exists, otherwise a page saying there is none.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { escapeHtml, renderMarkdown, renderPage } from './pages.mjs';

/**
 * @param {string} driftPath the drift report (markdown) to publish; it may not exist
 * @param {{ project: string, specTitle: string, specVersion: string }} layout
 */
export async function driftPage(driftPath, layout) {
  const body = existsSync(driftPath)
    ? renderMarkdown(withSiteRegisterLinks(await readFile(driftPath, 'utf8')))
    : `<h1 id="drift-report">Drift report</h1>
<p class="notice">No sandbox run has been published yet: there is no <code>${escapeHtml(relative(process.cwd(), driftPath))}</code>.
<code>npm run drift</code> writes <code>reports/drift.md</code> when it runs the contract suite against Conomy's sandbox;
build the site again after such a run to publish its result here.</p>`;
  return renderPage({ ...layout, title: `Drift report · ${layout.specTitle}`, current: 'drift', body: `<main class="page">${body}</main>` });
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
