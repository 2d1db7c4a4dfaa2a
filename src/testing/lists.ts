// One page of a list, as the contract documents lists: the value filters of the one table
// (src/contract/spec/list-filters.ts), the creation-day range (startDate, endDate: dd/mm/yyyy),
// the sort (`field:asc|desc`) and offset paging with the Pagination object.
import { selects, type ListOperationId } from '../contract/spec/list-filters.js';
import type { components } from '../generated/openapi.js';

/** The page size when the request sends no `limit` (the contract documents none). */
const DEFAULT_LIMIT = 10;

export interface Listed<T> {
  item: T;
  /** What the filters read: the item, plus what the mock knows of it that the item does not carry. */
  view: Record<string, unknown>;
}

export function listPage<T>(
  operationId: ListOperationId,
  listed: readonly Listed<T>[],
  query: Readonly<Record<string, unknown>>,
): { pagination: components['schemas']['Pagination']; results: T[] } {
  const selected = listed.filter(({ view }) => selects(operationId, query, view) && createdWithin(view, query));
  const sorted = typeof query.sort === 'string' ? sortedBy(selected, query.sort) : selected;
  // `next` is listPaymentLinks' name for the offset; with both, `offset` wins (the spec leaves it open).
  const offset = Number(query.offset ?? query.next ?? 0);
  const limit = Number(query.limit ?? DEFAULT_LIMIT);
  const results = sorted.slice(offset, offset + limit).map(({ item }) => item);
  const total = sorted.length;
  const pagination = {
    // "How many items have been returned so far, up to and including this page."
    count: Math.min(offset, total) + results.length,
    next: offset + results.length,
    previous: Math.max(0, offset - limit),
    total,
  };
  return { pagination, results };
}

/** Whether the item was created on a day within startDate and endDate (both inclusive, UTC). */
function createdWithin(view: Record<string, unknown>, query: Readonly<Record<string, unknown>>): boolean {
  const day = typeof view.createdAt === 'string' ? view.createdAt.slice(0, 10) : '';
  const from = isoDay(query.startDate);
  const to = isoDay(query.endDate);
  return (from === undefined || day >= from) && (to === undefined || day <= to);
}

/** `dd/mm/yyyy` (already checked against the spec's pattern) as `yyyy-mm-dd`, which sorts as text. */
function isoDay(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const [day, month, year] = value.split('/');
  return `${year}-${month}-${day}`;
}

/** Sorted by a dotted field of the view; items without it keep their place after those with it. */
function sortedBy<T>(listed: readonly Listed<T>[], sort: string): Listed<T>[] {
  const [field = '', direction] = sort.split(':');
  const sign = direction === 'desc' ? -1 : 1;
  const valueOf = (view: Record<string, unknown>): unknown =>
    field.split('.').reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined), view);
  return [...listed].sort((a, b) => {
    const [x, y] = [valueOf(a.view), valueOf(b.view)];
    if (x === undefined || y === undefined) return (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0);
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * String(x).localeCompare(String(y));
  });
}
