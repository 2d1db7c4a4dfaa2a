// @ts-check
// Every operation of a parsed spec, webhooks included, with the path item holding it and its pointer.
import { HTTP_METHODS } from './http-methods.mjs';
import { escapeSegment, isJsonObject } from './json-pointer.mjs';

/**
 * @typedef {object} SpecOperation
 * @property {Record<string, any>} operation the operation object
 * @property {Record<string, any>} pathItem the path item (or webhook) holding it
 * @property {'paths' | 'webhooks'} section
 * @property {string} path the path template, or the webhook's name
 * @property {string} method lower case, e.g. `post`
 * @property {string} pointer JSON pointer of the operation, e.g. `/paths/~1auth/post`
 * @property {string} pathItemPointer
 */

/**
 * @param {Record<string, any>} spec
 * @returns {SpecOperation[]}
 */
export function listOperations(spec) {
  /** @type {SpecOperation[]} */
  const operations = [];
  for (const section of /** @type {const} */ (['paths', 'webhooks'])) {
    for (const [path, pathItem] of Object.entries(spec[section] ?? {})) {
      if (!isJsonObject(pathItem)) continue;
      const pathItemPointer = `/${section}/${escapeSegment(path)}`;
      for (const method of HTTP_METHODS) {
        const operation = pathItem[method];
        if (isJsonObject(operation)) operations.push({ operation, pathItem, section, path, method, pointer: `${pathItemPointer}/${method}`, pathItemPointer });
      }
    }
  }
  return operations;
}
