// The documentation site as site.test.ts reads it: built into a temporary directory (with a given
// drift report), served by a static server on 127.0.0.1 and opened in Chromium. Every request to
// another host is aborted and recorded; each test ends by checking that none was made and that no
// page logged a console error. Also the spec facts the tests look things up by.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { listOperations, readSpec, resolveRef } from '../../lib/spec/index.mjs';
import type { findBrowser } from '../support/browser.js';
import { serveDirectory, type StaticServer } from './static-server.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML
export const spec = readSpec(join(repoRoot, 'openapi.yaml')) as Node;
export const deref = (node: Node): Node => resolveRef(spec, node, '(a node the site test reads)').node as Node;
export const operationById = (operationId: string): Node => {
  const found = listOperations(spec).find(({ operation }) => operation.operationId === operationId);
  if (!found) throw new Error(`operation ${operationId} is not in openapi.yaml`);
  return found.operation;
};
export const slugOf = (tag: string): string => tag.toLowerCase().replace(/[^a-z0-9]+/g, '-');
/** Where Redoc shows an operation: #/<tag slug>/<operationId in lower case>. */
export const routeOf = (operationId: string): string => `${slugOf(operationById(operationId).tags[0])}/${operationId.toLowerCase()}`;

/** Clicks a tag group in Redoc's sidebar; groups expand one at a time. */
export async function expandGroup(page: Page, tag: string) {
  await page.locator('.menu-item-type-group > a').filter({ hasText: new RegExp(`^${tag}$`) }).click();
}

/** Whether the element's top is in the viewport and not under the header while the header sticks on top. */
export async function landedOn(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const headerBottom = await page.locator('header.site-header').evaluate((header) =>
    getComputedStyle(header).position === 'sticky' ? header.getBoundingClientRect().bottom : 0,
  );
  return box !== null && box.y >= headerBottom - 1 && box.y < page.viewportSize()!.height - 40;
}

export interface Session {
  context: BrowserContext;
  page: Page;
  external: Set<string>;
  consoleErrors: string[];
}

export interface Viewport {
  width: number;
  height: number;
}

export const WIDE: Viewport = { width: 1280, height: 900 };

export interface BuiltSite {
  readonly siteDir: string;
  /** A fresh browser context where only `isLocal` URLs may load; everything else is aborted and recorded. */
  openSession(isLocal: (url: URL) => boolean, options?: { offline?: boolean; viewport?: Viewport }): Promise<Session>;
  /** A page of the site from the static server. */
  openServed(path: string, viewport?: Viewport): Promise<Page>;
}

/**
 * Builds the site once for the calling describe block (with `driftReport` as the drift report and
 * `driftHistory` as the history charted above it) and registers the hooks that start and stop the
 * server and the browser and check every session.
 */
export function useBuiltSite(browserFound: ReturnType<typeof findBrowser>, driftReport: string, driftHistory: string): BuiltSite {
  let browser: Browser;
  let server: StaticServer;
  let sessions: Session[] = [];
  let workDir: string;
  let siteDir = '';

  beforeAll(async () => {
    if ('missing' in browserFound) throw new Error(`CI=true and the browser test has no browser: ${browserFound.missing}`);
    workDir = await mkdtemp(join(tmpdir(), 'docs-site-'));
    siteDir = join(workDir, 'site');
    await writeFile(join(workDir, 'drift.md'), driftReport);
    await writeFile(join(workDir, 'drift-history.jsonl'), driftHistory);
    const args = ['--out', siteDir, '--drift', join(workDir, 'drift.md'), '--drift-history', join(workDir, 'drift-history.jsonl')];
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

  afterEach(async () => {
    for (const session of sessions) {
      await session.context.close();
      expect([...session.external], 'requests to other hosts').toEqual([]);
      expect(session.consoleErrors, 'console errors').toEqual([]);
    }
    sessions = [];
  });

  async function openSession(isLocal: (url: URL) => boolean, { offline = false, viewport = WIDE } = {}): Promise<Session> {
    const context = await browser.newContext({ viewport, offline });
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

  return {
    get siteDir() {
      return siteDir;
    },
    openSession,
    async openServed(path, viewport = WIDE) {
      const { page } = await openSession((url) => url.origin === server.origin, { viewport });
      await page.goto(`${server.origin}/${path}`);
      return page;
    },
  };
}
