// The mock through the package's own client, as an integrator's test uses it: every operation of
// openapi.yaml answers a 2xx, and every answer, refusals included, passes the contract's validator
// in strict mode; the checkout flow answers what was sent and what was made before.
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/generated/operations.js';
import { createConomyMock } from '../../src/testing/index.js';
import { judgedClient, offer, refusal } from './support.js';

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
    expect(Date.parse(refreshed.expiresAt)).toBeGreaterThanOrEqual(Date.parse(session.expiresAt));
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
