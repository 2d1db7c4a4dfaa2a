// @ts-check
// The parameters that apply to an operation: those of its path item and its own, as OpenAPI merges
// them (an operation's parameter replaces the path item's of the same name and location).
import { isJsonObject, parsePointer, toPointer, valueAt } from './json-pointer.mjs';
import { resolveRef } from './refs.mjs';

/**
 * @typedef {object} ResolvedParameter
 * @property {import('./json-pointer.mjs').JsonObject} node the Parameter object, followed through `$ref`
 * @property {string} pointer where it is after following `$ref`: its schema is at `${pointer}/schema`
 */

/**
 * The path item's parameters, then the operation's own, each resolved.
 * @param {unknown} document the whole spec
 * @param {string} operationPointer e.g. `/paths/~1payments~1{paymentId}/get`
 * @returns {ResolvedParameter[]}
 */
export function operationParameters(document, operationPointer) {
  const pathItemPointer = toPointer(parsePointer(operationPointer).slice(0, -1));
  const pathItem = listed(document, pathItemPointer);
  const own = listed(document, operationPointer);
  const key = (/** @type {ResolvedParameter} */ { node }) => `${String(node.in)} ${String(node.name)}`;
  const replaced = new Set(own.map(key));
  return [...pathItem.filter((parameter) => !replaced.has(key(parameter))), ...own];
}

/**
 * The `parameters` of the object at `pointer`, resolved.
 * @param {unknown} document
 * @param {string} pointer
 * @returns {ResolvedParameter[]}
 */
function listed(document, pointer) {
  const holder = valueAt(document, pointer);
  const parameters = isJsonObject(holder) && Array.isArray(holder.parameters) ? holder.parameters : [];
  return parameters.map((parameter, index) => {
    const resolved = resolveRef(document, parameter, `${pointer}/parameters/${index}`);
    if (!isJsonObject(resolved.node)) throw new Error(`the parameter at ${resolved.pointer} is not an object`);
    return { node: resolved.node, pointer: resolved.pointer };
  });
}
