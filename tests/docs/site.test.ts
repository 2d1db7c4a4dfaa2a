// Reads the documentation site the way a reader does: in Chromium at 1280 px and at 420 px, served
// from a static server on 127.0.0.1 and opened from disk (site-harness.ts builds it and checks that
// no request leaves the machine and no page logs an error). The drift report is a fixture
// (tests/docs/drift-page.test.ts covers the page without one). The samples test keeps
// docs/site-screenshot.png, the README's picture of the reference, current (a copy goes to reports/).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseRegister } from '../../lib/register.mjs';
import { exampleOf } from '../../lib/spec/index.mjs';
import { findBrowser } from '../support/browser.js';
import { OPERATIONS } from '../../src/generated/operations.js';
import { loadSamples } from './samples.js';
import { deref, expandGroup, landedOn, operationById, repoRoot, routeOf, slugOf, spec, useBuiltSite } from './site-harness.js';
import { historyLine } from '../../lib/drift-history.mjs';

const browserFound = findBrowser();
const chromiumMissing = 'missing' in browserFound;
const inCI = process.env.CI === 'true';
if ('missing' in browserFound && !inCI) console.warn(`Skipping the documentation browser test: ${browserFound.missing}`);

// The navigation must offer every operation of the spec (tests/spec checks the generated table is exact).
const OPERATION_IDS = Object.keys(OPERATIONS);
const WEBHOOK_ID = 'transactionNotification';
const NARROW = { width: 420, height: 900 };

// A line only this run's fixture report contains, so drift.html shows it only if the report was rendered.
const FIXTURE_LINE = `Fixture drift run ${randomUUID()}`;
const FIXTURE_REPORT = `# Drift report\n\n${FIXTURE_LINE}\n\nServer said [see here](javascript:alert(1)).\n`;
// Five runs as npm run drift appends them: a breaking day, two with the finding known, then clean.
const HISTORY_VERDICTS = ['breaking', 'ok', 'ok', 'warning', 'ok'];
const FIXTURE_HISTORY = HISTORY_VERDICTS.map((verdict, day) =>
  historyLine({ finishedAt: `2026-11-2${day}T06:20:00.000Z`, verdict, exitCode: verdict === 'breaking' ? 1 : 0, summary: { breaking: day === 0 ? 1 : 0, warning: 0, additive: 0, new: day === 0 ? 1 : 0, known: day > 0 && day < 3 ? 1 : 0 } }),
).join('');

type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML

const languageMenu = (root: Page | Locator) => root.getByTestId('dropdown').filter({ hasText: /^(TypeScript|curl|Payload)$/ });

/** The request panel of an operation after picking `language` from its language menu. */
async function showSample(page: Page, section: Locator, language: string): Promise<Locator> {
  const menu = languageMenu(section);
  await menu.locator('button').click();
  await page.getByRole('menuitem').filter({ hasText: new RegExp(`^${language}$`) }).click();
  await expect.poll(() => menu.textContent()).toBe(language);
  return section.getByTestId('right-panel').filter({ has: languageMenu(page) });
}

const normalized = (code: string | null) => (code ?? '').replace(/\s+/g, ' ').trim();

describe.skipIf(chromiumMissing && !inCI)('documentation site in a browser', { timeout: 60_000 }, () => {
  const site = useBuiltSite(browserFound, FIXTURE_REPORT, FIXTURE_HISTORY);

  it('lists every operation and the webhook in the navigation, and each section once', async () => {
    const page = await site.openServed('index.html');
    const shown = new Set<string>(); // an operation with two tags shows up under both
    for (const { name } of spec.tags as { name: string }[]) {
      await expandGroup(page, name);
      const operationLinks = page.locator(`[data-component-name="Menu/MenuItem"] a[href^="#/${slugOf(name)}/"]`);
      await operationLinks.first().waitFor();
      for (const href of await operationLinks.evaluateAll((links) => links.map((link) => link.getAttribute('href')!))) {
        shown.add(href.split('/').pop()!);
      }
    }
    expect([...shown].sort()).toEqual([...OPERATION_IDS, WEBHOOK_ID].map((id) => id.toLowerCase()).sort());

    const sections = await page.locator('[data-component-name="Menu/MenuItem"] a[href^="#/section/"]').allTextContents();
    const groups = await page.locator('.menu-item-type-group > a').allTextContents();
    const labels = [...sections, ...groups].map((label) => label.trim().toLowerCase());
    expect(labels).toEqual(expect.arrayContaining(spec.tags.map((tag: Node) => tag.name.toLowerCase())));
    expect(labels.filter((label, index) => labels.indexOf(label) !== index), 'listed twice').toEqual([]);
  });

  it("offers an operation's TypeScript and curl samples beside its payload and response schema", async () => {
    const operation = operationById('createPaymentLink');
    const { typescript, curl } = (await loadSamples()).get('createPaymentLink')!;
    const page = await site.openServed('index.html');
    await expandGroup(page, operation.tags[0]);
    await page.locator('[data-component-name="Menu/MenuItem"] a').filter({ hasText: operation.summary }).first().click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/${routeOf('createPaymentLink')}`);
    const section = page.locator(`[id="${routeOf('createPaymentLink')}"]`);

    const media = operation.requestBody.content['application/json'];
    const example = exampleOf(spec, media, 'createPaymentLink requestBody') as Node;
    const payload = (await showSample(page, section, 'Payload')).getByTestId('json-viewer');
    for (const field of Object.keys(example)) await expect.poll(() => payload.textContent()).toContain(`"${field}"`);
    const curlPanel = await showSample(page, section, 'curl');
    await expect.poll(async () => normalized(await curlPanel.getByTestId('source-code').textContent())).toBe(normalized(curl));

    const [status, response] = Object.entries<Node>(operation.responses).find(([code]) => code.startsWith('2'))!;
    const schema = deref(deref(response).content['application/json'].schema);
    for (const property of schema.required as string[]) {
      await section.locator(`[id="${routeOf('createPaymentLink')}/t=response&c=${status}&path=${property.toLowerCase()}"]`).waitFor();
    }

    const typescriptPanel = await showSample(page, section, 'TypeScript');
    await expect.poll(async () => normalized(await typescriptPanel.getByTestId('source-code').textContent())).toBe(normalized(typescript));
    await section.getByRole('heading', { name: operation.summary }).scrollIntoViewIfNeeded();
    // The README's picture, and a copy among the reports CI keeps of each run.
    const screenshot = await page.screenshot();
    writeFileSync(join(repoRoot, 'docs/site-screenshot.png'), screenshot);
    mkdirSync(join(repoRoot, 'reports'), { recursive: true });
    writeFileSync(join(repoRoot, 'reports/docs.png'), screenshot);
  });

  it("shows the webhook's TypeScript receiver and curl command in its description, its payload beside", async () => {
    const { typescript, curl } = (await loadSamples()).get(WEBHOOK_ID)!;
    const page = await site.openServed(`index.html#/${routeOf(WEBHOOK_ID)}`);
    const section = page.locator(`[id="${routeOf(WEBHOOK_ID)}"]`);
    const blocks = section.locator('pre');
    await expect.poll(async () => (await blocks.allTextContents()).map(normalized)).toEqual(expect.arrayContaining([typescript, curl].map(normalized)));
    await section.getByTestId('right-panel').getByTestId('json-viewer').waitFor();
  });

  it('shows an enum table once, on its schema, and the values where the schema is used', async () => {
    const page = await site.openServed(`index.html#/${routeOf('listAvailableProducts')}`);
    const section = page.locator(`[id="${routeOf('listAvailableProducts')}"]`);
    for (const button of await section.getByText('Expand all', { exact: true }).all()) await button.click();
    const schemaLinks = section.getByRole('link', { name: '(PaymentNodeType)' });
    await expect.poll(() => schemaLinks.count()).toBeGreaterThan(1);
    expect(await section.locator('table').count()).toBe(0);

    await schemaLinks.first().click();
    const schemaSection = page.locator('[id="schemas/paymentnodetype"]');
    await expect.poll(() => landedOn(page, schemaSection)).toBe(true);
    const tables = schemaSection.locator('table');
    await expect.poll(() => tables.count()).toBe(1);
    expect(await tables.locator('tr').count()).toBe(spec.components.schemas.PaymentNodeType.enum.length + 1);
  });

  it('keeps the word boundaries of a wrapped description in search results', async () => {
    const operation = operationById('createCheckoutSessionPayment');
    const [firstLine, secondLine] = (operation.description as string).split('\n') as [string, string];
    const joined = `${firstLine.split(' ').pop()} ${secondLine.split(' ')[0]}`;
    const page = await site.openServed('index.html');
    await page.getByTestId('search-trigger').click();
    await page.getByTestId('search-dialog').locator('input').fill(firstLine.split(' ').slice(0, 3).join(' '));
    const result = page.getByTestId('search-dialog').locator('[data-component-name="Search/SearchItem"]').filter({ hasText: operation.summary }).first();
    await expect.poll(() => result.textContent()).toContain(joined);
  });

  it('finds the refresh operation with the search box', async () => {
    const page = await site.openServed('index.html');
    await page.getByTestId('search-trigger').click();
    await page.getByTestId('search-dialog').locator('input').fill('refresh');
    const summary: string = operationById('refreshCheckoutSession').summary;
    await page.getByTestId('search-dialog').locator('[data-component-name="Search/SearchItem"]').filter({ hasText: summary }).first().click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/${routeOf('refreshCheckoutSession')}`);
  });

  it('offers the spec downloads, and the header links load the register and the rendered drift report', async () => {
    const page = await site.openServed('index.html');
    const header = page.locator('header.site-header');
    await expect.poll(() => header.textContent()).toContain(spec.info.version);

    const download = async (name: string) => {
      const href = await header.locator(`a[href$="${name}"]`).getAttribute('href');
      return page.evaluate(async (url) => (await fetch(url!)).text(), href);
    };
    expect(await download('openapi.yaml')).toBe(readFileSync(join(repoRoot, 'openapi.yaml'), 'utf8'));
    expect(JSON.parse(await download('openapi.json'))).toEqual(spec);

    await header.getByText('Discrepancy register').click();
    await page.waitForURL(/discrepancies\.html$/);
    const entryIds = parseRegister(readFileSync(join(repoRoot, 'docs/discrepancies.md'), 'utf8')).map((entry) => entry.id.toLowerCase());
    expect(entryIds.length).toBeGreaterThan(0);
    expect(await page.locator('main h2[id]').evaluateAll((hs) => hs.map((h) => h.id).filter((id) => /^d\d+$/.test(id)))).toEqual(entryIds);

    await page.locator('header.site-header').getByText('Drift report').click();
    await page.waitForURL(/drift\.html$/);
    const main = page.locator('main');
    await expect.poll(() => main.textContent()).toContain(FIXTURE_LINE);
    await expect.poll(() => main.textContent()).toContain('Server said see here.');
    expect(await main.locator('a').count(), 'the javascript: link is rendered as text').toBe(0);
    // The history chart above the report: one point per run, each with the run's verdict, drawn.
    const chart = main.locator('figure.drift-history svg');
    await expect.poll(() => chart.locator('circle.run').count()).toBe(HISTORY_VERDICTS.length);
    expect(await chart.locator('circle.run').evaluateAll((points) => points.map((point) => point.getAttribute('class')))).toEqual(
      HISTORY_VERDICTS.map((verdict) => `run verdict-${verdict}`),
    );
    const box = await chart.boundingBox();
    expect(box?.width, 'the chart is drawn').toBeGreaterThan(300);
    const aboveReport = await main.evaluate((node) => {
      const chartNode = node.querySelector('figure.drift-history');
      const heading = node.querySelector('h1');
      return Boolean(chartNode && heading && chartNode.compareDocumentPosition(heading) & globalThis.Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(aboveReport, 'the chart comes before the report').toBe(true);
  });

  it('links an operation to its register entries, and each entry back to the operation', async () => {
    const page = await site.openServed(`index.html#/${routeOf('createCheckoutSession')}`);
    const section = page.locator(`[id="${routeOf('createCheckoutSession')}"]`);
    const entryLinks = section.locator('a[href^="discrepancies.html#d"]');
    await entryLinks.first().waitFor();
    const ids = (operationById('createCheckoutSession')['x-discrepancy'] as string[]).map((id) => id.toLowerCase());
    const hrefs = await entryLinks.evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    for (const id of ids) expect(hrefs).toContain(`discrepancies.html#${id}`);

    await entryLinks.first().click();
    await page.waitForURL(/discrepancies\.html#d\d+$/);
    const entry = page.locator(new URL(page.url()).hash);
    await expect.poll(() => entry.isVisible()).toBe(true);
    await entry.locator('+ p.concerns').getByText('createCheckoutSession', { exact: true }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/${routeOf('createCheckoutSession')}`);
    await section.waitFor();
  });

  it('keeps every header link reachable and nothing cut off at 420 px, in one row at 1280 px', async () => {
    const clipped = (page: Page) =>
      page.locator('header.site-header').evaluate((header) =>
        [header, ...header.querySelectorAll('*')].filter((node) => node.scrollWidth > node.clientWidth + 1).map((node) => node.outerHTML.slice(0, 80)),
      );
    for (const path of ['index.html', 'discrepancies.html', 'drift.html']) {
      const page = await site.openServed(path, NARROW);
      const links = page.locator('header.site-header a');
      expect(await links.count()).toBe(6);
      expect(await clipped(page), path).toEqual([]);
      for (const box of await Promise.all((await links.all()).map((link) => link.boundingBox()))) {
        expect(box!.x, path).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, path).toBeLessThanOrEqual(NARROW.width);
      }
      if (path === 'index.html') await page.screenshot({ path: join(repoRoot, 'reports/docs-narrow.png') });
    }
    const page = await site.openServed('index.html', NARROW);
    await page.locator('header.site-header').getByText('Drift report').click();
    await page.waitForURL(/drift\.html$/);

    const wide = await site.openServed('drift.html');
    expect(await clipped(wide)).toEqual([]);
    expect(await wide.locator('header.site-header').evaluate((header) => header.getBoundingClientRect().height)).toBe(56);
  });

  it("links the register's spec nodes to the schema property and the operation they name", async () => {
    const page = await site.openServed('discrepancies.html');
    await page.locator('main a').filter({ hasText: /^#\/components\/schemas\/PaymentLink\/properties\/createdAt$/ }).first().click();
    await page.waitForURL(/index\.html#\/schemas\/paymentlink#/);
    await expect.poll(() => landedOn(page, page.locator('[id="schemas/paymentlink/path=createdat"]'))).toBe(true);

    await page.goBack();
    await page.locator('main a').filter({ hasText: /^#\/paths\/~1checkout-sessions\/post$/ }).first().click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/${routeOf('createCheckoutSession')}`);
    await expect.poll(() => landedOn(page, page.locator(`[id="${routeOf('createCheckoutSession')}"]`))).toBe(true);
  });

  it('renders the reference opened from disk with networking blocked', async () => {
    const { page } = await site.openSession((url) => url.protocol === 'file:', { offline: true });
    await page.goto(pathToFileURL(join(site.siteDir, 'index.html')).href);
    await page.getByRole('heading', { name: spec.info.title }).first().waitFor();
    await expandGroup(page, 'Webhooks');
    await page.locator(`[data-component-name="Menu/MenuItem"] a[href="#/${routeOf(WEBHOOK_ID)}"]`).waitFor();
  });
});
