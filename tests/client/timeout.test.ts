import { describe, expect, it } from 'vitest';
import { ConomyConnectionError, ConomyTimeoutError, createConomyClient } from '../../src/index.js';
import { BASE, PAYMENT_LINK, SECRETS, json, scriptedFetch, testClient } from './support.js';

const never = () => new Promise<Response>(() => {});

/** A 200 whose body starts but never finishes. */
const stalledBody = () =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"id":'));
      },
    }),
    { status: 200, headers: { 'content-type': 'application/json' } },
  );

describe('per-attempt timeout', () => {
  it('times out each attempt of a GET, retries, then throws ConomyTimeoutError', async () => {
    const api = scriptedFetch(never);
    const error = await testClient(api.fetch, { timeoutMs: 15, maxRetries: 1 })
      .GET('/payment-links')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConomyTimeoutError);
    expect(error).toBeInstanceOf(ConomyConnectionError);
    expect((error as Error).message).toBe(`Request timed out after 15 ms (GET ${BASE}/payment-links)`);
    expect(api.seen).toHaveLength(2);
  });

  it('covers reading the body, not only the headers', async () => {
    const api = scriptedFetch((_request, index) => (index === 0 ? stalledBody() : json(200, PAYMENT_LINK)));
    const { data } = await testClient(api.fetch, { timeoutMs: 20 }).GET('/payment-links/{paymentLinkId}', {
      params: { path: { paymentLinkId: PAYMENT_LINK.id } },
    });
    expect(data.id).toBe(PAYMENT_LINK.id);
    expect(api.seen).toHaveLength(2);
  });

  it('passes an abort signal to fetch that fires at the timeout', async () => {
    let signal: AbortSignal | undefined;
    const fetch = async (request: Request) => {
      if (new URL(request.url).pathname.endsWith('/auth')) return json(200, { accessToken: 'token-from-auth-01', tokenType: 'Bearer', expiresIn: 60 });
      signal = request.signal;
      return never();
    };
    await expect(testClient(fetch, { timeoutMs: 10, maxRetries: 0 }).GET('/payment-links')).rejects.toBeInstanceOf(ConomyTimeoutError);
    expect(signal?.aborted).toBe(true);
  });
});

describe('caller abort', () => {
  it('rejects with the AbortError of the caller, without retrying', async () => {
    const api = scriptedFetch(never);
    const controller = new AbortController();
    const call = testClient(api.fetch).GET('/payment-links', { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    const error = await call.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(api.seen).toHaveLength(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const reason = new Error('caller gave up');
    const error = await testClient(api.fetch)
      .GET('/payment-links', { signal: AbortSignal.abort(reason) })
      .catch((caught: unknown) => caught);
    expect(error).toBe(reason);
    expect(api.seen).toHaveLength(0);
  });

  it('interrupts the backoff wait between retries', async () => {
    const api = scriptedFetch(() => json(503, { statusCode: 503, error: 'E', message: 'm' }));
    const controller = new AbortController();
    const started = Date.now();
    const call = testClient(api.fetch, { initialRetryDelayMs: 10_000 }).GET('/payment-links', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(api.seen).toHaveLength(1);
  });

  it('stops waiting for a token without cancelling the shared token request', async () => {
    let releaseToken: (response: Response) => void = () => {};
    const fetch = async (request: Request) =>
      new URL(request.url).pathname.endsWith('/auth')
        ? new Promise<Response>((resolve) => {
            releaseToken = resolve;
          })
        : json(200, PAYMENT_LINK);
    const client = createConomyClient({ apiKey: SECRETS.apiKey, clientId: 'clientid-test-01', clientSecret: SECRETS.clientSecret, fetch, logLevel: 'off' });
    const controller = new AbortController();
    const aborted = client.GET('/payment-links', { signal: controller.signal });
    const patient = client.GET('/payment-links');
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    releaseToken(json(200, { accessToken: SECRETS.accessToken, tokenType: 'Bearer', expiresIn: 3600 }));
    await expect(patient).resolves.toMatchObject({ data: PAYMENT_LINK });
  });
});
