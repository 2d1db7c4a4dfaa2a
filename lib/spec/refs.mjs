// @ts-check
// Local `$ref`s (`#/components/...`): where one points and the value it ends at. The spec is one
// self-contained file, so an external reference is an error, never fetched.
import { isJsonObject, valueAt } from './json-pointer.mjs';

/**
 * The JSON pointer of a local reference (`#/a/b%7Bc%7D` -> `/a/b{c}`); undefined for any other reference.
 * @param {string} ref
 * @returns {string | undefined}
 */
export function refToPointer(ref) {
  return ref.startsWith('#/') ? decodeURIComponent(ref.slice(1)) : undefined;
}

/**
 * The value a local reference such as a `$ref` or a register spec node points to, or undefined.
 * @param {unknown} root
 * @param {string} ref
 * @returns {unknown}
 */
export function valueAtRef(root, ref) {
  const pointer = refToPointer(ref);
  return pointer === undefined ? undefined : valueAt(root, pointer);
}

/**
 * Follows local `$ref`s from `node` (found at `pointer`) to the value they end at, with its pointer.
 * Throws on an external, circular or dangling reference, naming where it was found.
 * @param {unknown} document
 * @param {unknown} node
 * @param {string} pointer
 * @returns {{ node: unknown, pointer: string }}
 */
export function resolveRef(document, node, pointer) {
  const seen = new Set();
  let current = { node, pointer };
  while (isJsonObject(current.node) && typeof current.node.$ref === 'string') {
    const ref = current.node.$ref;
    if (!ref.startsWith('#')) throw new Error(`External $ref "${ref}" at ${current.pointer} is not supported`);
    if (seen.has(ref)) throw new Error(`Circular $ref "${ref}" at ${current.pointer}`);
    seen.add(ref);
    const target = decodeURIComponent(ref.slice(1));
    const resolved = valueAt(document, target);
    if (resolved === undefined) throw new Error(`$ref "${ref}" at ${current.pointer} points to nothing`);
    current = { node: resolved, pointer: target };
  }
  return current;
}

/**
 * Every local `$ref` under `node`, in document order (repeats kept).
 * @param {unknown} node
 * @returns {string[]}
 */
export function refsUnder(node) {
  if (Array.isArray(node)) return node.flatMap(refsUnder);
  if (!isJsonObject(node)) return [];
  const own = typeof node.$ref === 'string' && node.$ref.startsWith('#/') ? [node.$ref] : [];
  return [...own, ...Object.values(node).flatMap(refsUnder)];
}

/**
 * The component a node is a `$ref` to (`#/components/schemas/PaymentLink` -> `PaymentLink`), else undefined.
 * @param {unknown} node
 * @returns {string | undefined}
 */
export function componentName(node) {
  const ref = isJsonObject(node) && typeof node.$ref === 'string' ? node.$ref : '';
  return /^#\/components\/[^/]+\/([^/]+)$/.exec(ref)?.[1];
}
