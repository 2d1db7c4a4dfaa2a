import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConomyApiError,
  ConomyError,
  ConomyInvalidResponseError,
  createConomyClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from '../../src/index.js';
import { BASE, GATEWAY_400, PAYMENT_LINK, PROBLEM_404, SECRETS, json, scriptedFetch, testClient } from './support.js';
import * as kit from '../../src/index.js';

const byId = { params: { path: { paymentLinkId: PAYMENT_LINK.id } } };

async function failWith(response: () => Response): Promise<unknown> {
  const api = scriptedFetch(response);
  return testClient(api.fetch, { maxRetries: 0 })
    .GET('/payment-links/{paymentLinkId}', byId)
    .then(
      () => undefined,
      (error: unknown) => error,
    );
}

describe('error classes by status', () => {
  const cases = [
    [400, BadRequestError, 'invalidParam', '11'],
    [401, AuthenticationError, 'unauthorized', '41'],
    [403, PermissionDeniedError, 'forbiddenOperation', '43'],
    [404, NotFoundError, 'notFound', '31'],
    [409, ConflictError, 'alreadyExist', '13'],
    [422, UnprocessableEntityError, 'failedPrecondition', '21'],
    [429, RateLimitError, 'tooManyRequests', '32'],
    [500, InternalServerError, 'serverError', '01'],
    [501, InternalServerError, 'unimplemented', '42'],
    [503, InternalServerError, 'serverError', '01'],
  ] as const;

  for (const [status, ErrorClass, type, code] of cases) {
    it(`${status} -> ${ErrorClass.name} (problem body)`, async () => {
      const body = { status, code, type, detail: `detail for ${status}`, traceId: `trace-${status}` };
      const error = await failWith(() => json(status, body));
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toBeInstanceOf(ConomyApiError);
      expect(error).toBeInstanceOf(ConomyError);
      const apiError = error as ConomyApiError;
      expect(apiError.name).toBe(ErrorClass.name);
      expect(apiError).toMatchObject({ status, code, type, traceId: `trace-${status}`, body });
      expect(apiError.request).toEqual({ method: 'GET', url: `${BASE}/payment-links/${PAYMENT_LINK.id}` });
      expect(apiError.message).toBe(
        `${status} ${type} (code ${code}): detail for ${status} (GET ${BASE}/payment-links/${PAYMENT_LINK.id}) [traceId trace-${status}]`,
      );
    });

    it(`${status} -> ${ErrorClass.name} (gateway body)`, async () => {
      const body = { statusCode: status, error: 'Some Category', message: `gateway says ${status}` };
      const error = (await failWith(() => json(status, body))) as ConomyApiError;
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ status, code: undefined, type: 'Some Category', traceId: undefined, body });
      expect(error.message).toContain(`${status} Some Category: gateway says ${status}`);
    });
  }

  it('uses the base class for statuses without a subclass', async () => {
    const error = await failWith(() => json(410, { statusCode: 410, error: 'Gone', message: 'gone' }));
    expect(error).toBeInstanceOf(ConomyApiError);
    expect(Object.getPrototypeOf(error)).toBe(ConomyApiError.prototype);
  });

  it('falls back to a request-id header when the body has no traceId', async () => {
    const error = (await failWith(() => json(400, GATEWAY_400, { 'x-request-id': 'req-777' }))) as ConomyApiError;
    expect(error.traceId).toBe('req-777');
    expect(error.message).toMatch(/\[traceId req-777\]$/);
  });
});

describe('undocumented and broken bodies', () => {
  it('keeps an HTML 502 page as rawBody, with no typed body', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    const error = (await failWith(() => new Response(html, { status: 502, headers: { 'content-type': 'text/html' } }))) as ConomyApiError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.body).toBeUndefined();
    expect(error.rawBody).toBe(html);
    expect(error.message).toBe(`502 undocumented body (text/html) (GET ${BASE}/payment-links/${PAYMENT_LINK.id})`);
  });

  it('treats a JSON error of neither documented shape as undocumented', async () => {
    const other = { error: { type: 'bad_request', info: null }, message: null };
    const error = (await failWith(() => json(400, other))) as ConomyApiError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.body).toBeUndefined();
    expect(JSON.parse(error.rawBody)).toEqual(other);
  });

  it('reports an error status with an empty body', async () => {
    const error = (await failWith(() => new Response(null, { status: 404 }))) as ConomyApiError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/^404 empty body/);
  });

  it('refuses a 2xx with an empty body or truncated JSON instead of returning undefined data', async () => {
    const empty = await failWith(() => new Response('', { status: 200 }));
    expect(empty).toBeInstanceOf(ConomyInvalidResponseError);
    expect((empty as Error).message).toBe(`200 response with an empty body (GET ${BASE}/payment-links/${PAYMENT_LINK.id})`);
    const truncated = await failWith(() => new Response('{"id":"6931f0a2', { status: 200 }));
    expect(truncated).toBeInstanceOf(ConomyInvalidResponseError);
    expect(truncated).toMatchObject({ status: 200, rawBody: '{"id":"6931f0a2' });
  });

  it('accepts a 204 without a body (DELETE /payment-links/{id})', async () => {
    const api = scriptedFetch(() => new Response(null, { status: 204 }));
    const result = await testClient(api.fetch).DELETE('/payment-links/{paymentLinkId}', byId);
    expect(result.response.status).toBe(204);
    expect(result.data).toBeUndefined();
  });
});

describe('throwOnError: false keeps the openapi-fetch { data, error, response } result', () => {
  const lenient = (fetch: (request: Request) => Promise<Response>) =>
    createConomyClient({ apiKey: SECRETS.apiKey, accessToken: SECRETS.accessToken, fetch, throwOnError: false, logLevel: 'off', maxRetries: 0 });

  it('returns the parsed error body instead of throwing', async () => {
    const api = scriptedFetch(() => json(404, PROBLEM_404));
    const { data, error, response } = await lenient(api.fetch).GET('/payment-links/{paymentLinkId}', byId);
    expect(data).toBeUndefined();
    expect(error).toEqual(PROBLEM_404);
    expect(response.status).toBe(404);
    expect(response.url).toBe(`${BASE}/payment-links/${PAYMENT_LINK.id}`);
  });

  it('returns data on success', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const { data, error } = await lenient(api.fetch).GET('/payment-links/{paymentLinkId}', byId);
    expect(error).toBeUndefined();
    expect(data).toEqual(PAYMENT_LINK);
  });

  it('still throws for failures that have no response (here: a refused 2xx body)', async () => {
    const api = scriptedFetch(() => new Response('not json', { status: 200 }));
    await expect(lenient(api.fetch).GET('/payment-links/{paymentLinkId}', byId)).rejects.toBeInstanceOf(ConomyInvalidResponseError);
  });
});

describe('instanceof across copies of the package', () => {
  const classes = Object.entries(kit).filter(
    (entry): entry is [string, typeof kit.ConomyError] => typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
  );

  it('every error class has its own brand, which is its name and the name of its errors', () => {
    expect(classes.length).toBeGreaterThanOrEqual(15);
    for (const [exported, ErrorClass] of classes) {
      expect(Object.hasOwn(ErrorClass, 'brand'), exported).toBe(true);
      expect(ErrorClass.brand).toBe(exported);
    }
    expect(new kit.NotFoundError({ status: 404, headers: new Headers(), rawBody: '', request: { method: 'GET', url: 'u' } }).name).toBe('NotFoundError');
  });

  it('recognises an error of another copy by its brands, and only by the brands it has', () => {
    const brands = Symbol.for('@conomy/checkout-contract/error-brands');
    const fromOtherCopy = Object.assign(new Error('x'), { [brands]: ['NotFoundError', 'ConomyApiError', 'ConomyError'] });
    expect(fromOtherCopy instanceof kit.NotFoundError).toBe(true);
    expect(fromOtherCopy instanceof kit.ConomyApiError).toBe(true);
    expect(fromOtherCopy instanceof kit.ConomyError).toBe(true);
    expect(fromOtherCopy instanceof kit.ConflictError).toBe(false);
    expect(fromOtherCopy instanceof kit.ConomyConnectionError).toBe(false);
    expect(new Error('plain') instanceof kit.ConomyError).toBe(false);
    for (const value of [null, undefined, 'NotFoundError', 404]) expect((value as unknown as object) instanceof kit.ConomyError).toBe(false);
  });

  it('gives every error exactly the brands of its classes, which is what other copies check', () => {
    const brands = Symbol.for('@conomy/checkout-contract/error-brands');
    const notFound = new kit.NotFoundError({ status: 404, headers: new Headers(), rawBody: '', request: { method: 'GET', url: 'u' } });
    expect((notFound as unknown as Record<symbol, unknown>)[brands]).toEqual(['NotFoundError', 'ConomyApiError', 'ConomyError']);
    class AppError extends kit.ConomyTimeoutError {}
    const own = new AppError(5, { method: 'GET', url: 'u' });
    expect((own as unknown as Record<symbol, unknown>)[brands]).toEqual(['ConomyTimeoutError', 'ConomyConnectionError', 'ConomyError']);
  });

  it('names an error by its brand, not by its class name, which a bundler may rename', () => {
    const e = class extends kit.ConomyError {
      static override readonly brand: string = 'ShopError';
    };
    expect(new e('out of stock').name).toBe('ShopError');
  });

  it("leaves a caller's own subclass to prototypes: it matches its own errors only, under its own name", () => {
    class AppError extends kit.ConomyError {}
    const notFound = new kit.NotFoundError({ status: 404, headers: new Headers(), rawBody: '', request: { method: 'GET', url: 'u' } });
    expect(notFound instanceof AppError).toBe(false);
    const own = new AppError('mine');
    expect(own).toBeInstanceOf(AppError);
    expect(own).toBeInstanceOf(kit.ConomyError);
    expect(own.name).toBe('AppError');
  });

  it('serializes a plain ConomyError with its message', () => {
    expect(JSON.parse(JSON.stringify(new kit.ConomyError('refused')))).toEqual({ name: 'ConomyError', message: 'refused' });
  });
});
