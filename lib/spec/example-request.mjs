// @ts-check
// A valid request for an operation, built only from the examples in the spec (examples.mjs picks
// each one): path parameters, required query parameters and headers, and the JSON request body.
// The contract suite sends it; the docs build writes it out as the code samples of the reference.
import { exampleOf } from './examples.mjs';
import { isJsonObject, parsePointer, valueAt } from './json-pointer.mjs';
import { operationParameters } from './parameters.mjs';
import { fillTemplate } from './path-template.mjs';
import { resolveRef } from './refs.mjs';

/**
 * @typedef {object} ExampleRequest
 * @property {string} method upper case, e.g. `POST`
 * @property {string} template the path template (for a webhook, its name)
 * @property {Record<string, string>} pathParams
 * @property {Record<string, string>} query the required query parameters
 * @property {Record<string, string>} headers required header parameters (lower case) and the body's content type
 * @property {unknown} [body] the JSON request body, when the operation documents an example of it (a copy: change it freely)
 */

/**
 * @param {unknown} document the whole spec
 * @param {string} pointer where the operation is, e.g. `/paths/~1auth/post` or `/webhooks/transactionNotification/post`
 * @returns {ExampleRequest}
 */
export function exampleRequest(document, pointer) {
  const [, template = '', method = ''] = parsePointer(pointer);
  const operation = valueAt(document, pointer);
  if (!isJsonObject(operation)) throw new Error(`no operation at ${pointer}`);
  const operationId = String(operation.operationId);

  /** @type {Record<string, string>} */
  const pathParams = {};
  /** @type {Record<string, string>} */
  const query = {};
  /** @type {Record<string, string>} */
  const headers = {};
  for (const { node: parameter, pointer: at } of operationParameters(document, pointer)) {
    const name = String(parameter.name);
    if (parameter.in !== 'path' && parameter.required !== true) continue;
    const value = exampleOf(document, parameter, at);
    if (value === undefined) throw new Error(`${operationId}: parameter "${name}" needs an example`);
    if (parameter.in === 'path') pathParams[name] = String(value);
    else if (parameter.in === 'query') query[name] = String(value);
    else if (parameter.in === 'header') headers[name.toLowerCase()] = String(value);
  }
  const request = { method: method.toUpperCase(), template, pathParams, query, headers };

  const { node: requestBody, pointer: requestBodyPointer } = resolveRef(document, operation.requestBody, `${pointer}/requestBody`);
  if (!isJsonObject(requestBody) || !isJsonObject(requestBody.content)) return request;
  const media = requestBody.content['application/json'];
  if (!isJsonObject(media)) return request;
  const body = exampleOf(document, media, `${requestBodyPointer}/content/application~1json`);
  if (body === undefined) {
    if (requestBody.required === true) throw new Error(`${operationId}: the JSON request body needs an example`);
    return request;
  }
  headers['content-type'] = 'application/json';
  return { ...request, body: structuredClone(body) };
}

/**
 * The request's path relative to the base URL: the template filled in, then the query string.
 * @param {Pick<ExampleRequest, 'template' | 'pathParams' | 'query'>} request
 */
export function requestPath({ template, pathParams, query }) {
  const search = new URLSearchParams(query);
  const path = fillTemplate(template, pathParams);
  return search.size > 0 ? `${path}?${search}` : path;
}
