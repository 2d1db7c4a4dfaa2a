import { describe, expect, it } from 'vitest';
import { ConomyError } from '../../src/index.js';
import { checkPathParams } from '../../src/internal/path.js';
import { BASE, PAYMENT_LINK, json, scriptedFetch, testClient } from './support.js';

describe('path parameters', () => {
  const refused: Array<[unknown, RegExp]> = [
    ['', /Path parameter "paymentLinkId" must not be empty/],
    ['   ', /must not be empty/],
    ['.', /must not be "\."/],
    ['..', /must not be "\.\."/],
    [undefined, /Path parameter "paymentLinkId" is missing/],
    [null, /is missing/],
    [{ id: 'x' }, /must be a string, got object/],
  ];

  for (const [value, message] of refused) {
    it(`refuses ${JSON.stringify(value) ?? 'undefined'} before any request`, async () => {
      const api = scriptedFetch(() => json(200, PAYMENT_LINK));
      const call = testClient(api.fetch).GET('/payment-links/{paymentLinkId}', {
        params: { path: { paymentLinkId: value as string } },
      });
      await expect(call).rejects.toBeInstanceOf(ConomyError);
      await expect(call).rejects.toThrow(message);
      expect(api.seen).toHaveLength(0);
      expect(api.authCalls).toHaveLength(0);
    });
  }

  it('guards every method, request() included, and a caller middleware never sees the refused call', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const client = testClient(api.fetch);
    const seenByMiddleware: string[] = [];
    client.use({ onRequest: ({ request }) => void seenByMiddleware.push(request.url) });
    const path = { params: { path: { paymentLinkId: '..' } } };
    const calls = [
      client.DELETE('/payment-links/{paymentLinkId}', path),
      client.POST('/payment-links/{paymentLinkId}/activate', { ...path, body: {} }),
      client.request('get', '/payment-links/{paymentLinkId}', path),
    ];
    for (const call of calls) await expect(call).rejects.toThrow('Path parameter "paymentLinkId" must not be ".."');
    expect(seenByMiddleware).toEqual([]);
    expect(api.seen).toEqual([]);
  });

  it('guards the methods the spec has no operation for too, which an untyped caller can still call', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const client = testClient(api.fetch) as unknown as Record<string, (path: string, init: object) => Promise<unknown>>;
    for (const method of ['PUT', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']) {
      const call = client[method]?.('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId: '.' } } });
      await expect(call, method).rejects.toThrow('Path parameter "paymentLinkId" must not be "."');
    }
    expect(api.seen).toEqual([]);
  });

  it('refuses a call whose path parameters are left out entirely', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    // @ts-expect-error -- the types require params.path; the runtime guard covers untyped callers
    const call = testClient(api.fetch).GET('/payment-links/{paymentLinkId}');
    await expect(call).rejects.toThrow('Path parameter "paymentLinkId" is missing (/payment-links/{paymentLinkId})');
    expect(api.seen).toHaveLength(0);
  });

  it('percent-encodes values so they stay inside their segment', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    await testClient(api.fetch).GET('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId: '../auth?x=1#y' } } });
    expect(api.seen[0]?.url).toBe(`${BASE}/payment-links/..%2Fauth%3Fx%3D1%23y`);
  });

  it('checks every placeholder of a template', () => {
    expect(() => checkPathParams('/a/{first}/b/{second}', { first: 'ok' })).toThrow('Path parameter "second" is missing');
    expect(() => checkPathParams('/a/{first}/b/{second}', { first: 'ok', second: 7 })).not.toThrow();
  });
});
