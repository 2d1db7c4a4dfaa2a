// The drift run's cleanup safety net (src/drift/cleanup.ts): what it deletes and what never.
import { describe, expect, it } from 'vitest';
import { cleanUp, leftovers } from '../../src/drift/cleanup.js';
import { DriftTransport } from '../../src/drift/transport.js';
import type { CaseRecord, CreatedResource, ExchangeRecord } from '../../src/drift/records.js';

const BASE = 'https://api.conomyhq.com/sandbox';
const PREFIX = 'drift-1-abc';
const link: CreatedResource = { kind: 'payment-link', id: 'pl_1', checkoutToken: `${PREFIX}-flow` };
const session: CreatedResource = { kind: 'checkout-session', id: 'cs_1', checkoutToken: `${PREFIX}-flow` };
const foreign: CreatedResource = { kind: 'payment-link', id: 'pl_9', checkoutToken: 'invoice-1001' };

const exchange = (operationId: string, url: string, status: number, created?: CreatedResource): ExchangeRecord => ({
  operationId,
  method: operationId.startsWith('delete') ? 'DELETE' : 'POST',
  url: `${BASE}${url}`,
  requestHeaders: {},
  status,
  startedAt: '2026-12-01T00:00:00.000Z',
  durationMs: 1,
  responseHeaders: {},
  responseBody: '',
  judged: true,
  ...(created ? { created } : {}),
});

const record = (exchanges: ExchangeRecord[]): CaseRecord => ({
  name: 'a case',
  operationId: 'createPaymentLink',
  status: 201,
  findings: [],
  exchanges,
  notes: [],
  problems: [],
  requests: { sent: exchanges.length, rateLimited: 0 },
});

describe('leftovers', () => {
  it('are what the run created under its prefix and never tried to delete, sessions first', () => {
    const created = [
      exchange('createPaymentLink', '/payment-links', 201, link),
      exchange('createCheckoutSession', '/checkout-sessions', 201, session),
      exchange('createPaymentLink', '/payment-links', 201, foreign),
    ];
    expect(leftovers([record(created.slice(0, 1)), record(created.slice(1))], PREFIX)).toEqual([session, link]);
  });

  it('leave out what the run deleted or tried to delete, whatever the answer', () => {
    const exchanges = [
      exchange('createPaymentLink', '/payment-links', 201, link),
      exchange('createCheckoutSession', '/checkout-sessions', 201, session),
      exchange('deleteCheckoutSession', '/checkout-sessions/cs_1', 200),
      exchange('deletePaymentLink', '/payment-links/pl_1', 422),
    ];
    expect(leftovers([record(exchanges)], PREFIX)).toEqual([]);
  });

  it('try again a delete the server did not get to (429, 5xx)', () => {
    const exchanges = [
      exchange('createPaymentLink', '/payment-links', 201, link),
      exchange('createCheckoutSession', '/checkout-sessions', 201, session),
      exchange('deleteCheckoutSession', '/checkout-sessions/cs_1', 503),
      exchange('deletePaymentLink', '/payment-links/pl_1', 429),
    ];
    expect(leftovers([record(exchanges)], PREFIX)).toEqual([session, link]);
  });
});

describe('cleanUp', () => {
  it('deletes each leftover once, within the budget, and says what it left in place', async () => {
    const calls: string[] = [];
    const fetch = async (request: Request) => (calls.push(`${request.method} ${request.url}`), new Response(null, { status: 204 }));
    const transport = new DriftTransport({ baseUrl: BASE, maxRequests: 10, creates: () => false, fetch });
    // Nine requests of the budget are already used.
    for (let sent = 0; sent < 9; sent += 1) await transport.send(new Request(`${BASE}/payments`));
    calls.length = 0;
    const outcomes = await cleanUp([session, link], { headers: {}, transport });
    expect(calls).toEqual([`DELETE ${BASE}/checkout-sessions/cs_1`]);
    expect(transport.requests().sent).toBe(10);
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['deleted (204)', 'left in place: the request budget is used up']);
  });

  it('counts a 404 as gone, and reports a refusal or a connection failure without throwing', async () => {
    const answers = [new Response(null, { status: 404 }), new Response(null, { status: 500 })];
    const fetch = async () => answers.shift() ?? Promise.reject(new Error('socket hang up'));
    const transport = new DriftTransport({ baseUrl: BASE, maxRequests: 10, creates: () => false, fetch });
    const outcomes = await cleanUp([session, link, { ...link, id: 'pl_2' }], { headers: {}, transport });
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual([
      'deleted (404)',
      'left in place: DELETE answered 500',
      'left in place: socket hang up',
    ]);
  });
});
