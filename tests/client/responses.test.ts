// The Response a call hands back (read once within the attempt, then served from memory) and how a
// body is read: in pieces, against the size limit, and stopped as soon as it is refused.
import { describe, expect, it } from 'vitest';
import { ConomyError, ConomyResponseTooLargeError, createConomyClient, InternalServerError } from '../../src/index.js';
import { BASE, PAYMENT_LINK, SECRETS, json, scriptedFetch, testClient } from './support.js';

const byId = { params: { path: { paymentLinkId: PAYMENT_LINK.id } } };
const encoder = new TextEncoder();

/** A body streamed in the given pieces; `cancelled` turns true when the reader gives up on it. */
function streamed(pieces: Uint8Array[], headers: Record<string, string> = {}) {
  const state = { cancelled: false, pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[state.pulled];
      state.pulled += 1;
      if (piece) controller.enqueue(piece);
      else controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { state, response: new Response(body, { status: 200, headers: { 'content-type': 'application/json', ...headers } }) };
}

describe('the response of a call', () => {
  it('keeps status, statusText and headers, and answers text() and json() as often as asked', async () => {
    const api = scriptedFetch(() => new Response(JSON.stringify(PAYMENT_LINK), { status: 201, statusText: 'Created', headers: { 'x-shop': 'a' } }));
    const { data, response } = await testClient(api.fetch).GET('/payment-links/{paymentLinkId}', byId);
    expect(data).toEqual(PAYMENT_LINK);
    expect(response).toMatchObject({ status: 201, statusText: 'Created', ok: true, url: `${BASE}/payment-links/${PAYMENT_LINK.id}` });
    expect(response.headers.get('x-shop')).toBe('a');
    expect(await response.text()).toBe(JSON.stringify(PAYMENT_LINK));
    expect(await response.text()).toBe(JSON.stringify(PAYMENT_LINK));
    expect(await response.json()).toEqual(PAYMENT_LINK);
  });

  it("keeps the server's Content-Length, which for a compressed answer counts the bytes on the wire", async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK, { 'content-length': '42' }));
    const { data, response } = await testClient(api.fetch).GET('/payment-links/{paymentLinkId}', byId);
    expect(data).toEqual(PAYMENT_LINK);
    expect(response.headers.get('content-length')).toBe('42');
  });

  it('parses the data of a success sent with its Content-Length, as a real server sends it', async () => {
    const body = JSON.stringify(PAYMENT_LINK);
    const api = scriptedFetch(() => json(200, PAYMENT_LINK, { 'content-length': String(encoder.encode(body).length) }));
    const { data } = await testClient(api.fetch).GET('/payment-links/{paymentLinkId}', byId);
    expect(data).toEqual(PAYMENT_LINK);
  });

  it('answers json() of an error answer from its masked body, with throwOnError: false', async () => {
    const api = scriptedFetch(() => json(400, { statusCode: 400, error: 'Bad Request', message: `key ${SECRETS.apiKey}` }));
    const client = createConomyClient({ apiKey: SECRETS.apiKey, accessToken: SECRETS.accessToken, fetch: api.fetch, throwOnError: false, logLevel: 'off' });
    const { error, response } = await client.GET('/payment-links');
    expect(error).toEqual({ statusCode: 400, error: 'Bad Request', message: 'key ***' });
    expect(await response.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: 'key ***' });
  });

  it('refuses a response without a status (a refused redirect, as a browser reports it), naming the call', async () => {
    const api = scriptedFetch(() => Response.error());
    const error = await testClient(api.fetch).GET('/payments').catch((caught: unknown) => caught);
    expect(error).toEqual(new ConomyError(`Unexpected redirect refused (GET ${BASE}/payments)`));
  });

  it('takes a 300 as an error answer, not as a success', async () => {
    const api = scriptedFetch(() => json(300, PAYMENT_LINK));
    await expect(testClient(api.fetch).GET('/payment-links/{paymentLinkId}', byId)).rejects.toMatchObject({ name: 'ConomyApiError', status: 300 });
  });

  it('takes 599, the last status there is, as a server error', async () => {
    const api = scriptedFetch(() => json(599, { statusCode: 599, error: 'Network Connect Timeout', message: 'upstream' }));
    await expect(testClient(api.fetch).GET('/payments')).rejects.toBeInstanceOf(InternalServerError);
  });
});

describe('reading a body', () => {
  it('reassembles a body that arrives in pieces, a character split across two of them', async () => {
    const bytes = encoder.encode(JSON.stringify({ ...PAYMENT_LINK, checkoutToken: 'pedido-ñandú' }));
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of "ñ"
    const { response } = streamed([bytes.slice(0, 10), bytes.slice(10, cut), bytes.slice(cut)]);
    const { data } = await testClient(scriptedFetch(() => response).fetch).GET('/payment-links/{paymentLinkId}', byId);
    expect(data.checkoutToken).toBe('pedido-ñandú');
  });

  it('accepts a Content-Length right at the limit', async () => {
    const body = JSON.stringify(PAYMENT_LINK);
    const size = encoder.encode(body).length;
    const api = scriptedFetch(() => json(200, PAYMENT_LINK, { 'content-length': String(size) }));
    const { data } = await testClient(api.fetch, { maxResponseBytes: size }).GET('/payment-links/{paymentLinkId}', byId);
    expect(data).toEqual(PAYMENT_LINK);
  });

  it('stops the download, without reading it, when the Content-Length is over the limit', async () => {
    const { state, response } = streamed([encoder.encode('{"results":[')], { 'content-length': '2048' });
    const call = testClient(scriptedFetch(() => response).fetch, { maxResponseBytes: 1024 }).GET('/payments');
    await expect(call).rejects.toBeInstanceOf(ConomyResponseTooLargeError);
    expect(state.cancelled).toBe(true);
  });

  it('stops the download as soon as the bytes read pass the limit', async () => {
    const piece = encoder.encode(' '.repeat(400));
    const { state, response } = streamed(Array.from({ length: 100 }, () => piece));
    const call = testClient(scriptedFetch(() => response).fetch, { maxResponseBytes: 1000 }).GET('/payments');
    await expect(call).rejects.toMatchObject({ name: 'ConomyResponseTooLargeError', status: 200, maxResponseBytes: 1000 });
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(10);
  });
});
