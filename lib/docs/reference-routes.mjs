// @ts-check
// Where Redoc shows things on index.html, so other pages can link into the reference. Redoc routes
// are `#/<tag slug>/<operationId in lower case>` for an operation and `#/schemas/<name in lower case>`
// for a schema (the build names the schema group "Schemas"); a second `#<id>` after the route scrolls
// to an element inside the section, such as one property or parameter.
import { escapeSegment, isJsonObject, listOperations, parsePointer, refsUnder, refToPointer, resolveRef, valueAt } from '../spec/index.mjs';

/** The tag under which the reference lists the schemas (Redoc's schemaDefinitionsTagName). */
export const SCHEMAS_TAG = 'Schemas';

const slug = (/** @type {string} */ text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/**
 * The reference page's link to an operation.
 * @param {Record<string, any>} operation an operation object (operationId, tags)
 */
export function operationHref(operation) {
  return `index.html#/${slug(operation.tags?.[0] ?? '')}/${operation.operationId.toLowerCase()}`;
}

/**
 * The reference page's link to the node a register entry names by JSON pointer (`#/paths/~1auth/post`):
 * the operation that holds it, the schema (and property), the first operation that uses a shared
 * parameter, response or security scheme, or the top of the reference for anything else (`#/info`).
 * @param {Record<string, any>} spec
 * @param {string} ref
 */
export function specNodeHref(spec, ref) {
  const pointer = refToPointer(ref) ?? '';
  const [section, kind, name, child, property] = parsePointer(pointer);
  if (section === 'components' && kind === 'schemas' && name !== undefined) {
    const route = `${slug(SCHEMAS_TAG)}/${name.toLowerCase()}`;
    return child === 'properties' && property !== undefined
      ? `index.html#/${route}#${route}/path=${property.toLowerCase()}`
      : `index.html#/${route}`;
  }
  const operations = listOperations(spec);
  const holder = operations.find((op) => pointer === op.pathItemPointer || isSameOrInside(pointer, op.pointer));
  if (holder) {
    const isParameter = /^\/parameters\/\d+$/.test(pointer.slice(holder.pointer.length));
    return isParameter ? parameterHref(holder.operation, resolveRef(spec, valueAt(spec, pointer), pointer).node) : operationHref(holder.operation);
  }
  if (section !== 'components' || name === undefined) return 'index.html';
  const component = `#/components/${escapeSegment(kind ?? '')}/${escapeSegment(name)}`;
  if (kind === 'parameters') {
    const user = operations.find((op) => refsUnder([op.operation.parameters, op.pathItem.parameters]).includes(component));
    if (user) return parameterHref(user.operation, resolveRef(spec, { $ref: component }, component).node);
  } else if (kind === 'responses') {
    const user = operations.find((op) => refsUnder(op.operation.responses).includes(component));
    if (user) return `${operationHref(user.operation)}#${anchorBase(user.operation)}/responses`;
  } else if (kind === 'securitySchemes') {
    const user = operations.find((op) => (op.operation.security ?? spec.security ?? []).some((/** @type {Record<string, unknown>} */ need) => name in need));
    if (user) return operationHref(user.operation);
  }
  return 'index.html';
}

/**
 * @param {string} pointer
 * @param {string} node
 */
function isSameOrInside(pointer, node) {
  return pointer === node || pointer.startsWith(`${node}/`);
}

/** @param {Record<string, any>} operation */
function anchorBase(operation) {
  return operationHref(operation).slice('index.html#/'.length);
}

/**
 * @param {Record<string, any>} operation an operation object (operationId, tags)
 * @param {unknown} parameter
 */
function parameterHref(operation, parameter) {
  if (!isJsonObject(parameter)) return operationHref(operation);
  const name = String(parameter.name).toLowerCase();
  return `${operationHref(operation)}#${anchorBase(operation)}/t=request&in=${parameter.in}&path=${name}`;
}

