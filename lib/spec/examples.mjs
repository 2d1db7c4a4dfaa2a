// @ts-check
// The examples the spec documents for a media type (a request or response body) or a parameter.
//
// One order of preference, for every caller:
//   1. the object's named `examples`, in document order, each Example object followed through `$ref`
//      (one without a `value`, an `externalValue` only, is skipped: there is nothing to send);
//   2. else its single `example`;
//   3. else the `example` of its schema (followed through `$ref`).
// OpenAPI makes `example` and `examples` exclusive, so 1 and 2 never compete in a valid spec; named
// examples come first because they are the ones Prism serves by name (`Prefer: example=<name>`).
// A caller that needs every example (a case per documented response example, a negative case per
// request example) takes examplesOf; one that needs a single example (the request the suite sends,
// the docs' code samples) takes exampleOf, which is the first of the same list.
import { isJsonObject } from './json-pointer.mjs';
import { resolveRef } from './refs.mjs';

/**
 * @typedef {object} NamedExample
 * @property {string} [name] its key under `examples`; absent for `example` and the schema's
 * @property {unknown} value
 */

/**
 * @param {unknown} document the whole spec
 * @param {unknown} node a media type or parameter object (already resolved)
 * @param {string} pointer where `node` is, for errors
 * @returns {NamedExample[]} in the order of preference above; empty when none is documented
 */
export function examplesOf(document, node, pointer) {
  if (!isJsonObject(node)) return [];
  if (isJsonObject(node.examples)) {
    const named = Object.entries(node.examples).flatMap(([name, example]) => {
      const resolved = resolveRef(document, example, `${pointer}/examples/${name}`).node;
      return isJsonObject(resolved) && resolved.value !== undefined ? [{ name, value: resolved.value }] : [];
    });
    if (named.length > 0) return named;
  }
  if (node.example !== undefined) return [{ value: node.example }];
  const schema = resolveRef(document, node.schema, `${pointer}/schema`).node;
  return isJsonObject(schema) && schema.example !== undefined ? [{ value: schema.example }] : [];
}

/**
 * The one example of a media type or parameter: the first of examplesOf, or undefined.
 * @param {unknown} document
 * @param {unknown} node
 * @param {string} pointer
 * @returns {unknown}
 */
export function exampleOf(document, node, pointer) {
  return examplesOf(document, node, pointer)[0]?.value;
}
