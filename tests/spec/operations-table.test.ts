// How the operations table (src/generated/operations.ts) is derived from a spec: on a small spec of
// its own, so each rule of lib/spec/operations-table.mjs is seen deciding.
import { describe, expect, it } from 'vitest';
import { operationsTable } from '../../lib/spec/index.mjs';

const ok = (schema: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } });
const spec = {
  paths: {
    '/widgets': {
      get: { operationId: 'listWidgets', responses: { 200: ok('WidgetList') } },
      post: { operationId: 'createWidget', responses: { 201: { $ref: '#/components/responses/Widget' } } },
    },
    '/widgets/{widgetId}': {
      get: { operationId: 'getWidget', responses: { 200: ok('Widget') } },
      delete: { operationId: 'deleteWidget', responses: { 204: {} } },
    },
    '/widgets/{widgetId}/refresh': { post: { operationId: 'refreshWidget', responses: { 201: ok('Widget') } } },
    '/receipts': { post: { operationId: 'createReceipt', responses: { 200: ok('Receipt') } } },
    '/receipts/{receiptId}': { get: { operationId: 'getReceipt', responses: { 200: ok('Receipt') } } },
  },
  webhooks: { widgetChanged: { post: { operationId: 'widgetChanged', responses: { 200: {} } } } },
  components: { responses: { Widget: ok('Widget') } },
};

describe('operationsTable', () => {
  it('lists every operation of the paths with its method and path, webhooks left out', () => {
    const table = operationsTable(spec);
    expect(Object.keys(table)).toEqual(['listWidgets', 'createWidget', 'getWidget', 'deleteWidget', 'refreshWidget', 'createReceipt', 'getReceipt']);
    expect(table.getWidget).toEqual({ method: 'get', path: '/widgets/{widgetId}' });
  });

  it('marks what creates and deletes a resource: a create answering what the item GET answers, and the item DELETE', () => {
    const table = operationsTable(spec);
    expect(table.createWidget).toEqual({ method: 'post', path: '/widgets', creates: 'widget' });
    expect(table.deleteWidget).toEqual({ method: 'delete', path: '/widgets/{widgetId}', deletes: 'widget' });
    // Answers with a widget, but is no create; a receipt cannot be deleted, so creating one leaves nothing to clean up.
    expect(table.refreshWidget).toEqual({ method: 'post', path: '/widgets/{widgetId}/refresh' });
    expect(table.createReceipt).toEqual({ method: 'post', path: '/receipts' });
  });

  it('refuses an operation without an operationId, or one used twice, naming it', () => {
    expect(() => operationsTable({ paths: { '/a': { get: { responses: {} } } } })).toThrow('GET /a has no operationId');
    const twice = { paths: { '/a': { get: { operationId: 'getA', responses: {} } }, '/b': { get: { operationId: 'getA', responses: {} } } } };
    expect(() => operationsTable(twice)).toThrow('operationId "getA" is used twice');
  });
});
