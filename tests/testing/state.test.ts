// The mock's state: typed with the contract's own schemas, read as a frozen copy, emptied by
// reset(), moved on by time (EXPIRED); and the lists over it, with the documented filters, range,
// sort and paging. What a request carries beyond the contract is never kept nor answered back.
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { AccessToken, CheckoutSession, Payment, PaymentLink } from '../../src/index.js';
import { createConomyMock, type ConomyMockState } from '../../src/testing/index.js';
import { judgedClient, offer, refusal } from './support.js';

afterEach(() => vi.useRealTimers());

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
    const links = await client.GET('/payment-links', { params: { query: { next: 0, limit: 1 } } });
    expect(links.data.pagination).toEqual({ count: 0, next: 0, previous: 0, total: 0 });
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
