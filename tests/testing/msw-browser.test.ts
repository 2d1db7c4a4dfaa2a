// The mock behind MSW in a browser, as a Storybook story or a browser test has it: the testing
// entry as the package builds it (lib/testing-bundle.mjs), its MSW entry and the client, bundled into
// one page script with msw/browser's setupWorker, served from 127.0.0.1 beside msw's
// mockServiceWorker.js, and run in Chromium (never a downloaded one). The client calls the sandbox's
// URL; the service worker hands each request to the mock, so nothing leaves the browser.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleTesting } from '../../lib/testing-bundle.mjs';
import { findBrowser } from '../support/browser.js';
import { CREDENTIALS, offer, spec } from './support.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const browserFound = findBrowser();
const inCI = process.env.CI === 'true';
if ('missing' in browserFound && !inCI) console.warn(`Skipping the MSW browser test: ${browserFound.missing}`);

/** The page's script: a checkout flow through the client, answered by the mock behind the service worker. */
const PAGE_SCRIPT = `
import { setupWorker } from 'msw/browser';
import { createConomyClient, NotFoundError } from '${join(root, 'src/index.ts')}';
import { conomyHandlers } from '${join(root, 'src/testing/msw.ts')}';
import { createConomyMock } from './testing.js';

window.checkout = async (body) => {
  const mock = createConomyMock();
  const worker = setupWorker(...conomyHandlers(mock));
  await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'error', quiet: true });
  const conomy = createConomyClient({ ...${JSON.stringify(CREDENTIALS)}, environment: 'sandbox', maxRetries: 0, logLevel: 'off' });
  const { data: link } = await conomy.POST('/payment-links', { body });
  const paymentLinkId = link.id;
  const { data: listed } = await conomy.GET('/payment-links', { params: { query: { id: [paymentLinkId] } } });
  await conomy.POST('/payment-links/{paymentLinkId}/activate', { params: { path: { paymentLinkId } } });
  const { data: session } = await conomy.POST('/payment-links/token/{checkoutToken}/checkout-sessions', { params: { path: { checkoutToken: link.checkoutToken } } });
  const { data: payment } = await conomy.POST('/checkout-sessions/{checkoutSessionId}/payments', {
    params: { path: { checkoutSessionId: session.id } },
    body: { paymentMethod: 'WEBPAY', customer: { firstName: 'Jane', lastName: 'Doe' } },
  });
  await conomy.DELETE('/checkout-sessions/{checkoutSessionId}', { params: { path: { checkoutSessionId: session.id } } });
  const gone = await conomy.GET('/checkout-sessions/{checkoutSessionId}', { params: { path: { checkoutSessionId: session.id } } }).then(
    () => 'answered',
    (error) => (error instanceof NotFoundError ? 'NotFoundError' : String(error)),
  );
  worker.stop();
  return { link, listed: listed.results.map((item) => item.id), session, payment, gone, state: mock.state.payments.map((item) => item.id) };
};
`;

describe.skipIf('missing' in browserFound && !inCI)('conomyHandlers(mock) with msw/browser in Chromium', () => {
  let scratch: string | undefined;
  let server: Server | undefined;
  afterAll(async () => {
    if (server) await new Promise((resolve) => server?.close(resolve));
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('runs the checkout flow on the sandbox URL, every answer from the mock; nothing reaches the network', async () => {
    if ('missing' in browserFound) throw new Error(`CI=true and the browser test has no browser: ${browserFound.missing}`);
    scratch = mkdtempSync(join(tmpdir(), 'msw-browser-'));
    await bundleTesting({ format: 'esm', document: spec.document, outfile: join(scratch, 'testing.js') });
    writeFileSync(join(scratch, 'page.js'), PAGE_SCRIPT);
    const bundled = await build({
      entryPoints: [join(scratch, 'page.js')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      nodePaths: [join(root, 'node_modules')],
      write: false,
      logLevel: 'silent',
    });
    const files: Record<string, { type: string; body: string | Uint8Array }> = {
      '/': { type: 'text/html', body: '<!doctype html><title>msw</title><script type="module" src="/page.js"></script>' },
      '/page.js': { type: 'text/javascript', body: bundled.outputFiles[0]?.contents ?? '' },
      '/mockServiceWorker.js': { type: 'text/javascript', body: readFileSync(join(root, 'node_modules/msw/lib/mockServiceWorker.js')) },
      // Asked for by the browser on its own; an empty one keeps a 404 out of the console.
      '/favicon.ico': { type: 'image/x-icon', body: '' },
    };
    const served: string[] = [];
    server = createServer((request, response) => {
      served.push(request.url ?? '');
      const file = files[request.url ?? ''];
      response.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' }).end(file?.body ?? 'not found');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const browser = await chromium.launch({ executablePath: browserFound.path, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const context = await browser.newContext();
      const leftTheBrowser: string[] = [];
      // Every answer to a request for Conomy must come from the service worker, none from the network.
      const elsewhere = (url: string) => !url.startsWith(origin);
      context.on('response', (response) => void (elsewhere(response.url()) && !response.fromServiceWorker() && leftTheBrowser.push(response.url())));
      context.on('requestfailed', (request) => void (elsewhere(request.url()) && leftTheBrowser.push(`${request.url()} (failed)`)));
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => void (message.type() === 'error' && errors.push(`${message.text()} ${message.location().url}`)));
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(origin);
      // A page script that fails to load says why, rather than a bare timeout.
      await page.waitForFunction(() => 'checkout' in window, undefined, { timeout: 15_000 }).catch((error: unknown) => {
        throw new Error(`the page script did not start: ${[String(error), ...errors].join('\n')}`);
      });
      const body = offer('browser-1');
      const result = await page.evaluate((offered) => (window as unknown as { checkout: (body: unknown) => Promise<Record<string, unknown>> }).checkout(offered), body);

      expect(result.link).toMatchObject({ checkoutToken: 'browser-1', status: 'ATTEMPT', items: body.items, currency: body.currency });
      const { link, session, payment } = result as { link: { id: string }; session: { id: string; paymentLinkId: string }; payment: { id: string; status: string } };
      expect(result.listed).toEqual([link.id]);
      expect(session.paymentLinkId).toBe(link.id);
      expect(payment.status).toBe('CREATED');
      expect(result.state).toEqual([payment.id]);
      expect(result.gone).toBe('NotFoundError');
      // The one error the browser may log is the deleted session's 404, which the flow asked for.
      expect(errors.filter((error) => /^Failed to load resource: .* 404 .*\/checkout-sessions\/(\w+)$/.exec(error)?.[1] !== session.id)).toEqual([]);
      expect(served.filter((path) => path !== '/favicon.ico').sort()).toEqual(['/', '/mockServiceWorker.js', '/page.js']);
      expect(leftTheBrowser).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
