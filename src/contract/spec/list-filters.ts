// What each documented filter of a list operation means for an item of its answer: the value of
// the item it selects on. One table for whoever must know which items a filter keeps: the drift
// flow, which reports a list that answers items its filter excludes (`filter-ignored`), and the
// testing mock (src/testing/), which filters its lists by it. tests/spec/ checks that every name here is a
// documented query parameter of its operation. Filters on a range (startDate, endDate) and the
// paging parameters are not value filters and are not here.
import type { OperationId } from '../../generated/operations.js';

/** The item values a filter selects on; undefined when the item does not carry the field at all. */
export type FilterValue = (item: Record<string, unknown>) => string | readonly string[] | undefined;

export type ListOperationId = Extract<OperationId, 'listPaymentLinks' | 'listCheckoutSessions' | 'listPayments'>;

/** The string at a path of the item, if there is one. */
function valueAt(item: unknown, path: readonly string[]): string | undefined {
  let value = item;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

const field =
  (...path: string[]): FilterValue =>
  (item) =>
    valueAt(item, path);

/** The account numbers of an offer's destinations. */
const destinationAccounts: FilterValue = (item) =>
  Array.isArray(item.destinations) ? item.destinations.map((destination) => valueAt(destination, ['account', 'accountNumber']) ?? '') : undefined;

export const LIST_FILTERS: Readonly<Record<ListOperationId, Readonly<Record<string, FilterValue>>>> = {
  listPaymentLinks: {
    id: field('id'),
    status: field('status'),
    'owner.identityId': field('owner', 'identityId'),
    'destination.accountNumber': destinationAccounts,
    'customer.email': field('customer', 'email'),
  },
  listCheckoutSessions: {
    identityId: field('owner', 'identityId'),
    accountNumber: destinationAccounts,
    status: field('status'),
  },
  listPayments: {
    identityId: field('identityId'),
    accountNumber: field('accountNumber'),
    status: field('status'),
    type: field('type'),
    // The documented payment carries no checkoutSessionId: a list filtered by it cannot be told wrong from its items.
    checkoutSessionId: field('checkoutSessionId'),
  },
};

/**
 * The filters of `query` that `item` does not match: a filter matches when any value it asks for
 * is among the item's; an item that does not carry the field cannot be told wrong and matches.
 */
export function unmatchedFilters(operationId: ListOperationId, query: Readonly<Record<string, string | readonly string[]>>, item: Record<string, unknown>): string[] {
  return Object.entries(query).flatMap(([name, wanted]) => {
    const read = LIST_FILTERS[operationId][name];
    const values = read?.(item);
    if (values === undefined) return [];
    const has = [values].flat();
    return [wanted].flat().some((value) => has.includes(value)) ? [] : [name];
  });
}

/**
 * Whether a list filtered by `query` answers `item`, as a server that honours its filters does:
 * every filter of the table asks for a value the item has. Unlike `unmatchedFilters`, an item that
 * does not carry the field is not selected: here the item is known whole, not judged from outside.
 */
export function selects(operationId: ListOperationId, query: Readonly<Record<string, unknown>>, item: Record<string, unknown>): boolean {
  return Object.entries(LIST_FILTERS[operationId]).every(([name, read]) => {
    const wanted = query[name];
    if (wanted === undefined) return true;
    const has = [read(item) ?? []].flat();
    return [wanted].flat().some((value) => has.includes(String(value)));
  });
}
