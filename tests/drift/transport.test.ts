// The drift run's transport (src/drift/transport.ts) with an injected fetch: the request budget,
// the in-flight limit, the base URL fence, no redirect followed, and waiting out 429s.
import { describe, expect, it } from 'vitest';
import { notSentReason } from '../../src/contract/run/case.js';
import { DriftTransport, MAX_RATE_LIMIT_REPEATS, MAX_RATE_LIMIT_WAIT_MS, rateLimitWaitMs } from '../../src/drift/transport.js';

const BASE = 'https://api.conomyhq.com/sandbox';

function transport(options: { max?: number; maxInFlight?: number; fetch: (request: Request) => Promise<Response> }) {
  const creates = (request: Request) => request.method === 'POST' && new URL(request.url).pathname.endsWith('/payment-links');
  const drift = new DriftTransport({ baseUrl: BASE, maxRequests: options.max ?? 100, maxInFlight: options.maxInFlight ?? 2, creates, fetch: options.fetch });
  return { transport: drift, send: drift.send };
}

/** What the budget says: sent, repeated after a 429, kept back for deletes. */
const budget = (drift: DriftTransport) => ({ ...drift.requests(), owed: drift.owed() });

const ok = () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
const tooMany = (retryAfter?: string) =>
  new Response('{"status":429,"code":"32","type":"tooManyRequests"}', { status: 429, headers: retryAfter ? { 'retry-after': retryAfter } : {} });

describe('the sandbox transport', () => {
  it('refuses, with a clear error and without sending, every request beyond the budget', async () => {
    let sent = 0;
    const { transport: drift, send } = transport({ max: 2, fetch: async () => (sent += 1, ok()) });
    await send(new Request(`${BASE}/payments/p1`));
    await send(new Request(`${BASE}/payments/p2`));
    expect(drift.exhausted()).toBe('request budget used up: the run may send 2 requests (DRIFT_MAX_REQUESTS)');
    const refused = send(new Request(`${BASE}/payments/p3`));
    await expect(refused).rejects.toThrow('request budget used up: the run may send 2 requests (DRIFT_MAX_REQUESTS)');
    expect(sent).toBe(2);
    expect(drift.requests().sent).toBe(2);
    // Recognised through the client's wrapping (a connection error whose cause is a masked copy).
    const reason = notSentReason(await refused.catch((error: unknown) => error));
    const wrapped = new Error('Connection error', { cause: Object.assign(new Error('request budget used up: x'), { name: 'RequestNotSent' }) });
    expect(reason).toMatch(/^request budget used up/);
    expect(notSentReason(wrapped)).toBe('request budget used up: x');
    expect(notSentReason(new Error('other'))).toBeUndefined();
  });

  it('never has more than the allowed requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const { send } = transport({
      fetch: async () => {
        most = Math.max(most, (inFlight += 1));
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return ok();
      },
    });
    await Promise.all(Array.from({ length: 9 }, (_, index) => send(new Request(`${BASE}/payments/p${index}`))));
    expect(most).toBe(2);
  });

  it('neither sends nor counts a request whose signal aborted while it waited for a slot', async () => {
    const fetched: string[] = [];
    let answerFirst = (): void => {};
    const { transport: drift, send } = transport({
      max: 2,
      maxInFlight: 1,
      fetch: async (request) => {
        fetched.push(new URL(request.url).pathname);
        if (fetched.length === 1) await new Promise<void>((resolve) => (answerFirst = resolve));
        return ok();
      },
    });
    const first = send(new Request(`${BASE}/payments/p1`));
    const timeout = new AbortController();
    const queued = send(new Request(`${BASE}/payments/p2`, { signal: timeout.signal }));
    await expect.poll(() => fetched).toEqual(['/sandbox/payments/p1']);
    timeout.abort(new DOMException('the case timed out', 'TimeoutError'));
    await expect(queued).rejects.toThrow('the case timed out');
    answerFirst();
    await first;
    // The budget of 2 still has room: the aborted request was not counted, and its slot was not lost.
    await send(new Request(`${BASE}/payments/p3`));
    expect(fetched).toEqual(['/sandbox/payments/p1', '/sandbox/payments/p3']);
    expect(drift.requests().sent).toBe(2);
    await expect(send(new Request(`${BASE}/payments/p4`, { signal: AbortSignal.abort() }))).rejects.toThrow();
    expect(fetched).toHaveLength(2);
  });

  it('keeps back one request per resource it created, for deleting it: only a DELETE may use those', async () => {
    const { transport: drift, send } = transport({ max: 3, fetch: async (request) => new Response('{}', { status: request.method === 'POST' ? 201 : 200 }) });
    await send(new Request(`${BASE}/payment-links`, { method: 'POST', body: '{}' }));
    expect(budget(drift)).toMatchObject({ sent: 1, owed: 1 });
    await send(new Request(`${BASE}/payments/p1`));
    // What is left is kept for the delete: no case may start.
    expect(drift.exhausted()).toMatch(/request budget used up/);
    await expect(send(new Request(`${BASE}/payments/p2`))).rejects.toThrow(/request budget used up/);
    await send(new Request(`${BASE}/payment-links/pl_1`, { method: 'DELETE' }));
    expect(budget(drift)).toMatchObject({ sent: 3, owed: 0 });
  });

  it('sends nothing outside the base URL, such as production', async () => {
    const { send } = transport({ fetch: async () => ok() });
    await expect(send(new Request('https://api.conomyhq.com/payments'))).rejects.toThrow(/outside the target https:\/\/api\.conomyhq\.com\/sandbox/);
    await expect(send(new Request('https://api.conomyhq.com/sandboxed/payments'))).rejects.toThrow(/outside the target/);
  });

  it('follows no redirect: the 3xx is the answer', async () => {
    const modes: string[] = [];
    const { send } = transport({ fetch: async (request) => (modes.push(request.redirect), new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } })) });
    expect((await send(new Request(`${BASE}/payments`))).status).toBe(302);
    expect(modes).toEqual(['manual']);
  });
});

describe('a 429 is waited out and the request sent again', () => {
  it('for a creating POST too, with the same body, every repeat counted', async () => {
    const bodies: string[] = [];
    const answers = [tooMany('0'), tooMany('0'), new Response('{"id":"pl_1"}', { status: 201 })];
    const { transport: drift, send } = transport({ max: 10, fetch: async (sent) => (bodies.push(await sent.text()), answers.shift() ?? ok()) });
    const request = new Request(`${BASE}/payment-links`, { method: 'POST', body: '{"checkoutToken":"t-1"}' });
    const response = await send(request);
    expect(response.status).toBe(201);
    expect(bodies).toEqual(Array(3).fill('{"checkoutToken":"t-1"}'));
    expect(budget(drift)).toEqual({ sent: 3, rateLimited: 2, owed: 1 });
  });

  it('waits what Retry-After says, in seconds or as a date, capped; a missing or unreadable one waits a second', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(rateLimitWaitMs('2', now)).toBe(2_000);
    expect(rateLimitWaitMs('0.5', now)).toBe(500);
    expect(rateLimitWaitMs('Tue, 01 Dec 2026 10:00:03 GMT', now)).toBe(3_000);
    expect(rateLimitWaitMs('3600', now)).toBe(MAX_RATE_LIMIT_WAIT_MS);
    expect(rateLimitWaitMs(null, now)).toBe(1_000);
    expect(rateLimitWaitMs('soon', now)).toBe(1_000);
  });

  it('actually waits before sending again', async () => {
    const sentAt: number[] = [];
    const answers = [tooMany('0.2'), ok()];
    await transport({ max: 5, fetch: async () => (sentAt.push(Date.now()), answers.shift() ?? ok()) }).send(new Request(`${BASE}/payments`));
    expect((sentAt[1] ?? 0) - (sentAt[0] ?? 0)).toBeGreaterThanOrEqual(190);
  });

  it(`gives the 429 back after ${MAX_RATE_LIMIT_REPEATS} repeats, and within the budget only`, async () => {
    const endless = transport({ max: 100, fetch: async () => tooMany('0') });
    expect((await endless.send(new Request(`${BASE}/payments`))).status).toBe(429);
    expect(endless.transport.requests().sent).toBe(MAX_RATE_LIMIT_REPEATS + 1);

    const tight = transport({ max: 2, fetch: async () => tooMany('0') });
    await expect(tight.send(new Request(`${BASE}/payments`))).rejects.toThrow(/request budget used up/);
    expect(tight.transport.requests().sent).toBe(2);
  });

  it('limits each attempt, not the waits between them', async () => {
    const answers = [tooMany('0.15'), tooMany('0.15'), ok()];
    const quick = transport({ max: 5, fetch: async () => answers.shift() ?? ok() });
    const response = await quick.send(new Request(`${BASE}/auth`, { method: 'POST', body: '{}' }), { attemptTimeoutMs: 100 });
    expect(response.status).toBe(200);
    const stalled = transport({
      max: 5,
      fetch: (request) => new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason))),
    });
    const slow = stalled.send(new Request(`${BASE}/auth`), { attemptTimeoutMs: 50 });
    await expect(slow).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('stops waiting when the request is aborted', async () => {
    const controller = new AbortController();
    const waiting = transport({ max: 5, fetch: async () => tooMany('5') }).send(new Request(`${BASE}/payments`, { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('the case gave up')), 20);
    await expect(waiting).rejects.toThrow('the case gave up');
  });
});
