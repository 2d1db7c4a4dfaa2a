// A settled call leaves nothing behind: no timer (a 30 s attempt timer would keep a short script's
// process alive, and fire into a finished call), and no abort listener on its request's signal
// (each would keep an attempt's controller reachable as long as the request is). And a caller who
// aborted before the call gets their abort, with nothing sent.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAYMENT_LINK, SECRETS, json, scriptedFetch, testClient } from './support.js';

afterEach(() => {
  vi.useRealTimers();
});

const UNAVAILABLE = { statusCode: 503, error: 'Service Unavailable', message: 'later' };

describe('after a call', () => {
  it.each([
    ['a success', () => json(200, PAYMENT_LINK)],
    ['an error answer', () => json(404, { statusCode: 404, error: 'Not Found', message: 'no' })],
    ['a connection error', () => Promise.reject(new TypeError('fetch failed'))],
    ['a retried 503', (_request: unknown, index: number) => (index === 0 ? json(503, UNAVAILABLE) : json(200, PAYMENT_LINK))],
  ])('no timer is left pending after %s', async (_what, answer) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const api = scriptedFetch(answer);
    const call = testClient(api.fetch, { timeoutMs: 30_000 }).GET('/payment-links').catch(() => undefined);
    await vi.waitFor(() => expect(api.seen.length).toBeGreaterThan(0));
    await vi.runOnlyPendingTimersAsync(); // the backoff of the retried 503, if any
    await call;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('no timer is left pending when the caller aborts during the backoff', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const api = scriptedFetch(() => json(503, UNAVAILABLE));
    const controller = new AbortController();
    const call = testClient(api.fetch, { initialRetryDelayMs: 60_000 }).GET('/payment-links', { signal: controller.signal });
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1)); // the backoff
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(vi.getTimerCount()).toBe(0);
    expect(api.seen).toHaveLength(1);
  });

  it.each([
    ['a token fetch and a success', () => json(200, PAYMENT_LINK)],
    ['a retry after a 503', (_request: unknown, index: number) => (index === 0 ? json(503, UNAVAILABLE) : json(200, PAYMENT_LINK))],
    ['a connection error', () => Promise.reject(new TypeError('fetch failed'))],
  ])('the signal of the request keeps no listener after %s', async (_what, answer) => {
    const api = scriptedFetch(answer);
    const client = testClient(api.fetch, { maxRetries: 1 });
    // The request openapi-fetch hands to the client's fetch, whose signal follows the caller's.
    let sent: Request | undefined;
    client.use({ onRequest: ({ request }) => void (sent = request) });
    await client.GET('/payment-links', { signal: new AbortController().signal }).catch(() => undefined);
    expect(api.seen.length).toBeGreaterThan(0);
    expect(getEventListeners(sent?.signal as AbortSignal, 'abort')).toEqual([]);
  });
});

describe('after the caller aborts', () => {
  /** The abort listeners left on the signal of the request when the caller aborts at `moment`. */
  async function listenersLeft(fetch: (request: Request) => Promise<Response>, moment: () => Promise<unknown>) {
    const client = testClient(fetch, { initialRetryDelayMs: 60_000 });
    let sent: Request | undefined;
    client.use({ onRequest: ({ request }) => void (sent = request) });
    const controller = new AbortController();
    const call = client.GET('/payment-links', { signal: controller.signal });
    await moment();
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    return getEventListeners(sent?.signal as AbortSignal, 'abort');
  }

  it('the signal of the request keeps no listener, whether it aborted during the backoff or while the token was on its way', async () => {
    const api = scriptedFetch(() => json(503, UNAVAILABLE));
    expect(await listenersLeft(api.fetch, () => vi.waitFor(() => expect(api.seen).toHaveLength(1)))).toEqual([]);
    let tokenAsked = false;
    const slowToken = async (request: Request): Promise<Response> => {
      tokenAsked = true;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return new URL(request.url).pathname.endsWith('/auth') ? json(200, { accessToken: SECRETS.accessToken, expiresIn: 3600 }) : json(200, PAYMENT_LINK);
    };
    expect(await listenersLeft(slowToken, () => vi.waitFor(() => expect(tokenAsked).toBe(true)))).toEqual([]);
  });

  it('a caller aborting just before the backoff (here: on the retry warning) does not wait for it', async () => {
    const api = scriptedFetch(() => json(503, UNAVAILABLE));
    const controller = new AbortController();
    const logger = { debug() {}, info() {}, error() {}, warn: () => controller.abort() };
    const call = testClient(api.fetch, { logger, logLevel: 'warn', initialRetryDelayMs: 60_000 }).GET('/payment-links', { signal: controller.signal });
    const started = Date.now();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(api.seen).toHaveLength(1);
  });
});

describe('a caller that already gave up', () => {
  it.each([
    ['a static token', { accessToken: SECRETS.accessToken, clientId: undefined, clientSecret: undefined }],
    ['a token from getAccessToken()', { getAccessToken: () => SECRETS.accessToken, clientId: undefined, clientSecret: undefined }],
  ])('sends nothing with %s, even through a fetch that ignores signals', async (_what, auth) => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const reason = new Error('caller gave up');
    const call = testClient(api.fetch, auth).GET('/payment-links', { signal: AbortSignal.abort(reason) });
    await expect(call).rejects.toBe(reason);
    expect(api.seen).toEqual([]);
  });

  it('sends nothing with a cached client-credentials token either', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const client = testClient(api.fetch);
    await client.GET('/payment-links');
    const reason = new Error('caller gave up');
    await expect(client.GET('/payment-links', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(api.seen).toHaveLength(1);
  });

  it('gets its own abort reason for a POST aborted in flight, not a connection error', async () => {
    let sent = 0;
    // Like the runtime's fetch: it fails once the signal of its request aborts.
    const fetch = async (request: Request): Promise<Response> => {
      if (new URL(request.url).pathname.endsWith('/auth')) return json(200, { accessToken: SECRETS.accessToken, expiresIn: 3600 });
      sent += 1;
      return new Promise<Response>((_resolve, reject) => {
        request.signal.addEventListener('abort', () => reject(new TypeError('fetch failed')));
      });
    };
    const controller = new AbortController();
    const byId = { params: { path: { paymentLinkId: PAYMENT_LINK.id } }, signal: controller.signal };
    const call = testClient(fetch).POST('/payment-links/{paymentLinkId}/activate', byId);
    await vi.waitFor(() => expect(sent).toBe(1));
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(sent).toBe(1);
  });
});
