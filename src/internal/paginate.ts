import { ConomyError, createApiError } from '../core/error.js';
import type { PaginatedPath, PaginateInit } from '../core/types.js';
import type { Redactor } from './log.js';

/** The client's GET as paginate() sees it: the list calls share one shape, so a loose signature keeps this readable. */
export type ListCall = (path: string, init: object) => Promise<{
  data?: { results?: unknown; pagination?: { next?: unknown; total?: unknown } };
  error?: unknown;
  response: Response;
}>;

/**
 * Walks an offset-paginated list (D11): `pagination.next` is the offset of the following page.
 * It stops once the items seen cover `total` (the same as `count` reaching `total`, without relying
 * on how the server counts `count`), or, when the server gives no `total`, on an empty page or a
 * missing `next`. It never stops short or skips or repeats items without saying so: when `total` is
 * no number, or says more items remain but a page is empty or its `next` is not the offset right
 * after the page, it throws, naming the page and the value (masked, and cut at 60 characters).
 * More than `maxPages` pages is an error too.
 */
export function createPaginate(get: ListCall, maxPages: number, redactor: Redactor) {
  return async function* paginate(
    path: PaginatedPath,
    init: PaginateInit<PaginatedPath> = {},
  ): AsyncGenerator<unknown, void, undefined> {
    const query: Record<string, unknown> = { ...init.params?.query };
    // Checked up front: a NaN offset never advances past `next`, so paging would run to maxPages.
    let offset = pageParameter(path, 'offset', query['offset']) ?? 0;
    pageParameter(path, 'limit', query['limit']);
    for (let page = 1; ; page += 1) {
      if (page > maxPages) {
        throw new ConomyError(
          `paginate('${path}') stopped: more than maxPages (${maxPages}) pages. Narrow the filters or raise maxPages.`,
        );
      }
      const params = { ...init.params, query: { ...query, offset } };
      const { data, error, response } = await get(path, { ...init, params });
      // With throwOnError: false a failed page resolves to { error } (undefined when the body is
      // empty); an iterator has no slot for it.
      if (!response.ok) {
        const rawBody = error === undefined ? '' : typeof error === 'string' ? error : JSON.stringify(error);
        throw createApiError({
          status: response.status,
          headers: new Headers(redactor.headers(response.headers)),
          rawBody: redactor.text(rawBody),
          request: { method: 'GET', url: redactor.text(response.url) },
        });
      }
      const results = data?.results;
      if (!Array.isArray(results)) throw new ConomyError(`paginate('${path}'): the response has no results array`);
      yield* results;
      const next = data?.pagination?.next;
      const total = data?.pagination?.total;
      const read = offset + results.length;
      const stop = (problem: string, remaining = typeof total === 'number' ? `; total says ${total} items and ${read} were read` : '') =>
        new ConomyError(redactor.text(`paginate('${path}') cannot go on after page ${page} (offset ${offset}): ${problem}${remaining}`));
      if (total !== undefined && typeof total !== 'number') throw stop(`pagination.total is ${shown(total)}, not a count`, '');
      if (typeof total === 'number' ? read >= total : results.length === 0 || next === undefined || next === null) return;
      if (results.length === 0) throw stop('the page is empty');
      if (typeof next !== 'number' || !Number.isSafeInteger(next)) throw stop(`pagination.next is ${shown(next)}, not an offset`);
      // The next page starts right after this one: a larger next would skip items, a smaller one repeat them.
      if (next !== read) {
        // Stryker disable next-line EqualityOperator: next is not read here, so <= says the same as <; >= is caught by the tests
        const effect = next < read ? 'repeated' : 'skipped';
        throw stop(`pagination.next (${next}) is not the offset after this page (${read}): items would be ${effect}`);
      }
      offset = next;
    }
  };
}

/** A value quoted in an error: as JSON, and at most 60 characters of it. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `offset` and `limit` are counts of items: absent, or a non-negative integer. */
function pageParameter(path: PaginatedPath, name: 'offset' | 'limit', value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
  throw new ConomyError(`paginate('${path}'): ${name} must be a non-negative integer; got ${shown}`);
}
