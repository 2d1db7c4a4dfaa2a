// Faults on demand: a failure armed for the next call of one operation, a rate limit, and slow
// answers. Each refusal is a documented answer (judged like any other) and does nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConomyMock } from '../../src/testing/index.js';
import { judgedClient, offer, refusal } from './support.js';

afterEach(() => vi.useRealTimers());

describe('failNext', () => {
  it('fails the next call of that operation only, with the status, its problem shape and Retry-After; it does nothing', async () => {
    const mock = createConomyMock();
    const { client, answers } = judgedClient(mock);
    mock.failNext('createPaymentLink', 503, { retryAfter: 7 });
    mock.failNext('createPaymentLink', 429, { retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' });
    await client.GET('/payment-links', {});
    expect(await refusal(client.POST('/payment-links', { body: offer('first') }))).toMatchObject({ name: 'InternalServerError', status: 503, code: '01', type: 'serverError' });
    expect(await refusal(client.POST('/payment-links', { body: offer('second') }))).toMatchObject({ name: 'RateLimitError', status: 429, code: '32' });
    const { data: third } = await client.POST('/payment-links', { body: offer('third') });
    expect(mock.state.paymentLinks).toEqual([third]);
    const statuses = answers.map((answer) => `${answer.operationId} ${answer.status}`);
    expect(statuses).toEqual(['createAccessToken 200', 'listPaymentLinks 200', 'createPaymentLink 503', 'createPaymentLink 429', 'createPaymentLink 201']);
    // 503 is no status the contract documents for the operation: that is the point of arming it.
    expect(answers.flatMap((answer) => answer.findings)).toEqual([expect.stringMatching(/^createPaymentLink 503 server-error/)]);
  });

  it('sends Retry-After as given, which the client honours', async () => {
    const mock = createConomyMock();
    mock.failNext('getPayment', 429, { retryAfter: 0 });
    const answer = await mock.fetch('https://conomy.test/payments/x');
    expect(answer.headers.get('retry-after')).toBe('0');
    mock.failNext('listPayments', 429, { retryAfter: 0 });
    const { client, answers } = judgedClient(mock, { apiKey: 'apikey-mock-0001', clientId: 'client-mock-0001', clientSecret: 'secret-mock-0001', maxRetries: 1 });
    expect((await client.GET('/payments', {})).response.status).toBe(200);
    expect(answers.map((judged) => judged.status)).toEqual([200, 429, 200]);
  });

  it('refuses what is no error status or no operation', () => {
    const mock = createConomyMock();
    expect(() => mock.failNext('getPayment', 204)).toThrow(RangeError);
    expect(() => mock.failNext('refundPayment' as never, 500)).toThrow(/"refundPayment" is not an operation of the contract/);
  });
});

describe('the rate limit', () => {
  it('refuses what exceeds it with 429 and Retry-After, without counting the refusals, and lets calls through again once the window moved on', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const mock = createConomyMock({ rateLimit: { requests: 2, perMs: 1500 } });
    const call = () => mock.fetch('https://conomy.test/payments/available-products');
    expect((await call()).status).toBe(401);
    vi.setSystemTime(Date.now() + 500);
    expect((await call()).status).toBe(401);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ status: 429, code: '32', type: 'tooManyRequests' });
    vi.setSystemTime(Date.now() + 1000);
    expect((await call()).status).toBe(401);
    expect((await call()).status).toBe(429);
  });

  it('needs at least one request per window', () => {
    expect(() => createConomyMock({ rateLimit: { requests: 0, perMs: 1000 } })).toThrow(RangeError);
  });
});

describe('latency', () => {
  it('delays every answer by the time given, or by a time within the range given', async () => {
    const timed = async (latencyMs: number | [number, number]) => {
      const mock = createConomyMock({ latencyMs });
      const started = performance.now();
      await mock.fetch('https://conomy.test/payments');
      return performance.now() - started;
    };
    expect(await timed(60)).toBeGreaterThanOrEqual(59);
    const ranged = await timed([30, 50]);
    expect(ranged).toBeGreaterThanOrEqual(29);
    expect(ranged).toBeLessThan(500);
    expect(() => createConomyMock({ latencyMs: [50, 30] })).toThrow(RangeError);
    expect(() => createConomyMock({ latencyMs: -1 })).toThrow(RangeError);
  });
});
