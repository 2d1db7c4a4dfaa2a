// What the mock refuses, and how: the statuses the contract documents for the case (400, 401, 404,
// 409, 422), in the problem shape with Conomy's code and type, a detail that names what is wrong,
// and the client's error class for the status. Every refusal is itself a documented answer.
import { describe, expect, it } from 'vitest';
import { createConomyMock, type ConomyMock } from '../../src/testing/index.js';
import { BASE_URL, CREDENTIALS, judgedClient, offer, refusal } from './support.js';

async function setUp(): Promise<{ mock: ConomyMock } & ReturnType<typeof judgedClient>> {
  const mock = createConomyMock();
  return { mock, ...judgedClient(mock) };
}

describe('400: a request the contract forbids, naming what is wrong', () => {
  it('an offer without currency, as a link and as a session: missingParam, naming currency', async () => {
    const { client, answers } = await setUp();
    const { currency: _omitted, ...body } = offer('no-currency');
    for (const call of [client.POST('/payment-links', { body: body as never }), client.POST('/checkout-sessions', { body: body as never })]) {
      expect(await refusal(call)).toMatchObject({
        name: 'BadRequestError',
        status: 400,
        code: '12',
        type: 'missingParam',
        message: expect.stringContaining('required property "currency" is missing at body/currency'),
      });
    }
    expect(answers.flatMap((answer) => answer.findings)).toEqual([]);
  });

  it('a query value out of range, a wrong enum value, a path value, a body that is not JSON', async () => {
    const { mock, client } = await setUp();
    expect(await refusal(client.GET('/payments', { params: { query: { limit: 51 } } }))).toMatchObject({
      status: 400,
      type: 'invalidParam',
      message: expect.stringMatching(/query parameter limit is invalid: must be <= 50/),
    });
    expect(await refusal(client.GET('/checkout-sessions', { params: { query: { status: 'PAID' as never } } }))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/query parameter status is invalid: expected one of "ATTEMPT", .*"FAILED"/),
    });
    await client.GET('/payment-links', {});
    const token = mock.state.tokens[0]?.accessToken;
    const headers = { 'x-api-key': CREDENTIALS.apiKey, authorization: `Bearer ${token}` };
    const notJson = await mock.fetch(`${BASE_URL}/payment-links`, { method: 'POST', headers, body: '{"checkoutToken": ' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ status: 400, code: '14', type: 'parsingResource', detail: 'the request body is not JSON' });
    const badPath = await mock.fetch(`${BASE_URL}/payments/%E0%A4%A`, { headers });
    expect(await badPath.json()).toMatchObject({ status: 400, detail: 'path parameter paymentId is not valid percent-encoding' });
  });
});

describe('401: a request without the credentials its operation needs', () => {
  it('no API key, no bearer token, a token the mock never issued: code 41, and nothing happens', async () => {
    const mock = createConomyMock();
    const { client } = judgedClient(mock);
    await client.POST('/payment-links', { body: offer('before') });
    const token = mock.state.tokens[0]?.accessToken ?? '';
    const cases: [Record<string, string>, string][] = [
      [{ authorization: `Bearer ${token}` }, 'missing or unknown x-api-key'],
      [{ 'x-api-key': 'any-key' }, 'missing, unknown or expired bearer token'],
      [{ 'x-api-key': 'any-key', authorization: 'Bearer token-nobody-issued' }, 'missing, unknown or expired bearer token'],
    ];
    for (const [headers, detail] of cases) {
      const answer = await mock.fetch(`${BASE_URL}/payment-links`, { method: 'POST', headers, body: JSON.stringify(offer('after')) });
      expect(answer.status).toBe(401);
      expect(await answer.json()).toEqual({ status: 401, code: '41', type: 'unauthorized', detail, traceId: expect.stringMatching(/^[0-9a-f]{20}$/) });
    }
    expect(mock.state.paymentLinks.map((link) => link.checkoutToken)).toEqual(['before']);
    // POST /auth needs the API key alone; without it, it is refused too.
    const auth = await mock.fetch(`${BASE_URL}/auth`, { method: 'POST', body: JSON.stringify({ clientId: 'a', clientSecret: 'b' }) });
    expect(auth.status).toBe(401);
  });
});

describe('404: what does not exist, or no longer does', () => {
  it('unknown ids and tokens, a deleted link, and a path of no operation', async () => {
    const { mock, client, answers } = await setUp();
    const { data: link } = await client.POST('/payment-links', { body: offer('short-lived') });
    await client.DELETE('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId: link.id } } });
    const calls = [
      client.GET('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId: link.id } } }),
      client.POST('/payment-links/{paymentLinkId}/activate', { params: { path: { paymentLinkId: link.id } } }),
      client.POST('/payment-links/token/{checkoutToken}/checkout-sessions', { params: { path: { checkoutToken: 'short-lived' } } }),
      client.POST('/checkout-sessions', { body: { checkoutToken: 'short-lived', customer: {} } }),
      client.POST('/checkout-sessions/token/{checkoutToken}/refresh', { params: { path: { checkoutToken: 'nobody' } } }),
      client.POST('/checkout-sessions/{checkoutSessionId}/payments', { params: { path: { checkoutSessionId: 'nothing' } }, body: { paymentMethod: 'ETPAY' } }),
      client.DELETE('/checkout-sessions/{checkoutSessionId}', { params: { path: { checkoutSessionId: 'nothing' } } }),
      client.GET('/payments/{paymentId}', { params: { path: { paymentId: 'nothing' } } }),
    ];
    for (const call of calls) expect(await refusal(call)).toMatchObject({ name: 'NotFoundError', status: 404, code: '31', type: 'notFound' });
    expect(answers.flatMap((answer) => answer.findings)).toEqual([]);
    const nowhere = await mock.fetch(`${BASE_URL}/refunds`);
    expect(nowhere.status).toBe(404);
    expect(await nowhere.json()).toMatchObject({ type: 'notFound', detail: `no operation of the contract is GET /sandbox/refunds` });
  });
});

describe('409: a checkout token already in use', () => {
  it('by a link or a session, whichever creates the second', async () => {
    const { client, answers } = await setUp();
    await client.POST('/payment-links', { body: offer('taken-by-link') });
    await client.POST('/checkout-sessions', { body: offer('taken-by-session') });
    for (const token of ['taken-by-link', 'taken-by-session']) {
      for (const call of [client.POST('/payment-links', { body: offer(token) }), client.POST('/checkout-sessions', { body: offer(token) })]) {
        expect(await refusal(call)).toMatchObject({ name: 'ConflictError', status: 409, code: '13', message: expect.stringContaining(`checkoutToken ${token} is already in use`) });
      }
    }
    expect(answers.flatMap((answer) => answer.findings)).toEqual([]);
  });
});

describe('422: an object whose state does not allow it', () => {
  it('deleting an ACTIVE link (D30), a session from a link not activated, paying twice or with a method not offered', async () => {
    const { mock, client, answers } = await setUp();
    const { data: link } = await client.POST('/payment-links', { body: offer('stateful') });
    const sessionFromLink = () => client.POST('/payment-links/token/{checkoutToken}/checkout-sessions', { params: { path: { checkoutToken: 'stateful' } } });
    expect(await refusal(sessionFromLink())).toMatchObject({ name: 'UnprocessableEntityError', status: 422, code: '21', message: expect.stringContaining('only an ACTIVE link opens checkout sessions') });
    await client.POST('/payment-links/{paymentLinkId}/activate', { params: { path: { paymentLinkId: link.id } } });
    expect(await refusal(client.DELETE('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId: link.id } } }))).toMatchObject({
      status: 422,
      type: 'failedPrecondition',
      message: expect.stringContaining('Only ATTEMPT or EXPIRED payment links can be deleted; this one is ACTIVE.'),
    });
    const { data: session } = await sessionFromLink();
    const pay = (paymentMethod: 'ETPAY' | 'FINTOC') =>
      client.POST('/checkout-sessions/{checkoutSessionId}/payments', { params: { path: { checkoutSessionId: session.id } }, body: { paymentMethod } });
    expect(await refusal(pay('FINTOC'))).toMatchObject({ status: 422, message: expect.stringContaining('does not offer FINTOC (it offers ETPAY, WEBPAY)') });
    await pay('ETPAY');
    expect(await refusal(pay('ETPAY'))).toMatchObject({ status: 422, message: expect.stringContaining('the checkout session is PROCESSING_PAYMENT, so it cannot be paid') });
    const refresh = client.POST('/checkout-sessions/token/{checkoutToken}/refresh', { params: { path: { checkoutToken: 'stateful' } } });
    expect(await refusal(refresh)).toMatchObject({ status: 422, message: expect.stringContaining('the checkout session is PROCESSING_PAYMENT, so it cannot be refreshed') });
    expect(mock.state.payments).toHaveLength(1);
    expect(mock.state.paymentLinks).toMatchObject([{ status: 'ACTIVE' }]);
    expect(answers.flatMap((answer) => answer.findings)).toEqual([]);
  });
});
