// @ts-check
// The operations table of a spec: every operation of its paths by operationId, with how it is
// called and which resource it creates or deletes. scripts/generate.mjs writes it out as
// src/generated/operations.ts, the one operations table the tests and scripts read.
//
// A resource is what an item path with both a GET and a DELETE names (`/payment-links/{id}`): its
// kind is that collection in the singular (`payment-link`), its schema what the GET answers. An
// operation deletes the resource of its DELETE path; it creates one when its operationId starts
// with `create` and its 2xx answer is that resource's schema (a refresh or an activation answers
// with the resource too, but makes none a caller must delete).
import { resolveRef } from './refs.mjs';
import { listOperations } from './operations.mjs';

/**
 * @typedef {object} OperationEntry
 * @property {string} method lower case, e.g. `post`
 * @property {string} path the path template
 * @property {string} [creates] the kind of resource a 2xx answer is a new one of
 * @property {string} [deletes] the kind of resource it deletes
 */

/**
 * @param {Record<string, any>} spec a parsed spec whose `$ref`s point into itself
 * @returns {Record<string, OperationEntry>} by operationId, in the spec's order
 */
export function operationsTable(spec) {
  const operations = listOperations(spec).filter((entry) => entry.section === 'paths');
  const resources = operations.filter(({ method, pathItem }) => method === 'delete' && pathItem.get).map(({ path, pathItem }) => ({
    path,
    kind: kindOf(path),
    schema: successSchemaRef(spec, pathItem.get),
  }));
  /** @type {Record<string, OperationEntry>} */
  const table = {};
  for (const { operation, method, path } of operations) {
    const id = operation.operationId;
    if (typeof id !== 'string' || id === '') throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
    if (table[id]) throw new Error(`operationId "${id}" is used twice`);
    const created = id.startsWith('create') ? resources.find((resource) => resource.schema === successSchemaRef(spec, operation)) : undefined;
    const deleted = method === 'delete' ? resources.find((resource) => resource.path === path) : undefined;
    table[id] = { method, path, ...(created ? { creates: created.kind } : {}), ...(deleted ? { deletes: deleted.kind } : {}) };
  }
  return table;
}

/**
 * `/payment-links/{paymentLinkId}` → `payment-link`.
 * @param {string} path
 */
function kindOf(path) {
  const collection = path.split('/').filter((segment) => segment && !segment.startsWith('{')).at(-1) ?? '';
  return collection.replace(/s$/, '');
}

/**
 * The `$ref` of an operation's first 2xx JSON answer schema, if it has one.
 * @param {Record<string, any>} spec
 * @param {Record<string, any>} operation
 * @returns {string | undefined}
 */
function successSchemaRef(spec, operation) {
  const success = Object.entries(operation.responses ?? {}).find(([status]) => /^2/.test(status));
  const response = success ? /** @type {Record<string, any>} */ (resolveRef(spec, success[1], `(response ${success[0]})`).node) : undefined;
  return response?.content?.['application/json']?.schema?.$ref;
}
