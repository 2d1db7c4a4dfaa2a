// The list filters' table (src/contract/spec/list-filters.ts) against openapi.yaml, and what it
// says an item matches.
import { describe, expect, it } from 'vitest';
import { operationParameters, toPointer } from '../../lib/spec/index.mjs';
import { LIST_FILTERS, selects, unmatchedFilters } from '../../src/contract/spec/list-filters.js';
import { loadSpec } from '../../src/contract/spec/contract-spec.js';

const spec = loadSpec();

describe('the list filters', () => {
  it('name documented query parameters of their list operation, and every list operation has them', () => {
    const lists = spec.operations.filter((operation) => operation.method === 'GET' && /^list/.test(operation.operationId) && operation.operationId !== 'listAvailableProducts');
    expect(Object.keys(LIST_FILTERS).sort()).toEqual(lists.map((operation) => operation.operationId).sort());
    for (const [operationId, filters] of Object.entries(LIST_FILTERS)) {
      const operation = spec.operation(operationId);
      const query = operationParameters(spec.document, toPointer(['paths', operation.path, operation.method.toLowerCase()]))
        .filter(({ node }) => node.in === 'query')
        .map(({ node }) => String(node.name));
      expect(query, operationId).toEqual(expect.arrayContaining(Object.keys(filters)));
    }
  });

  it('match an item when any asked value is among its own, and cannot fault an item without the field', () => {
    const link = { id: 'pl_1', status: 'ACTIVE', owner: { identityId: 'me' }, destinations: [{ account: { accountNumber: '1' } }, { account: { accountNumber: '2' } }] };
    expect(unmatchedFilters('listPaymentLinks', { id: ['pl_1', 'pl_2'], 'destination.accountNumber': '2' }, link)).toEqual([]);
    expect(unmatchedFilters('listPaymentLinks', { id: ['pl_9'], 'owner.identityId': 'you', limit: '50' }, link)).toEqual(['id', 'owner.identityId']);
    // A documented payment has no checkoutSessionId: nothing to hold against it.
    expect(unmatchedFilters('listPayments', { checkoutSessionId: 'cs_1' }, { id: 'p_1' })).toEqual([]);
    expect(unmatchedFilters('listPayments', { checkoutSessionId: 'cs_1' }, { id: 'p_1', checkoutSessionId: 'cs_2' })).toEqual(['checkoutSessionId']);
  });

  it('select, for a list that honours them, only the items that have an asked value: one without the field is not', () => {
    const link = { id: 'pl_1', status: 'ACTIVE', owner: { identityId: 'me' }, customer: null };
    expect(selects('listPaymentLinks', { id: ['pl_1', 'pl_2'], 'owner.identityId': ['me'], limit: 50 }, link)).toBe(true);
    expect(selects('listPaymentLinks', { status: ['ATTEMPT'] }, link)).toBe(false);
    expect(selects('listPaymentLinks', { 'customer.email': ['jane@example.com'] }, link)).toBe(false);
    expect(selects('listPayments', { checkoutSessionId: 'cs_1' }, { id: 'p_1' })).toBe(false);
  });
});
