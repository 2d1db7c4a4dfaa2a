// What a test sets and reads: credentials (any well-formed ones, or pinned), faults on demand (a
// failure armed for the next call of an operation, a rate limit, slow answers), the state (typed
// with the contract's schemas, a frozen copy, emptied by reset(), moved on by time), and the lists
// over it with the documented filters, range, sort and paging.
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { AccessToken, CheckoutSession, Payment, PaymentLink } from '../../src/index.js';
import { createConomyMock, type ConomyMockState } from '../../src/testing/index.js';
import { BASE_URL, judgedClient, offer, refusal } from './support.js';

afterEach(() => vi.useRealTimers());

const PINNED = { apiKey: 'apikey-pinned-0001', clientId: 'client-pinned-0001', clientSecret: 'secret-pinned-0001', accessToken: 'token-pinned-0001' };

describe('unpinned credentials', () => {
  it('each token request gets a new token, listed in the state until it expires after expiresIn seconds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const mock = createConomyMock();
    const auth = () => mock.fetch(`${BASE_URL}/auth`, { method: 'POST', headers: { 'x-api-key': 'k' }, body: JSON.stringify({ clientId: 'any', clientSecret: 'thing' }) });
    const first = await (await auth()).json();
    const second = await (await auth()).json();
    expect(first).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(mock.state.tokens).toEqual([first, second]);
    const read = () => mock.fetch(`${BASE_URL}/payments`, { headers: { 'x-api-key': 'k', authorization: `Bearer ${first.accessToken}` } });
    expect((await read()).status).toBe(200);
    vi.setSystemTime(Date.now() + 3600 * 1000);
    expect((await read()).status).toBe(401);
    expect(mock.state.tokens).toEqual([]);
  });
});

describe('pinned credentials', () => {
  it('refuse another API key or other client credentials with 401', async () => {
    const mock = createConomyMock({ credentials: PINNED });
    const wrongKey = judgedClient(mock, { apiKey: 'apikey-other-0001', clientId: PINNED.clientId, clientSecret: PINNED.clientSecret });
    expect(await refusal(wrongKey.client.GET('/payments', {}))).toMatchObject({ name: 'AuthenticationError', status: 401 });
    const wrongSecret = judgedClient(mock, { apiKey: PINNED.apiKey, clientId: PINNED.clientId, clientSecret: 'secret-other-0001' });
    expect(await refusal(wrongSecret.client.GET('/payments', {}))).toMatchObject({ status: 401, message: expect.stringContaining('unknown client credentials') });
    expect([...wrongKey.answers, ...wrongSecret.answers].flatMap((answer) => answer.findings)).toEqual([]);
  });

  it('issue the pinned token to the pinned client, and take it from the start, also after a reset', async () => {
    const mock = createConomyMock({ credentials: PINNED });
    const withToken = judgedClient(mock, { apiKey: PINNED.apiKey, accessToken: PINNED.accessToken });
    expect((await withToken.client.GET('/payments', {})).data.results).toEqual([]);
    const { accessToken: _token, ...clientCredentials } = PINNED;
    const auth = await mock.fetch(`${BASE_URL}/auth`, { method: 'POST', headers: { 'x-api-key': PINNED.apiKey }, body: JSON.stringify(clientCredentials) });
    expect(await auth.json()).toEqual({ accessToken: PINNED.accessToken, tokenType: 'Bearer', expiresIn: 3600 });
    mock.reset();
    expect(mock.state.tokens).toEqual([{ accessToken: PINNED.accessToken, tokenType: 'Bearer', expiresIn: 3600 }]);
    expect((await withToken.client.GET('/payments', {})).response.status).toBe(200);
  });

  it('without an access token: POST /auth issues tokens of its own', async () => {
    const { accessToken: _unpinned, ...credentials } = PINNED;
    const mock = createConomyMock({ credentials });
    const { client } = judgedClient(mock, credentials);
    await client.GET('/payments', {});
    expect(mock.state.tokens).toEqual([{ accessToken: expect.not.stringMatching(PINNED.accessToken), tokenType: 'Bearer', expiresIn: 3600 }]);
  });
});

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

describe('mock.state', () => {
  it('is typed with the schemas of the contract', () => {
    expectTypeOf(createConomyMock().state).toEqualTypeOf<ConomyMockState>();
    expectTypeOf<ConomyMockState['paymentLinks']>().toEqualTypeOf<readonly PaymentLink[]>();
    expectTypeOf<ConomyMockState['checkoutSessions']>().toEqualTypeOf<readonly CheckoutSession[]>();
    expectTypeOf<ConomyMockState['payments']>().toEqualTypeOf<readonly Payment[]>();
    expectTypeOf<ConomyMockState['tokens']>().toEqualTypeOf<readonly AccessToken[]>();
    const mock = createConomyMock();
    // @ts-expect-error the state cannot be replaced (nor at runtime: it has a getter only)
    expect(() => (mock.state = { paymentLinks: [], checkoutSessions: [], payments: [], tokens: [] })).toThrow(TypeError);
  });

  it('is a frozen copy: writing to it throws, and the mock is unchanged', async () => {
    const mock = createConomyMock();
    const { client } = judgedClient(mock);
    const { data: link } = await client.POST('/payment-links', { body: offer('frozen') });
    const state = mock.state;
    expect(() => ((state.paymentLinks as PaymentLink[]).length = 0)).toThrow(TypeError);
    expect(() => ((state.paymentLinks[0] as PaymentLink).status = 'ACTIVE')).toThrow(TypeError);
    expect(state).not.toBe(mock.state);
    expect(mock.state.paymentLinks).toEqual([link]);
  });

  it('is emptied by reset(), which also drops armed failures; ids are not reused', async () => {
    const mock = createConomyMock();
    const { client } = judgedClient(mock);
    const { data: before } = await client.POST('/payment-links', { body: offer('before-reset') });
    mock.failNext('createPaymentLink', 500);
    mock.reset();
    expect(mock.state).toEqual({ paymentLinks: [], checkoutSessions: [], payments: [], tokens: [] });
    const { data: after } = await client.POST('/payment-links', { body: offer('before-reset') });
    expect(after.id).not.toBe(before.id);
  });

  it('moves on with time: links and sessions past their duration are EXPIRED; a refresh opens a session again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const mock = createConomyMock();
    const { client } = judgedClient(mock);
    const { data: link } = await client.POST('/payment-links', { body: offer('expiring', { duration: 60 }) });
    await client.POST('/payment-links/{paymentLinkId}/activate', { params: { path: { paymentLinkId: link.id } } });
    const { data: session } = await client.POST('/payment-links/token/{checkoutToken}/checkout-sessions', { params: { path: { checkoutToken: 'expiring' } } });
    vi.setSystemTime(Date.now() + 60_000);
    expect(mock.state.paymentLinks.map((item) => item.status)).toEqual(['EXPIRED']);
    expect(mock.state.checkoutSessions.map((item) => item.status)).toEqual(['EXPIRED']);
    const pay = () => client.POST('/checkout-sessions/{checkoutSessionId}/payments', { params: { path: { checkoutSessionId: session.id } }, body: { paymentMethod: 'ETPAY' } });
    expect(await refusal(pay())).toMatchObject({ status: 422, message: expect.stringContaining('the checkout session is EXPIRED, so it cannot be paid') });
    const { data: refreshed } = await client.POST('/checkout-sessions/token/{checkoutToken}/refresh', { params: { path: { checkoutToken: 'expiring' } } });
    expect(refreshed).toMatchObject({ status: 'ATTEMPT', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await pay();
    // An EXPIRED link can be deleted (D30).
    expect((await client.DELETE('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId: link.id } } })).response.status).toBe(204);
  });

  it('never holds nor answers what the contract does not document', async () => {
    const mock = createConomyMock();
    const { client, answers } = judgedClient(mock);
    const body = { ...offer('extras'), promoCode: 'X', items: [{ description: 'A', preTaxAmount: '1', totalAmount: '1', sku: 'A-1' }] };
    const { data: link } = await client.POST('/payment-links', { body });
    expect(link).not.toHaveProperty('promoCode');
    expect(link.items).toEqual([{ description: 'A', preTaxAmount: '1', totalAmount: '1' }]);
    expect(answers.flatMap((answer) => answer.findings)).toEqual([]);
  });
});

describe('the lists', () => {
  it('filter by the documented filters, one value or several', async () => {
    const mock = createConomyMock();
    const { client } = judgedClient(mock);
    const ids: string[] = [];
    for (const [token, identityId] of [['a', 'owner-1'], ['b', 'owner-2'], ['c', 'owner-1']] as const) {
      ids.push((await client.POST('/payment-links', { body: offer(token, { owner: { identityId }, customer: { email: `${token}@shop.test` } }) })).data.id);
    }
    await client.POST('/payment-links/{paymentLinkId}/activate', { params: { path: { paymentLinkId: ids[2] ?? '' } } });
    const tokens = async (query: Record<string, unknown>) =>
      (await client.GET('/payment-links', { params: { query } })).data.results.map((link) => link.checkoutToken);
    expect(await tokens({ 'owner.identityId': ['owner-1'] })).toEqual(['a', 'c']);
    expect(await tokens({ 'owner.identityId': ['owner-1'], status: ['ATTEMPT'] })).toEqual(['a']);
    expect(await tokens({ id: [ids[1], ids[2]] })).toEqual(['b', 'c']);
    expect(await tokens({ 'customer.email': ['b@shop.test'] })).toEqual(['b']);
    expect(await tokens({ 'destination.accountNumber': ['173854531105176050117'] })).toEqual(['a', 'b', 'c']);
    expect(await tokens({ 'destination.accountNumber': ['0'] })).toEqual([]);
  });

  it('page by limit and offset (or next), with the pagination the contract documents, and sort', async () => {
    const mock = createConomyMock();
    const { client } = judgedClient(mock);
    for (const token of ['t1', 't2', 't3', 't4', 't5']) await client.POST('/checkout-sessions', { body: offer(token) });
    const page = async (query: Record<string, unknown>) => (await client.GET('/checkout-sessions', { params: { query } })).data;
    const first = await page({ limit: 2 });
    expect(first.results.map((session) => session.checkoutToken)).toEqual(['t1', 't2']);
    expect(first.pagination).toEqual({ count: 2, next: 2, previous: 0, total: 5 });
    const last = await page({ limit: 2, offset: 4 });
    expect(last.results.map((session) => session.checkoutToken)).toEqual(['t5']);
    expect(last.pagination).toEqual({ count: 5, next: 5, previous: 2, total: 5 });
    expect((await page({ sort: 'checkoutToken:desc', limit: 2 })).results.map((session) => session.checkoutToken)).toEqual(['t5', 't4']);
    // listPaymentLinks also takes `next`, the offset by another name: two skipped, as with offset 2.
    for (const token of ['l1', 'l2', 'l3']) await client.POST('/payment-links', { body: offer(token) });
    const links = async (query: Record<string, unknown>) => (await client.GET('/payment-links', { params: { query } })).data;
    const byNext = await links({ next: 2, limit: 2 });
    expect(byNext.results.map((link) => link.checkoutToken)).toEqual(['l3']);
    expect(byNext.pagination).toEqual((await links({ offset: 2, limit: 2 })).pagination);
    const all: string[] = [];
    for await (const session of client.paginate('/checkout-sessions', { params: { query: { limit: 2 } } })) all.push(session.checkoutToken ?? '');
    expect(all).toEqual(['t1', 't2', 't3', 't4', 't5']);
  });

  it('select by creation day with startDate and endDate (dd/mm/yyyy, both days included)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const mock = createConomyMock();
    const { client } = judgedClient(mock);
    vi.setSystemTime(new Date('2026-03-01T23:59:00Z'));
    await client.POST('/checkout-sessions', { body: offer('march-1') });
    vi.setSystemTime(new Date('2026-03-02T00:01:00Z'));
    await client.POST('/checkout-sessions', { body: offer('march-2') });
    const between = async (startDate: string, endDate: string) =>
      (await client.GET('/checkout-sessions', { params: { query: { startDate, endDate } } })).data.results.map((session) => session.checkoutToken);
    expect(await between('01/03/2026', '01/03/2026')).toEqual(['march-1']);
    expect(await between('02/03/2026', '31/03/2026')).toEqual(['march-2']);
    expect(await between('01/02/2026', '02/03/2026')).toEqual(['march-1', 'march-2']);
  });
});
