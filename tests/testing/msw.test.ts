// The mock behind MSW (@conomy/checkout-contract/testing/msw): a client that knows nothing of the
// mock (the global fetch, the sandbox's URL) reaches it through MSW's interception; a request under
// the base URL goes to the mock whatever its path; one anywhere else is left to the next handler.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConomyClient, ENVIRONMENTS, NotFoundError } from '../../src/index.js';
import { createConomyMock } from '../../src/testing/index.js';
import { conomyHandlers } from '../../src/testing/msw.js';
import { CREDENTIALS, offer, refusal } from './support.js';

const mock = createConomyMock();
const OTHER_BASE = 'http://127.0.0.1:4010/v1/';
/** Whatever Conomy's handlers leave: MSW would otherwise go to the network (the real sandbox). */
const NOT_CONOMY = http.all('*', ({ request }) => HttpResponse.text(`left for the next handler: ${request.url}`, { status: 418 }));
const server = setupServer(...conomyHandlers(mock), ...conomyHandlers(mock, { baseUrl: OTHER_BASE }), NOT_CONOMY);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

const clientAt = (baseUrl: string) => createConomyClient({ ...CREDENTIALS, baseUrl, maxRetries: 0, logLevel: 'off' });

describe('conomyHandlers(mock)', () => {
  it('hands the sandbox to the mock by default: the client, on the global fetch, creates and reads back over one state', async () => {
    const conomy = createConomyClient({ ...CREDENTIALS, environment: 'sandbox', maxRetries: 0, logLevel: 'off' });
    const { data: link } = await conomy.POST('/payment-links', { body: offer('msw-1') });
    expect(mock.state.paymentLinks).toEqual([link]);
    const { data: read } = await conomy.GET('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId: link.id } } });
    expect(read).toEqual(link);
    expect(await refusal(conomy.GET('/payments/{paymentId}', { params: { path: { paymentId: 'none' } } }))).toBeInstanceOf(NotFoundError);
  });

  it('takes another base URL, trailing slash or not; a request outside every base is not handled', async () => {
    const { data: link } = await clientAt(OTHER_BASE.replace(/\/$/, '')).POST('/payment-links', { body: offer('msw-2') });
    expect(mock.state.paymentLinks).toEqual([link]);
    // The same origin without the base path, and the production API: not Conomy's handlers' business.
    for (const outside of ['http://127.0.0.1:4010/payment-links', `${ENVIRONMENTS.production}/payment-links`]) {
      const answer = await fetch(outside, { method: 'POST', body: '{}' });
      expect(answer.status, outside).toBe(418);
    }
    expect(mock.state.paymentLinks).toHaveLength(1);
  });

  it('gives the mock every path under the base, query included: one that is no operation gets the mock\'s 404', async () => {
    const nothing = await fetch(`${ENVIRONMENTS.sandbox}/no-such-thing?x=1`);
    expect(nothing.status).toBe(404);
    expect(await nothing.json()).toMatchObject({ status: 404, detail: expect.stringContaining('/no-such-thing') });
    const unauthorized = await fetch(`${ENVIRONMENTS.sandbox}/payments?limit=1`);
    expect(unauthorized.status).toBe(401);
  });

  it("refuses a base URL the client would refuse, with the client's words, never repeating what was given", () => {
    const refusal = (baseUrl: string) => {
      try {
        conomyHandlers(mock, { baseUrl });
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
      return 'accepted';
    };
    expect(refusal('https://conomy.test/sandbox?token=tok_5e1f0a')).toBe('conomyHandlers: baseUrl must not contain credentials, a query or a fragment');
    expect(refusal('https://user:tok_5e1f0a@conomy.test/sandbox')).toBe('conomyHandlers: baseUrl must not contain credentials, a query or a fragment');
    expect(refusal('conomy.test/sandbox?token=tok_5e1f0a')).toBe('conomyHandlers: baseUrl is not a valid URL');
    expect(refusal('http://conomy.test/sandbox')).toMatch(/^conomyHandlers: baseUrl must use https/);
    expect(refusal('http://127.0.0.1:4010/v1')).toBe('accepted');
  });
});
