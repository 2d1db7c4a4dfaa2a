import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConomyConnectionError, ConomyTimeoutError, InternalServerError, RateLimitError } from '../../src/index.js';
import { parseRetryAfterMs, retryDelayMs } from '../../src/internal/retry.js';
import { PAYMENT_LINK, SECRETS, capturingLogger, json, scriptedFetch, testClient } from './support.js';

const byId = { params: { path: { paymentLinkId: PAYMENT_LINK.id } } };
const createBody = {
  checkoutToken: 'invoice-1001',
  currency: 'CLP',
  items: [{ preTaxAmount: '49990', totalAmount: '49990', description: 'Invoice 1001' }],
  paymentMethodsAllowed: ['ETPAY'],
  destinations: [],
  duration: 86400,
  owner: { identityId: '679c482ee4420cb5b0966c9a' },
} as never;

/** Fails the first `failures` requests with `failure`, then answers 200. */
function failingThenOk(failures: number, failure: () => Response | Promise<Response>) {
  return scriptedFetch((_request, index) => (index < failures ? failure() : json(200, PAYMENT_LINK)));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('which requests are retried', () => {
  for (const status of [408, 429, 502, 503, 504]) {
    it(`retries a GET after ${status}`, async () => {
      const api = failingThenOk(1, () => json(status, { statusCode: status, error: 'E', message: 'm' }));
      const { data } = await testClient(api.fetch).GET('/payment-links/{paymentLinkId}', byId);
      expect(data.id).toBe(PAYMENT_LINK.id);
      expect(api.seen).toHaveLength(2);
    });
  }

  it('retries a DELETE after 503 and after a connection error', async () => {
    let calls = 0;
    const api = scriptedFetch(() => {
      calls += 1;
      if (calls === 1) return json(503, { statusCode: 503, error: 'E', message: 'm' });
      if (calls === 2) throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
      return json(200, {});
    });
    const result = await testClient(api.fetch).DELETE('/checkout-sessions/{checkoutSessionId}', {
      params: { path: { checkoutSessionId: 'cs_1' } },
    });
    expect(result.data).toEqual({});
    expect(api.seen).toHaveLength(3);
  });

  it('retries a GET after a connection error', async () => {
    const api = failingThenOk(1, () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    });
    await testClient(api.fetch).GET('/payment-links/{paymentLinkId}', byId);
    expect(api.seen).toHaveLength(2);
  });

  it('does not retry 500 or other statuses outside the list', async () => {
    const api = failingThenOk(1, () => json(500, { statusCode: 500, error: 'E', message: 'm' }));
    await expect(testClient(api.fetch).GET('/payment-links/{paymentLinkId}', byId)).rejects.toBeInstanceOf(InternalServerError);
    expect(api.seen).toHaveLength(1);
  });

  it('stops after maxRetries (default 2, so 3 attempts) and throws the last error', async () => {
    const api = failingThenOk(10, () => json(429, { statusCode: 429, error: 'Too Many Requests', message: 'slow down' }));
    const logger = capturingLogger();
    await expect(testClient(api.fetch, { logger, logLevel: 'error' }).GET('/payment-links')).rejects.toBeInstanceOf(RateLimitError);
    expect(api.seen).toHaveLength(3);
    expect(logger.lines).toEqual([expect.stringMatching(/^error \[conomy\] Giving up after 3 attempts: status 429/)]);

    const none = failingThenOk(10, () => json(503, { statusCode: 503, error: 'E', message: 'm' }));
    await expect(testClient(none.fetch, { maxRetries: 0 }).GET('/payment-links')).rejects.toBeInstanceOf(InternalServerError);
    expect(none.seen).toHaveLength(1);
  });

  it('never replays a creating POST that may have reached the server: 503, connection reset or timeout', async () => {
    const failures: Array<() => Response | Promise<Response>> = [
      () => json(503, { statusCode: 503, error: 'E', message: 'm' }),
      () => {
        throw new TypeError('fetch failed', { cause: new Error('other side closed') });
      },
      () => new Promise<Response>(() => {}), // never answers: the attempt times out
    ];
    const expected = [InternalServerError, ConomyConnectionError, ConomyTimeoutError];
    for (const [index, failure] of failures.entries()) {
      const api = failingThenOk(1, failure);
      const call = testClient(api.fetch, { timeoutMs: 20 }).POST('/payment-links', { body: createBody });
      await expect(call).rejects.toBeInstanceOf(expected[index]);
      expect(api.seen.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /payment-links']);
    }
  });

  it('retries a creating POST after a 429, which the server refused without acting on', async () => {
    const api = failingThenOk(1, () => json(429, { statusCode: 429, error: 'E', message: 'm' }, { 'retry-after': '0' }));
    const { data } = await testClient(api.fetch).POST('/payment-links', { body: createBody });
    expect(data).toBeDefined();
    expect(api.seen.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /payment-links', 'POST /payment-links']);
    expect(api.seen[1]?.body).toBe(api.seen[0]?.body);
    // Within maxRetries, as for any retry: then the 429 is the answer.
    const always = failingThenOk(5, () => json(429, { statusCode: 429, error: 'E', message: 'm' }, { 'retry-after': '0' }));
    await expect(testClient(always.fetch, { maxRetries: 1 }).POST('/payment-links', { body: createBody })).rejects.toBeInstanceOf(RateLimitError);
    expect(always.seen).toHaveLength(2);
  });

  it('does retry POST /auth, which creates nothing', async () => {
    let authAttempts = 0;
    const fetch = async (request: Request): Promise<Response> => {
      if (new URL(request.url).pathname.endsWith('/auth')) {
        authAttempts += 1;
        if (authAttempts === 1) throw new TypeError('fetch failed');
        if (authAttempts === 2) return json(503, { statusCode: 503, error: 'E', message: 'm' });
        return json(200, { accessToken: SECRETS.accessToken, tokenType: 'Bearer', expiresIn: 3600 });
      }
      return json(200, PAYMENT_LINK);
    };
    const { data } = await testClient(fetch).GET('/payment-links/{paymentLinkId}', byId);
    expect(data.id).toBe(PAYMENT_LINK.id);
    expect(authAttempts).toBe(3);
  });
});

describe('backoff and Retry-After', () => {
  const options = { initialRetryDelayMs: 500, maxRetryDelayMs: 30_000 };

  it('backs off exponentially with at most 25% jitter, capped', () => {
    expect(retryDelayMs(0, null, options, 0, () => 0)).toBe(500);
    expect(retryDelayMs(1, null, options, 0, () => 0)).toBe(1000);
    expect(retryDelayMs(2, null, options, 0, () => 0)).toBe(2000);
    expect(retryDelayMs(1, null, options, 0, () => 0.999)).toBe(750);
    expect(retryDelayMs(20, null, options, 0, () => 0)).toBe(30_000);
  });

  it('parses Retry-After as seconds or as an HTTP date, ignoring garbage', () => {
    const now = Date.parse('2025-12-05T12:00:00Z');
    expect(parseRetryAfterMs('2', now)).toBe(2000);
    expect(parseRetryAfterMs('1.5', now)).toBe(1500);
    expect(parseRetryAfterMs('1.25', now)).toBe(1250);
    expect(parseRetryAfterMs('120', now)).toBe(120_000);
    expect(parseRetryAfterMs(' 12 ', now)).toBe(12_000);
    expect(parseRetryAfterMs('0', now)).toBe(0);
    expect(parseRetryAfterMs('Fri, 05 Dec 2025 12:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfterMs('Fri, 05 Dec 2025 11:00:00 GMT', now)).toBe(0);
    // The two obsolete HTTP-date forms a recipient must accept too (RFC 9110 §5.6.7).
    expect(parseRetryAfterMs('Friday, 05-Dec-25 12:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfterMs('Fri Dec  5 12:00:07 2025', now)).not.toBeUndefined();
    expect(parseRetryAfterMs('Mon Dec 15 12:00:07 2025', now)).toBeGreaterThan(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(retryDelayMs(0, 'soon', options, now, () => 0)).toBe(500);
    // A negative number is no delay and no date (Date.parse would read "-5" as a year): normal backoff.
    const date = 'Fri, 05 Dec 2025 12:00:07 GMT';
    // Date.parse alone would take each of these (it skips words it does not know).
    const dates = [`${date} junk`, `junk ${date}`, 'later Friday, 05-Dec-25 12:00:07 GMT', 'later Fri Dec  5 12:00:07 2025', 'Fri Dec  5 12:00:07 2025 GMT'];
    expect(dates.every((text) => !Number.isNaN(Date.parse(text)))).toBe(true);
    dates.push('Friday, 05-Dec-25 12:00:07 GMT+1', 'Fri, 5 Dec 2025 12:00:07 GMT');
    for (const garbage of ['-5', '-0.5', '+3', '1e3', '.5', '5.', '5s', '5 5', 'later 2', 'x 5', 'retry in 10', '2026-12-01T10:00:00Z', ...dates]) {
      expect(parseRetryAfterMs(garbage, now), garbage).toBeUndefined();
      expect(retryDelayMs(1, garbage, options, now, () => 0), garbage).toBe(1000);
    }
    expect(retryDelayMs(0, '3600', options, now)).toBe(30_000);
  });

  /** Runs a GET whose first answer is 429 with `retryAfter`; returns when the retry was sent. */
  async function retryMoment(retryAfter: string, extra: { maxRetryDelayMs?: number } = {}) {
    vi.useFakeTimers({ now: Date.parse('2025-12-05T12:00:00Z') });
    const api = failingThenOk(1, () => json(429, { statusCode: 429, error: 'E', message: 'm' }, { 'retry-after': retryAfter }));
    const call = testClient(api.fetch, { initialRetryDelayMs: 500, ...extra }).GET('/payment-links');
    const started = Date.now();
    while (api.seen.length < 2) await vi.advanceTimersByTimeAsync(100);
    await call;
    return Date.now() - started;
  }

  it('waits the Retry-After seconds before retrying', async () => {
    const waited = await retryMoment('2');
    expect(waited).toBeGreaterThanOrEqual(2000);
    expect(waited).toBeLessThan(2200);
  });

  it('waits until a Retry-After HTTP date', async () => {
    const waited = await retryMoment('Fri, 05 Dec 2025 12:00:04 GMT');
    expect(waited).toBeGreaterThanOrEqual(4000);
    expect(waited).toBeLessThan(4200);
  });

  it('caps Retry-After at maxRetryDelayMs', async () => {
    const waited = await retryMoment('3600', { maxRetryDelayMs: 5000 });
    expect(waited).toBeGreaterThanOrEqual(5000);
    expect(waited).toBeLessThan(5200);
  });
});
