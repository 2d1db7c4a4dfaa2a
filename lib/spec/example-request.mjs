// @ts-check
// A valid request for an operation, built only from the examples in the spec: path parameters,
// required query parameters and headers, and the JSON request body. The contract suite sends it;
// the docs build writes it out as the code samples of the reference.
import { isJsonObject, resolveRef } from './json-pointer.mjs';

/** @typedef {import('./json-pointer.mjs').JsonObject} JsonObject */

/**
 * @typedef {object} ExampleRequest
 * @property {string} method upper case, e.g. `POST`
 * @property {string} path the path with its parameters filled in and the query string, relative to the base URL
 * @property {Record<string, string>} pathParams
 * @property {Record<string, string>} query the required query parameters
 * @property {Record<string, string>} headers required header parameters (lower case) and the body's content type
 * @property {unknown} [body] the JSON request body, when the operation documents an example of it
 */

/**
 * @param {JsonObject} document the whole spec
 * @param {{ operationId: string, method: string, path: string, pointer: string, node: JsonObject, pathItem: JsonObject }} operation
 *   `path` is the path template (for a webhook, its name), `pointer` where the operation object `node` is,
 *   `pathItem` the object holding it
 * @returns {ExampleRequest}
 */
export function exampleRequest(document, { operationId, method, path: template, pointer, node, pathItem }) {
  const parameters = [...asArray(pathItem.parameters), ...asArray(node.parameters)].map(
    (parameter) => /** @type {JsonObject} */ (resolveRef(document, parameter, pointer).node),
  );

  let path = template;
  /** @type {Record<string, string>} */
  const pathParams = {};
  /** @type {Record<string, string>} */
  const query = {};
  /** @type {Record<string, string>} */
  const headers = {};
  for (const parameter of parameters) {
    const name = String(parameter.name);
    if (parameter.in !== 'path' && parameter.required !== true) continue;
    const value = exampleOf(document, parameter);
    if (value === undefined) throw new Error(`${operationId}: parameter "${name}" needs an example`);
    if (parameter.in === 'path') {
      pathParams[name] = String(value);
      path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
    } else if (parameter.in === 'query') query[name] = String(value);
    else if (parameter.in === 'header') headers[name.toLowerCase()] = String(value);
  }
  const search = new URLSearchParams(query);
  const request = { method: method.toUpperCase(), path: search.size > 0 ? `${path}?${search}` : path, pathParams, query, headers };

  const requestBody = resolveRef(document, node.requestBody, pointer).node;
  const media = isJsonObject(requestBody) && isJsonObject(requestBody.content) ? requestBody.content['application/json'] : undefined;
  if (!isJsonObject(media)) return request;
  const body = exampleOf(document, media);
  if (body === undefined) {
    if (isJsonObject(requestBody) && requestBody.required === true) throw new Error(`${operationId}: the JSON request body needs an example`);
    return request;
  }
  headers['content-type'] = 'application/json';
  return { ...request, body };
}

/**
 * `example`, else the first of `examples`, else the schema's example.
 * @param {JsonObject} document
 * @param {JsonObject} node
 * @returns {unknown}
 */
function exampleOf(document, node) {
  if (node.example !== undefined) return node.example;
  if (isJsonObject(node.examples)) {
    const first = resolveRef(document, Object.values(node.examples)[0], '(example)').node;
    if (isJsonObject(first) && first.value !== undefined) return first.value;
  }
  return isJsonObject(node.schema) ? node.schema.example : undefined;
}

/** @param {unknown} value */
function asArray(value) {
  return Array.isArray(value) ? value : [];
}
