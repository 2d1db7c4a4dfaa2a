// The runner's cleanup safety net (scripts/drift/cleanup.mjs): what it deletes and what never.
import { describe, expect, it } from 'vitest';
import { cleanUp, leftovers, type CreatedResource } from '../../scripts/drift/cleanup.mjs';

const BASE = 'https://api.conomyhq.com/sandbox';
const PREFIX = 'drift-1-abc';
const link: CreatedResource = { kind: 'payment-link', id: 'pl_1', checkoutToken: `${PREFIX}-flow` };
const session: CreatedResource = { kind: 'checkout-session', id: 'cs_1', checkoutToken: `${PREFIX}-flow` };
const foreign: CreatedResource = { kind: 'payment-link', id: 'pl_9', checkoutToken: 'invoice-1001' };

const create = (created: CreatedResource) => ({
  operationId: 'createPaymentLink',
  url: `${BASE}/payment-links`,
  sent: true,
  status: 201,
  created,
});

describe('leftovers', () => {
  it('are what the run created under its prefix and never tried to delete, sessions first', () => {
    const exchanges = [create(link), create(session), create(foreign)];
    expect(leftovers(exchanges, PREFIX)).toEqual([session, link]);
  });

  it('leave out what the run deleted or tried to delete, whatever the answer', () => {
    const exchanges = [
      create(link),
      create(session),
      { operationId: 'deleteCheckoutSession', url: `${BASE}/checkout-sessions/cs_1`, sent: true, status: 200 },
      { operationId: 'deletePaymentLink', url: `${BASE}/payment-links/pl_1`, sent: true, status: 422 },
    ];
    expect(leftovers(exchanges, PREFIX)).toEqual([]);
  });
});

describe('cleanUp', () => {
  it('deletes each leftover once, within the requests left', async () => {
    const calls: string[] = [];
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      calls.push(`${init?.method} ${String(url)}`);
      return new Response(null, { status: 204 });
    };
    const options = { baseUrl: BASE, headers: {}, requestsLeft: 1, fetch: fetch as typeof globalThis.fetch };
    const { outcomes, requests } = await cleanUp([session, link], options);
    expect(calls).toEqual([`DELETE ${BASE}/checkout-sessions/cs_1`]);
    expect(requests).toBe(1);
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['deleted (204)', 'left in place: the request budget is used up']);
  });
});
