// The mock through the package's own client, as an integrator's test uses it: every operation of
// openapi.yaml answers a 2xx, and every answer, refusals included, passes the contract's validator
// in strict mode; the checkout flow answers what was sent and what was made before; and what the
// mock refuses, and how: the statuses the contract documents for the case (400, 401, 404, 409, 422),
// in the problem shape with Conomy's code and type, a detail that names what is wrong, and the
// client's error class for the status.
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/generated/operations.js';
import { isJsonObject } from '../../lib/spec/index.mjs';
import { createConomyMock, type ConomyMock } from '../../src/testing/index.js';
import { problem } from '../../src/testing/replies.js';
import { BASE_URL, CREDENTIALS, judgedClient, offer, refusal, spec } from './support.js';

describe('the checkout flow against the mock', () => {
  it('link, read, list, activate, session from its token, pay, list payments, read, delete: each answer carries what came before', async () => {
    const mock = createConomyMock();
    const { client, answers } = judgedClient(mock);

    const body = offer('invoice-1001', { customerRequirements: ['firstName', 'email'] });
    const { data: link } = await client.POST('/payment-links', { body });
    expect(link).toMatchObject({ checkoutToken: 'invoice-1001', status: 'ATTEMPT', currency: 'CLP', items: body.items, owner: body.owner, duration: 86400 });
    expect(link).toMatchObject({ preTaxAmount: '42000', totalAmount: '49980', destinations: body.destinations, successUrl: body.successUrl, customer: null });

    const { data: read } = await client.GET('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId: link.id } } });
    expect(read).toEqual(link);
    const { data: listed } = await client.GET('/payment-links', { params: { query: { id: [link.id] } } });
    expect(listed).toEqual({ pagination: { count: 1, next: 1, previous: 0, total: 1 }, results: [link] });

    const { data: active } = await client.POST('/payment-links/{paymentLinkId}/activate', { params: { path: { paymentLinkId: link.id } }, body: {} });
    expect(active).toEqual({ ...link, status: 'ACTIVE' });

    const { data: session } = await client.POST('/payment-links/token/{checkoutToken}/checkout-sessions', {
      params: { path: { checkoutToken: link.checkoutToken } },
      body: {},
    });
    expect(session).toMatchObject({
      paymentLinkId: link.id,
      checkoutToken: link.checkoutToken,
      status: 'ATTEMPT',
      items: link.items,
      totalAmount: link.totalAmount,
      destinations: link.destinations,
      owner: link.owner,
      customerRequirements: ['firstName', 'email'],
      redirectUrl: body.successUrl,
      paymentConfigs: [{ currency: 'CLP', paymentMethods: [{ type: 'ETPAY', purchaseAmount: '49980' }, { type: 'WEBPAY', purchaseAmount: '49980' }] }],
    });
    expect(Date.parse(session.expiresAt) - Date.parse(session.createdAt)).toBe(86400 * 1000);

    const customer = { firstName: 'Jane', email: 'jane@example.com' };
    const { data: payment } = await client.POST('/checkout-sessions/{checkoutSessionId}/payments', {
      params: { path: { checkoutSessionId: session.id } },
      body: { description: 'Invoice 1001', origins: [{ type: 'ETPAY', currency: 'CLP', etpay: { successUrl: 'https://shop.test/ok', customer } }] },
    });
    expect(payment).toMatchObject({
      externalId: 'invoice-1001-1',
      identityId: link.owner.identityId,
      accountNumber: '173854531105176050117',
      totalAmount: '49980',
      currency: 'CLP',
      description: 'Invoice 1001',
      status: 'CREATED',
      type: 'PURCHASE',
      origins: [{ type: 'ETPAY', amount: '49980', currency: 'CLP', etpay: { successUrl: 'https://shop.test/ok', customer, url: expect.stringMatching(/^https:\/\//) } }],
      destinations: [{ type: 'ACCOUNT', amount: '49980', currency: 'CLP' }],
    });

    const { data: payments } = await client.GET('/payments', { params: { query: { checkoutSessionId: session.id } } });
    expect(payments.results).toEqual([payment]);
    const { data: readPayment } = await client.GET('/payments/{paymentId}', { params: { path: { paymentId: payment.id } } });
    expect(readPayment).toEqual(payment);
    // Paid, the session waits for the payment's outcome.
    const { data: paid } = await client.GET('/checkout-sessions/{checkoutSessionId}', { params: { path: { checkoutSessionId: session.id } } });
    expect(paid).toEqual({ ...session, status: 'PROCESSING_PAYMENT' });

    const { data: deleted } = await client.DELETE('/checkout-sessions/{checkoutSessionId}', { params: { path: { checkoutSessionId: session.id } } });
    expect(deleted).toEqual({});
    const gone = await refusal(client.GET('/checkout-sessions/{checkoutSessionId}', { params: { path: { checkoutSessionId: session.id } } }));
    expect(gone).toMatchObject({ name: 'NotFoundError', status: 404, code: '31' });
    // What the session paid stays, and still lists under it.
    expect((await client.GET('/payments', { params: { query: { checkoutSessionId: session.id } } })).data.results).toEqual([payment]);

    expect(answers.flatMap((answer) => answer.findings)).toEqual([]);
  });

  it('a session from a full offer, paid with a payment method and payer, refreshed before', async () => {
    const mock = createConomyMock();
    const { client, answers } = judgedClient(mock);
    const { data: session } = await client.POST('/checkout-sessions', { body: offer('order-58213', { duration: 1800 }) });
    expect(session).not.toHaveProperty('paymentLinkId');
    const { data: refreshed } = await client.POST('/checkout-sessions/token/{checkoutToken}/refresh', { params: { path: { checkoutToken: 'order-58213' } }, body: {} });
    expect(refreshed).toMatchObject({ id: session.id, status: 'ATTEMPT' });
    // Its new expiresAt, to the millisecond, is options.test.ts's (fake timers there).
    const { data: payment } = await client.POST('/checkout-sessions/{checkoutSessionId}/payments', {
      params: { path: { checkoutSessionId: session.id } },
      body: { paymentMethod: 'WEBPAY', customer: { firstName: 'Jane', lastName: 'Doe' } },
    });
    // WEBPAY's payload documents the page to send the payer to.
    expect(payment.origins).toEqual([
      { type: 'WEBPAY', name: 'WEBPAY', amount: '49980', currency: 'CLP', webpay: { customer: { firstName: 'Jane', lastName: 'Doe' }, url: expect.any(String) } },
    ]);
    expect(answers.flatMap((answer) => answer.findings)).toEqual([]);
  });
});

describe('every operation of the contract', () => {
  it('answers a 2xx through the client, and every answer passes the contract in strict mode', async () => {
    const mock = createConomyMock();
    const { client, answers } = judgedClient(mock);
    const { data: link } = await client.POST('/payment-links', { body: offer('every-op-link') });
    const paymentLinkId = link.id;
    await client.GET('/payment-links', {});
    await client.GET('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId } } });
    await client.POST('/payment-links/{paymentLinkId}/activate', { params: { path: { paymentLinkId } } });
    await client.POST('/payment-links/token/{checkoutToken}/checkout-sessions', { params: { path: { checkoutToken: 'every-op-link' } } });
    const { data: session } = await client.POST('/checkout-sessions', { body: { checkoutToken: 'every-op-link', customer: { firstName: 'Jane' } } });
    await client.GET('/checkout-sessions', { params: { query: { status: 'ATTEMPT', sort: 'createdAt:desc' } } });
    await client.GET('/checkout-sessions/{checkoutSessionId}', { params: { path: { checkoutSessionId: session.id } } });
    await client.POST('/checkout-sessions/token/{checkoutToken}/refresh', { params: { path: { checkoutToken: 'every-op-link' } } });
    const { data: payment } = await client.POST('/checkout-sessions/{checkoutSessionId}/payments', {
      params: { path: { checkoutSessionId: session.id } },
      body: { paymentMethod: 'ETPAY' },
    });
    await client.GET('/payments', { params: { query: { type: 'PURCHASE', status: 'CREATED' } } });
    await client.GET('/payments/{paymentId}', { params: { path: { paymentId: payment.id } } });
    await client.GET('/payments/available-products', { params: { query: { currencies: ['CLP', 'COP'] } } });
    await client.DELETE('/checkout-sessions/{checkoutSessionId}', { params: { path: { checkoutSessionId: session.id } } });
    const { data: unused } = await client.POST('/payment-links', { body: offer('every-op-unused') });
    await client.DELETE('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId: unused.id } } });
    // And refusals of every kind the mock gives, which must be documented answers too.
    await refusal(client.DELETE('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId } } }));
    await refusal(client.GET('/payments/{paymentId}', { params: { path: { paymentId: 'nothing' } } }));
    await refusal(client.POST('/payment-links', { body: offer('every-op-link') }));
    await refusal(client.GET('/payment-links', { params: { query: { limit: 51 } } }));
    const stranger = judgedClient(mock, { apiKey: 'apikey-other-0001', accessToken: 'token-nobody-issued' });
    await refusal(stranger.client.GET('/payments', {}));
    answers.push(...stranger.answers);

    const succeeded = new Set(answers.filter((answer) => answer.status < 300).map((answer) => answer.operationId));
    expect([...succeeded].sort()).toEqual(Object.keys(OPERATIONS).sort());
    expect(answers.map((answer) => answer.status).filter((status) => status >= 400)).toEqual([422, 404, 409, 400, 401]);
    expect(answers.flatMap((answer) => answer.findings)).toEqual([]);
  });
});

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

  it('a body that fits none of the forms an operation takes: missingParam, naming what each form lacks', async () => {
    const { client } = await setUp();
    const { data: session } = await client.POST('/checkout-sessions', { body: offer('forms') });
    const pay = client.POST('/checkout-sessions/{checkoutSessionId}/payments', { params: { path: { checkoutSessionId: session.id } }, body: {} as never });
    expect(await refusal(pay)).toMatchObject({
      status: 400,
      type: 'missingParam',
      message: expect.stringContaining('each form needs what it lacks: origins (CheckoutSessionOriginsBody) or paymentMethod (CheckoutSessionPaymentMethodBody)'),
    });
    // A form that lacks nothing but holds a wrong value, or a body that is no object: invalid, and no "lacks".
    for (const body of [{ description: 'x', paymentMethod: 'WEBPAY' }, { paymentMethod: 'BOGUS' }, [], 'x']) {
      const refused = await refusal(client.POST('/checkout-sessions/{checkoutSessionId}/payments', { params: { path: { checkoutSessionId: session.id } }, body: body as never }));
      expect(refused, JSON.stringify(body)).toMatchObject({ status: 400, type: 'invalidParam' });
      expect(refused.message, JSON.stringify(body)).not.toContain('lacks');
    }
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

describe("the problem shape's codes", () => {
  it("are the spec's: for each status an error response's example shows, the mock answers its type and code", () => {
    const examples = Object.values((spec.document.components as { responses: Record<string, unknown> }).responses).flatMap((response) => {
      const media = isJsonObject(response) && isJsonObject(response.content) ? response.content['application/json'] : undefined;
      const named = isJsonObject(media) && isJsonObject(media.examples) ? Object.values(media.examples).map((example) => (isJsonObject(example) ? example.value : undefined)) : [];
      return [...named, isJsonObject(media) ? media.example : undefined].filter((value): value is { status: number; type: string; code: string } => isJsonObject(value) && typeof value.type === 'string');
    });
    expect(examples.length).toBeGreaterThanOrEqual(7);
    for (const { status, type, code } of examples) expect(problem(status, 'why').body, `${status}`).toMatchObject({ status, type, code });
  });
});
