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
 * It stops on an empty page, on a missing or non-advancing `next` (a server bug must not loop
 * forever), or once the items seen cover `total` (the same as `count` reaching `total`, without
 * relying on how the server counts `count`). More than `maxPages` pages is an error, not a silent cut.
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
      // With throwOnError: false the GET resolves to { error }; an iterator has no slot for it.
      if (error !== undefined || !response.ok) {
        throw createApiError({
          status: response.status,
          headers: new Headers(redactor.headers(response.headers)),
          rawBody: redactor.text(typeof error === 'string' ? error : JSON.stringify(error ?? '')),
          request: { method: 'GET', url: redactor.text(response.url) },
        });
      }
      const results = data?.results;
      if (!Array.isArray(results)) throw new ConomyError(`paginate('${path}'): the response has no results array`);
      yield* results;
      const next = data?.pagination?.next;
      const total = data?.pagination?.total;
      if (results.length === 0 || typeof next !== 'number' || next <= offset) return;
      if (typeof total === 'number' && offset + results.length >= total) return;
      offset = next;
    }
  };
}

/** `offset` and `limit` are counts of items: absent, or a non-negative integer. */
function pageParameter(path: PaginatedPath, name: 'offset' | 'limit', value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
  throw new ConomyError(`paginate('${path}'): ${name} must be a non-negative integer; got ${shown}`);
}
