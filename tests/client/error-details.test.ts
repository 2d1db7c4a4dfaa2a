// What an error carries beyond its class: which bodies count as documented, where the traceId comes
// from, how long texts are cut, what JSON.stringify shows, and what a connection error says.
import { describe, expect, it } from 'vitest';
import {
  ConomyApiError,
  ConomyConnectionError,
  ConomyInvalidResponseError,
  ConomyResponseTooLargeError,
  ConomyTimeoutError,
  MAX_ERROR_BODY_CHARS,
} from '../../src/core/error.js';
import { BASE, GATEWAY_400, PROBLEM_404, json, scriptedFetch, testClient } from './support.js';

const URL_OF_CALL = `${BASE}/payment-links`;
const REQUEST = { method: 'GET', url: URL_OF_CALL };

/** What one GET /payment-links rejects with when the server answers `response`. */
async function failure(response: () => Response | Promise<Response>, extra = {}): Promise<unknown> {
  const api = scriptedFetch(response);
  return testClient(api.fetch, { maxRetries: 0, ...extra })
    .GET('/payment-links')
    .then(() => new Error('the call succeeded'), (error: unknown) => error);
}

describe('documented error bodies', () => {
  it.each([
    ['a message alone', { message: 'x' }],
    ['a gateway body without message', { statusCode: 400, error: 'Bad Request' }],
    ['a gateway body without error', { statusCode: 400, message: 'm' }],
    ['a gateway body without statusCode', { error: 'Bad Request', message: 'm' }],
    ['a gateway body with statusCode as text', { statusCode: '400', error: 'Bad Request', message: 'm' }],
    ['a gateway body with a non-text error', { statusCode: 400, error: 1, message: 'm' }],
    ['a gateway body with a null message', { statusCode: 400, error: 'Bad Request', message: null }],
    ['a problem body without type', { status: 400, code: '11', detail: 'd' }],
    ['a problem body without code', { status: 400, type: 'invalidParam' }],
    ['a problem body without status', { code: '11', type: 'invalidParam' }],
    ['a problem body with status as text', { status: '400', code: '11', type: 'invalidParam' }],
    ['a problem body with a numeric code', { status: 400, code: 11, type: 'invalidParam' }],
    ['a problem body with a null type', { status: 400, code: '11', type: null }],
    ['JSON null', null],
    ['a JSON string', 'Bad Request'],
  ])('are not recognised in %s: the error keeps it as rawBody only', async (_what, body) => {
    const error = (await failure(() => json(400, body))) as ConomyApiError;
    expect(error).toBeInstanceOf(ConomyApiError);
    expect(error).toMatchObject({ body: undefined, code: undefined, type: undefined, rawBody: JSON.stringify(body) });
    expect(error.message).toBe(`400 undocumented body (application/json) (GET ${URL_OF_CALL})`);
  });

  it('describes a problem body without detail by its type and code alone', async () => {
    const { detail: _detail, ...withoutDetail } = PROBLEM_404;
    const error = (await failure(() => json(404, withoutDetail))) as ConomyApiError;
    expect(error.message).toBe(`404 notFound (code 31) (GET ${URL_OF_CALL}) [traceId trace-abc-123]`);
  });

  it('says so when an undocumented body comes without a content-type', async () => {
    const error = (await failure(() => new Response(new TextEncoder().encode('oops'), { status: 400 }))) as ConomyApiError;
    expect(error.message).toBe(`400 undocumented body (no content-type) (GET ${URL_OF_CALL})`);
  });
});

describe('traceId', () => {
  it("prefers the body's traceId over any request-id header", async () => {
    const error = (await failure(() => json(404, PROBLEM_404, { 'x-request-id': 'req-1' }))) as ConomyApiError;
    expect(error.traceId).toBe('trace-abc-123');
  });

  it.each([
    [{ 'x-correlation-id': 'corr-1', 'x-trace-id': 'trace-1' }, 'trace-1'],
    [{ 'x-amz-apigw-id': 'apigw-1', 'x-amzn-requestid': 'amzn-1' }, 'amzn-1'],
    [{ 'x-request-id': '', 'x-correlation-id': 'corr-1' }, 'corr-1'],
  ])('takes the first non-empty request-id header in order of preference: %j', async (headers, traceId) => {
    const error = (await failure(() => json(400, GATEWAY_400, headers))) as ConomyApiError;
    expect(error.traceId).toBe(traceId);
    expect(error.message.endsWith(`[traceId ${traceId}]`)).toBe(true);
  });
});

describe('long texts are cut', () => {
  it(`keeps a body of exactly ${MAX_ERROR_BODY_CHARS} characters whole, and says how much more was not kept`, async () => {
    const exact = 'x'.repeat(MAX_ERROR_BODY_CHARS);
    const kept = (await failure(() => new Response(exact, { status: 502 }))) as ConomyApiError;
    expect(kept.rawBody).toBe(exact);
    const cut = (await failure(() => new Response(`${exact}yz`, { status: 502 }))) as ConomyApiError;
    expect(cut.rawBody).toBe(`${exact}... (2 more characters not kept)`);
  });

  it('cuts each text field of a documented body after 1 KiB, leaving other fields alone', async () => {
    const body = { statusCode: 400, error: 'e'.repeat(1024), message: `${'m'.repeat(1024)}!` };
    const error = (await failure(() => json(400, body))) as ConomyApiError;
    expect(error.body).toEqual({ statusCode: 400, error: body.error, message: `${'m'.repeat(1024)}... (1 more characters not kept)` });
  });

  it('cuts the rawBody of an invalid 2xx answer the same way', async () => {
    const error = (await failure(() => new Response(`<${'x'.repeat(MAX_ERROR_BODY_CHARS)}`, { status: 200 }))) as ConomyInvalidResponseError;
    expect(error).toBeInstanceOf(ConomyInvalidResponseError);
    expect(error.rawBody).toBe(`<${'x'.repeat(MAX_ERROR_BODY_CHARS - 1)}... (1 more characters not kept)`);
  });
});

describe('JSON.stringify of an error', () => {
  it('shows the fields of an API error, with the parsed body', async () => {
    const error = await failure(() => json(404, PROBLEM_404));
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'NotFoundError',
      message: `404 notFound (code 31): Payment link not found (GET ${URL_OF_CALL}) [traceId trace-abc-123]`,
      status: 404,
      code: '31',
      type: 'notFound',
      traceId: 'trace-abc-123',
      body: PROBLEM_404,
      request: REQUEST,
    });
  });

  it('shows the raw body of an undocumented answer instead', async () => {
    const error = await failure(() => new Response('<h1>Bad Gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } }));
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'InternalServerError', status: 502, body: '<h1>Bad Gateway</h1>' });
  });

  it('shows the request of a connection error and a timeout, and the body of an invalid answer', async () => {
    const reset = await failure(() => Promise.reject(new TypeError('fetch failed')));
    expect(JSON.parse(JSON.stringify(reset))).toEqual({ name: 'ConomyConnectionError', message: `Connection error: fetch failed (GET ${URL_OF_CALL})`, request: REQUEST });
    const timeout = await failure(() => new Promise<Response>(() => {}), { timeoutMs: 5 });
    expect(timeout).toBeInstanceOf(ConomyTimeoutError);
    expect(JSON.parse(JSON.stringify(timeout))).toEqual({ name: 'ConomyTimeoutError', message: `Request timed out after 5 ms (GET ${URL_OF_CALL})`, request: REQUEST });
    const invalid = await failure(() => new Response('not json', { status: 200 }));
    expect(JSON.parse(JSON.stringify(invalid))).toEqual({
      name: 'ConomyInvalidResponseError',
      message: `200 response with a body that is not valid JSON (GET ${URL_OF_CALL})`,
      status: 200,
      rawBody: 'not json',
      request: REQUEST,
    });
  });

  it('shows the name and message of a body over maxResponseBytes', async () => {
    const error = await failure(() => json(200, { results: [] }, { 'content-length': '2048' }), { maxResponseBytes: 1024 });
    expect(error).toBeInstanceOf(ConomyResponseTooLargeError);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ConomyResponseTooLargeError',
      message: `200 response with a body over maxResponseBytes (1024 bytes); the rest was not read (GET ${URL_OF_CALL})`,
    });
  });
});

describe('connection errors', () => {
  it('name the socket error and its code, and keep the whole cause chain', async () => {
    const socket = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const error = (await failure(() => Promise.reject(new TypeError('fetch failed', { cause: socket })))) as ConomyConnectionError;
    expect(error).toBeInstanceOf(ConomyConnectionError);
    expect(error.message).toBe(`Connection error: fetch failed: read ECONNRESET: ECONNRESET (GET ${URL_OF_CALL})`);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect((error.cause as Error).cause).toMatchObject({ name: 'Error', message: 'read ECONNRESET' });
  });

  it('leave out a code that is not text, and take a thrown non-error as the message', async () => {
    const coded = Object.assign(new Error('socket hang up'), { code: 104 });
    const error = (await failure(() => Promise.reject(new TypeError('fetch failed', { cause: coded })))) as ConomyConnectionError;
    expect(error.message).toBe(`Connection error: fetch failed: socket hang up (GET ${URL_OF_CALL})`);
    const thrown = (await failure(() => Promise.reject('network down'))) as ConomyConnectionError;
    expect(thrown.message).toBe(`Connection error: network down (GET ${URL_OF_CALL})`);
    expect(thrown.cause).toMatchObject({ name: 'Error', message: 'network down' });
    expect((thrown.cause as Error).cause).toBeUndefined();
  });
});
