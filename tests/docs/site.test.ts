// Reads the documentation site the way a reader does: in Chromium, served from a static server on
// 127.0.0.1 and opened from disk. Every request to another host is aborted and recorded; a test
// fails if any was made or if a page logged a console error. The site is built into a temporary
// directory with a fixture drift report (tests/docs/drift-page.test.ts covers the page without one).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseRegister } from '../../lib/register.mjs';
import { valueAtRef } from '../contract/support/json-pointer.js';
import { findBrowser } from '../support/browser.js';
import { OPERATION_TABLE } from '../support/operation-table.js';
import { serveDirectory, type StaticServer } from './static-server.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const browserFound = findBrowser();
const chromiumMissing = 'missing' in browserFound;
const inCI = process.env.CI === 'true';
if ('missing' in browserFound && !inCI) console.warn(`Skipping the documentation browser test: ${browserFound.missing}`);

// The navigation must offer every operation of the table (tests/spec checks the spec holds exactly these).
const OPERATION_IDS = Object.keys(OPERATION_TABLE);
const WEBHOOK_ID = 'transactionNotification';

// A line only this run's fixture report contains, so drift.html shows it only if the report was rendered.
const FIXTURE_LINE = `Fixture drift run ${randomUUID()}`;
const FIXTURE_REPORT = `# Drift report\n\n${FIXTURE_LINE}\n\nServer said [see here](javascript:alert(1)).\n`;

type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML
const spec = parse(readFileSync(join(repoRoot, 'openapi.yaml'), 'utf8')) as Node;
const deref = (node: Node): Node => (typeof node.$ref === 'string' ? deref(valueAtRef(spec, node.$ref) as Node) : node);
const operationById = (operationId: string): Node => {
  for (const section of [spec.paths, spec.webhooks]) {
    for (const item of Object.values<Node>(section ?? {})) {
      for (const operation of Object.values<Node>(item)) if (operation?.operationId === operationId) return operation;
    }
  }
  throw new Error(`operation ${operationId} is not in openapi.yaml`);
};
const slugOf = (tag: string): string => tag.toLowerCase().replace(/[^a-z0-9]+/g, '-');
/** Where Redoc shows an operation: #/<tag slug>/<operationId in lower case>. */
const routeOf = (operationId: string): string =>
  `${slugOf(operationById(operationId).tags[0])}/${operationId.toLowerCase()}`;

interface Session {
  context: BrowserContext;
  page: Page;
  external: Set<string>;
  consoleErrors: string[];
}

describe.skipIf(chromiumMissing && !inCI)('documentation site in a browser', { timeout: 60_000 }, () => {
  let browser: Browser;
  let server: StaticServer;
  let sessions: Session[] = [];
  let workDir: string;
  let siteDir: string;

  beforeAll(async () => {
    if ('missing' in browserFound) throw new Error(`CI=true and the browser test has no browser: ${browserFound.missing}`);
    workDir = await mkdtemp(join(tmpdir(), 'docs-site-'));
    siteDir = join(workDir, 'site');
    await writeFile(join(workDir, 'drift.md'), FIXTURE_REPORT);
    const args = ['--out', siteDir, '--drift', join(workDir, 'drift.md')];
    const build = spawnSync(process.execPath, ['scripts/docs/build.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run docs failed:\n${build.stdout}${build.stderr}`);
    server = await serveDirectory(siteDir);
    browser = await chromium.launch({
      executablePath: browserFound.path,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  // Every test ends by checking that nothing left the machine and nothing logged an error.
  afterEach(async () => {
    for (const session of sessions) {
      await session.context.close();
      expect([...session.external], 'requests to other hosts').toEqual([]);
      expect(session.consoleErrors, 'console errors').toEqual([]);
    }
    sessions = [];
  });

  /** A fresh browser context where only `isLocal` URLs may load; everything else is aborted and recorded. */
  async function openSession(isLocal: (url: URL) => boolean, offline = false): Promise<Session> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline });
    context.setDefaultTimeout(10_000); // a missing element fails at its own step, well within the test timeout
    const session: Session = { context, page: await context.newPage(), external: new Set(), consoleErrors: [] };
    const allowed = (url: URL) => url.protocol === 'data:' || url.protocol === 'blob:' || isLocal(url);
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (allowed(url)) return route.continue();
      session.external.add(url.href);
      return route.abort('blockedbyclient');
    });
    context.on('request', (request) => {
      if (!allowed(new URL(request.url()))) session.external.add(request.url());
    });
    session.page.on('console', (message) => {
      if (message.type() === 'error') session.consoleErrors.push(message.text());
    });
    session.page.on('pageerror', (error) => session.consoleErrors.push(error.message));
    sessions.push(session);
    return session;
  }

  const openServed = async (path: string): Promise<Page> => {
    const { page } = await openSession((url) => url.origin === server.origin);
    await page.goto(`${server.origin}/${path}`);
    return page;
  };

  /** Clicks a tag group in Redoc's sidebar; groups expand one at a time. */
  async function expandGroup(page: Page, tag: string) {
    await page.locator('.menu-item-type-group > a').filter({ hasText: new RegExp(`^${tag}$`) }).click();
  }

  it('lists all 16 operations and the webhook in the navigation', async () => {
    const page = await openServed('index.html');
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
  });

  it("renders an operation's request sample and response schema when opened", async () => {
    const operation = operationById('createPaymentLink');
    const page = await openServed('index.html');
    await expandGroup(page, operation.tags[0]);
    await page.locator('[data-component-name="Menu/MenuItem"] a').filter({ hasText: operation.summary }).first().click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/${routeOf('createPaymentLink')}`);

    const section = page.locator(`[id="${routeOf('createPaymentLink')}"]`);
    const media = operation.requestBody.content['application/json'];
    const example = media.example ?? deref(Object.values<Node>(media.examples)[0]!).value;
    const requestSample = section.getByTestId('right-panel').filter({ hasText: 'Payload' }).getByTestId('json-viewer');
    for (const field of Object.keys(example)) await expect.poll(() => requestSample.textContent()).toContain(`"${field}"`);

    const [status, response] = Object.entries<Node>(operation.responses).find(([code]) => code.startsWith('2'))!;
    const schema = deref(deref(response).content['application/json'].schema);
    for (const property of schema.required as string[]) {
      await section.locator(`[id="${routeOf('createPaymentLink')}/t=response&c=${status}&path=${property.toLowerCase()}"]`).waitFor();
    }

    await mkdir(join(repoRoot, 'reports'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'reports/docs.png') });
  });

  it('finds the refresh operation with the search box', async () => {
    const page = await openServed('index.html');
    await page.getByTestId('search-trigger').click();
    await page.getByTestId('search-dialog').locator('input').fill('refresh');
    const summary: string = operationById('refreshCheckoutSession').summary;
    await page.getByTestId('search-dialog').locator('[data-component-name="Search/SearchItem"]').filter({ hasText: summary }).first().click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/${routeOf('refreshCheckoutSession')}`);
  });

  it('offers the spec downloads, and the header links load the register and the rendered drift report', async () => {
    const page = await openServed('index.html');
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
  });

  it('links an operation to its register entries, and each entry back to the operation', async () => {
    const page = await openServed(`index.html#/${routeOf('createCheckoutSession')}`);
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

  it('renders the reference opened from disk with networking blocked', async () => {
    const { page } = await openSession((url) => url.protocol === 'file:', true);
    await page.goto(pathToFileURL(join(siteDir, 'index.html')).href);
    await page.getByRole('heading', { name: spec.info.title }).first().waitFor();
    await expandGroup(page, 'Webhooks');
    await page.locator(`[data-component-name="Menu/MenuItem"] a[href="#/${routeOf(WEBHOOK_ID)}"]`).waitFor();
  });
});
