// `npm run docs`: lints the spec, then builds the static documentation site into site/.
//
//   node scripts/docs/build.mjs [--spec openapi.yaml] [--out site] [--drift reports/drift.md]
//                               [--drift-history reports/drift-history.jsonl]
//
// --drift names the drift report published as drift.html; when that file does not exist the page
// says no sandbox run has been published. --drift-history adds a chart of every run in that
// history file (one JSON line per run, written by npm run drift) above the report; the file must
// exist and every line must be a run. Paths are relative to the working directory (the
// repository root under npm). The site is written into a temporary directory next to the output and
// moved into place only when every page is built, so a failed build leaves the previous site (or
// none) untouched. A spec with lint errors builds nothing: the lint runs beside the build (two
// processes, so the build takes about the longer of the two) and its failure discards what was built.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { linkSpecNodes, parseRegister } from '../../lib/register.mjs';
import { replaceDirectory } from '../../lib/replace-directory.mjs';
import { discrepanciesByOperation, entryAnchor, withDiscrepancyLinks } from './discrepancy-links.mjs';
import { listOperations, parseSpec } from '../../lib/spec/index.mjs';
import { SCHEMAS_TAG, operationHref, specNodeHref } from '../../lib/docs/reference-routes.mjs';
import { driftPage } from '../../lib/docs/drift-page.mjs';
import { HEADER_OFFSET_FUNCTION, HEADER_OFFSET_SCRIPT, escapeHtml, renderMarkdown, renderPage } from '../../lib/docs/pages.mjs';
import { loadClientFacts } from '../../lib/docs/client-facts.mjs';
import { SAMPLE_LANGUAGES, withCodeSamples } from '../../lib/docs/code-samples.mjs';
import { withEnumTablesOnce, withSearchableDescriptions } from '../../lib/docs/redoc-spec.mjs';

const REGISTER_PATH = 'docs/discrepancies.md';
const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REDOC_HYDRATE_CALL = 'hydrate(__redoc_definition, __redoc_options,';
const REDOCLY_CLI = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');

// Redoc's sidebar footer shows the Redocly logo from their CDN. The site must load nothing from
// outside itself, so the logo becomes an inline image with the same attribution.
const REDOCLY_LOGO_URL = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const INLINE_REDOCLY_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="52" height="14"><text x="0" y="11" font-family="sans-serif" font-size="11" fill="#555">Redocly</text></svg>',
)}`;

async function main() {
  const options = { spec: { type: 'string' }, out: { type: 'string' }, drift: { type: 'string' }, 'drift-history': { type: 'string' } };
  const { values } = parseArgs({ options: /** @type {const} */ (options) });
  const specPath = resolve(values.spec ?? 'openapi.yaml');
  const outDir = resolve(values.out ?? 'site');
  const driftPath = resolve(values.drift ?? 'reports/drift.md');
  const historyPath = values['drift-history'] === undefined ? undefined : resolve(values['drift-history']);

  await mkdir(dirname(outDir), { recursive: true });
  const siteDir = await mkdtemp(join(dirname(outDir), `.${basename(outDir)}-build-`));
  let moved = false;
  try {
    const building = buildSite(specPath, siteDir, driftPath, historyPath).then(
      () => undefined,
      (error) => error,
    );
    const [lint, buildError] = await Promise.all([runRedocly(['lint', specPath]), building]);
    if (lint.status !== 0) {
      process.stderr.write(lint.output);
      throw new Error(`${specPath} has lint errors (listed above); nothing was built. Fix them and run the build again.`);
    }
    if (buildError) throw buildError;
    replaceDirectory(siteDir, outDir);
    moved = true;
  } finally {
    if (!moved) await rm(siteDir, { recursive: true, force: true });
  }
  console.log(`docs: built ${outDir} (index.html, discrepancies.html, drift.html, openapi.yaml, openapi.json)`);
}

/** Every page of the site, written into `siteDir`. */
async function buildSite(specPath, siteDir, driftPath, historyPath) {
  const specText = await readFile(specPath, 'utf8');
  const spec = parseSpec(specText, specPath);
  const entries = parseRegister(await readFile(REGISTER_PATH, 'utf8'));
  const { byOperation, problems } = discrepanciesByOperation(spec, entries);
  for (const problem of problems) console.warn(`docs: warning: ${problem}`);

  const layout = {
    project: JSON.parse(await readFile('package.json', 'utf8')).name,
    specTitle: spec.info.title,
    specVersion: spec.info.version,
  };

  await chmod(siteDir, 0o755); // mkdtemp makes it private; the site is meant to be served
  const scratchDir = await mkdtemp(join(tmpdir(), 'docs-build-'));
  try {
    await writeFile(join(siteDir, 'openapi.yaml'), specText);
    await writeFile(join(siteDir, 'openapi.json'), `${JSON.stringify(spec, null, 2)}\n`);
    await buildReference(referenceSpec(spec, entries, await loadClientFacts(REPOSITORY_ROOT)), layout, siteDir, scratchDir);
    await writeFile(join(siteDir, 'discrepancies.html'), await registerPage(spec, byOperation, layout));
    await writeFile(join(siteDir, 'drift.html'), await driftPage(driftPath, layout, historyPath === undefined ? {} : { historyPath }));
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/**
 * The spec as the reference shows it (the downloads stay as written): operations link their register
 * entries and carry code samples, enum tables appear once, descriptions keep word boundaries in search.
 */
function referenceSpec(spec, entries, clientFacts) {
  const linked = withDiscrepancyLinks(spec, entries, 'discrepancies.html');
  return withSearchableDescriptions(withEnumTablesOnce(withCodeSamples(linked, clientFacts)));
}

/** index.html: Redoc with its bundle inlined, rendered into our layout. */
async function buildReference(referenceSpec, layout, siteDir, scratchDir) {
  const specFile = join(scratchDir, 'openapi.json');
  const templateFile = join(scratchDir, 'template.hbs');
  await writeFile(specFile, JSON.stringify(referenceSpec));
  await writeFile(
    templateFile,
    renderPage({ ...layout, title: '{{title}}', current: 'reference', head: `{{{redocHead}}}\n${HEADER_OFFSET_SCRIPT}`, body: '{{{redocHTML}}}' }),
  );
  const redocOptions = {
    downloadUrls: [
      { title: 'openapi.yaml', url: 'openapi.yaml' },
      { title: 'openapi.json', url: 'openapi.json' },
    ],
    schemaDefinitionsTagName: SCHEMAS_TAG,
    // The first language is the one shown until the reader picks another; Payload is the JSON body.
    codeSamples: { languages: [...SAMPLE_LANGUAGES, { lang: 'payload', label: 'Payload' }] },
  };
  const indexFile = join(siteDir, 'index.html');
  const args = ['build-docs', specFile, '--output', indexFile, '--inlineBundle', '--template', templateFile];
  const build = await runRedocly([...args, '--openapi', JSON.stringify(redocOptions)]);
  if (build.status !== 0) {
    process.stderr.write(build.output);
    throw new Error('redocly build-docs failed (output above); nothing was built.');
  }
  const html = await readFile(indexFile, 'utf8');
  // Options pass through JSON, which has no functions: the header's offset goes into the hydrate call.
  if (!html.includes(REDOC_HYDRATE_CALL)) {
    throw new Error(`redocly build-docs wrote no \`${REDOC_HYDRATE_CALL}\` call (a new Redoc?); the scroll offset cannot be set.`);
  }
  const withOffset = html.replace(REDOC_HYDRATE_CALL, `hydrate(__redoc_definition, { ...__redoc_options, scrollYOffset: ${HEADER_OFFSET_FUNCTION} },`);
  await writeFile(indexFile, withOffset.replace(REDOCLY_LOGO_URL, INLINE_REDOCLY_LOGO));
}

/**
 * discrepancies.html: the register, each entry followed by links to the operations it concerns, its
 * spec nodes linked to where the reference shows them.
 */
async function registerPage(spec, byOperation, layout) {
  const concerned = new Map(); // entry anchor -> { direct: operations, shared: operations }
  for (const { operation, pointer } of listOperations(spec)) {
    const ids = byOperation.get(pointer);
    for (const kind of ['direct', 'shared']) {
      for (const id of ids[kind]) {
        const lists = concerned.get(entryAnchor(id)) ?? { direct: [], shared: [] };
        lists[kind].push(operation);
        concerned.set(entryAnchor(id), lists);
      }
    }
  }
  const links = (operations) =>
    operations.map((op) => `<a href="${operationHref(op)}"><code>${escapeHtml(op.operationId)}</code></a>`).join(', ');
  const concerns = (anchor) => {
    const { direct = [], shared = [] } = concerned.get(anchor) ?? {};
    const parts = [];
    if (direct.length > 0) parts.push(`Operations: ${links(direct)}.`);
    if (shared.length > 0) parts.push(`Through shared components: ${links(shared)}.`);
    return parts.length > 0 ? `<p class="concerns">${parts.join(' ')}</p>\n` : '';
  };
  const register = linkSpecNodes(await readFile(REGISTER_PATH, 'utf8'), (pointer) => specNodeHref(spec, pointer));
  const body = renderMarkdown(register, concerns);
  return renderPage({ ...layout, title: `Discrepancy register · ${layout.specTitle}`, current: 'discrepancies', body: `<main class="page">${body}</main>` });
}

/** Runs the Redocly CLI; resolves to its exit status and output, whatever the status. */
function runRedocly(args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [REDOCLY_CLI, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ status: error ? error.code : 0, output: `${stdout}${stderr}` });
    });
  });
}

main().catch((error) => {
  console.error(`docs: ${error.message}`);
  process.exitCode = 1;
});
