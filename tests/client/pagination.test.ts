import { describe, expect, it } from 'vitest';
import { ConomyError, NotFoundError, createConomyClient, type PaymentLink } from '../../src/index.js';
import { PAYMENT_LINK, PROBLEM_404, SECRETS, json, scriptedFetch, testClient } from './support.js';

/** A server holding `total` payment links, paging by `offset` and `limit`. */
function pagedServer(total: number, nextOf: (offset: number, size: number) => number | null = (o, s) => o + s) {
  return scriptedFetch((request) => {
    const query = new URL(request.url).searchParams;
    const offset = Number(query.get('offset') ?? 0);
    const limit = Number(query.get('limit') ?? 10);
    const size = Math.max(0, Math.min(limit, total - offset));
    const results = Array.from({ length: size }, (_, i) => ({ ...PAYMENT_LINK, id: `link-${offset + i}` }));
    const next = nextOf(offset, size);
    return json(200, { pagination: { count: offset + size, next, previous: offset, total }, results });
  });
}

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

describe('paginate()', () => {
  it('yields every item across pages, keeping the caller query', async () => {
    const api = pagedServer(7);
    const items: PaymentLink[] = await collect(
      testClient(api.fetch).paginate('/payment-links', { params: { query: { limit: 3, status: ['ACTIVE'] } } }),
    );
    expect(items.map((item) => item.id)).toEqual(Array.from({ length: 7 }, (_, i) => `link-${i}`));
    expect(api.seen.map((request) => new URL(request.url).search)).toEqual([
      '?limit=3&status=ACTIVE&offset=0',
      '?limit=3&status=ACTIVE&offset=3',
      '?limit=3&status=ACTIVE&offset=6',
    ]);
  });

  it('starts at the caller offset and stops once total is covered', async () => {
    const api = pagedServer(10);
    const items = await collect(testClient(api.fetch).paginate('/checkout-sessions', { params: { query: { limit: 5, offset: 5 } } }));
    expect(items).toHaveLength(5);
    expect(api.seen).toHaveLength(1);
  });

  it('takes offset: 0 and limit: 0 (the smallest counts), leaving it to the server what a limit of 0 means', async () => {
    const api = pagedServer(3);
    expect(await collect(testClient(api.fetch).paginate('/payment-links', { params: { query: { offset: 0, limit: 2 } } }))).toHaveLength(3);
    const empty = pagedServer(0);
    expect(await collect(testClient(empty.fetch).paginate('/payment-links', { params: { query: { limit: 0 } } }))).toEqual([]);
    const searches = [...api.seen, ...empty.seen].map((request) => new URL(request.url).search);
    expect(searches).toEqual(['?offset=0&limit=2', '?offset=2&limit=2', '?limit=0&offset=0']);
  });

  it('stops on an empty page', async () => {
    const api = pagedServer(0);
    expect(await collect(testClient(api.fetch).paginate('/payments'))).toEqual([]);
    expect(api.seen).toHaveLength(1);
  });

  it.each([
    ['does not advance', (offset: number) => offset, 'pagination.next (10) is not the offset after this page (20): items would be repeated'],
    ['goes back', () => 0, 'pagination.next (0) is not the offset after this page (20): items would be repeated'],
    ['jumps ahead', (offset: number) => offset + 30, 'pagination.next (40) is not the offset after this page (20): items would be skipped'],
    ['is missing', () => null, 'pagination.next is null, not an offset'],
    ['is not a number', () => '20' as unknown as number, 'pagination.next is "20", not an offset'],
    ['is a fraction', (offset: number) => offset + 0.5, 'pagination.next is 10.5, not an offset'],
  ])('throws, naming the page and the value, when next %s while total says more remain', async (_what, nextOf, problem) => {
    const api = pagedServer(100, (offset, size) => (offset === 0 ? size : nextOf(offset)));
    const items: unknown[] = [];
    const walk = async () => {
      for await (const item of testClient(api.fetch).paginate('/payment-links', { params: { query: { limit: 10 } } })) items.push(item);
    };
    await expect(walk()).rejects.toThrow(
      `paginate('/payment-links') cannot go on after page 2 (offset 10): ${problem}; total says 100 items and 20 were read`,
    );
    expect(items).toHaveLength(20);
    expect(api.seen).toHaveLength(2);
  });

  it('throws on a total that is no number, and never quotes much of a value, or a credential', async () => {
    const stringTotal = scriptedFetch(() => json(200, { pagination: { count: 1, next: 1, previous: 0, total: '100' }, results: [PAYMENT_LINK] }));
    await expect(collect(testClient(stringTotal.fetch).paginate('/payments'))).rejects.toThrow(
      new ConomyError("paginate('/payments') cannot go on after page 1 (offset 0): pagination.total is \"100\", not a count"),
    );
    const echo = `/payments?offset=1&key=${SECRETS.apiKey}&${'x'.repeat(3000)}`;
    const echoing = scriptedFetch(() => json(200, { pagination: { count: 1, next: echo, previous: 0, total: 9 }, results: [PAYMENT_LINK] }));
    const error = (await collect(testClient(echoing.fetch).paginate('/payments')).catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toContain(SECRETS.apiKey.slice(0, 8));
    expect(error.message.length).toBeLessThan(250);
    // At most 60 characters of a value: a longer one is cut to 57 and "...".
    const quoted = async (next: string) => {
      const api = scriptedFetch(() => json(200, { pagination: { next, total: 9 }, results: [PAYMENT_LINK] }));
      const caught = (await collect(testClient(api.fetch).paginate('/payments')).catch((thrown: unknown) => thrown)) as Error;
      return /pagination\.next is (.*), not an offset/.exec(caught.message)?.[1];
    };
    expect(await quoted('n'.repeat(58))).toBe(`"${'n'.repeat(58)}"`);
    expect(await quoted('n'.repeat(59))).toBe(`"${'n'.repeat(56)}...`);
  });

  it('throws when a page is empty although total says more remain', async () => {
    const api = scriptedFetch(() => json(200, { pagination: { count: 0, next: 10, previous: 0, total: 30 }, results: [] }));
    await expect(collect(testClient(api.fetch).paginate('/payments'))).rejects.toThrow(
      "paginate('/payments') cannot go on after page 1 (offset 0): the page is empty; total says 30 items and 0 were read",
    );
  });

  it('without a total, follows next and stops on a missing or null next or an empty page', async () => {
    const noTotal = (next: number | null | undefined, size: number) =>
      scriptedFetch(() => json(200, { pagination: { next }, results: Array.from({ length: size }, () => PAYMENT_LINK) }));
    for (const next of [undefined, null]) {
      const last = noTotal(next, 3);
      expect(await collect(testClient(last.fetch).paginate('/payment-links'))).toHaveLength(3);
      expect(last.seen).toHaveLength(1);
    }
    const empty = noTotal(5, 0);
    expect(await collect(testClient(empty.fetch).paginate('/payment-links'))).toHaveLength(0);
    const twoPages = scriptedFetch((_request, index) => json(200, { pagination: { next: index === 0 ? 2 : null }, results: [PAYMENT_LINK, PAYMENT_LINK] }));
    expect(await collect(testClient(twoPages.fetch).paginate('/payment-links'))).toHaveLength(4);
    expect(twoPages.seen.map((request) => new URL(request.url).searchParams.get('offset'))).toEqual(['0', '2']);
  });

  it.each([
    ['is not a number', '2', 'pagination.next is "2", not an offset'],
    ['jumps ahead', 5, 'pagination.next (5) is not the offset after this page (2): items would be skipped'],
  ])('without a total, throws when next %s, saying nothing of a total', async (_what, next, problem) => {
    const api = scriptedFetch(() => json(200, { pagination: { next }, results: [PAYMENT_LINK, PAYMENT_LINK] }));
    await expect(collect(testClient(api.fetch).paginate('/payments'))).rejects.toThrow(
      new ConomyError(`paginate('/payments') cannot go on after page 1 (offset 0): ${problem}`),
    );
  });

  it('throws a clear error instead of fetching more than maxPages pages', async () => {
    const api = pagedServer(100);
    const client = testClient(api.fetch, { maxPages: 3 });
    const seen: string[] = [];
    const walk = async () => {
      for await (const item of client.paginate('/payment-links', { params: { query: { limit: 10 } } })) seen.push(item.id);
    };
    await expect(walk()).rejects.toThrow(
      new ConomyError("paginate('/payment-links') stopped: more than maxPages (3) pages. Narrow the filters or raise maxPages."),
    );
    expect(seen).toHaveLength(30);
    expect(api.seen).toHaveLength(3);
  });

  it('reads exactly maxPages pages without complaint when that is all there is', async () => {
    const api = pagedServer(30);
    const items = await collect(testClient(api.fetch, { maxPages: 3 }).paginate('/payment-links', { params: { query: { limit: 10 } } }));
    expect(items).toHaveLength(30);
  });

  it('throws the typed API error of a failed page, even with throwOnError: false', async () => {
    const api = scriptedFetch(() => json(404, PROBLEM_404));
    const lenient = createConomyClient({ apiKey: SECRETS.apiKey, accessToken: SECRETS.accessToken, fetch: api.fetch, throwOnError: false, logLevel: 'off' });
    const error = await collect(lenient.paginate('/payments')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: '31', traceId: PROBLEM_404.traceId, request: { method: 'GET' } });
    await expect(collect(testClient(api.fetch).paginate('/payments'))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('throws the typed API error of a failed page with an empty body, as an empty body', async () => {
    const api = scriptedFetch(() => new Response(null, { status: 404 }));
    const lenient = createConomyClient({ apiKey: SECRETS.apiKey, accessToken: SECRETS.accessToken, fetch: api.fetch, throwOnError: false, logLevel: 'off' });
    const error = await collect(lenient.paginate('/payments')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ rawBody: '', message: '404 empty body (GET https://api.conomyhq.com/sandbox/payments?offset=0)' });
  });

  it.each([
    ['offset', 'abc'],
    ['offset', -1],
    ['offset', 2.5],
    ['limit', Number.NaN],
    ['limit', '10'],
  ])('refuses %s = %o before any request, naming the parameter', async (name, value) => {
    const api = pagedServer(100);
    const query = { [name]: value } as { offset?: number; limit?: number };
    await expect(collect(testClient(api.fetch).paginate('/payment-links', { params: { query } }))).rejects.toThrow(
      new ConomyError(`paginate('/payment-links'): ${name} must be a non-negative integer; got ${typeof value === 'number' ? value : JSON.stringify(value)}`),
    );
    expect(api.seen).toHaveLength(0);
  });

  it('refuses a page without a results array', async () => {
    const api = scriptedFetch(() => json(200, { pagination: { count: 0, next: 0, previous: 0, total: 0 } }));
    await expect(collect(testClient(api.fetch).paginate('/payments'))).rejects.toThrow("paginate('/payments'): the response has no results array");
  });
});
