// @ts-check
// RFC 6901 JSON pointers over plain parsed YAML/JSON values.

/** @typedef {Record<string, unknown>} JsonObject */

/**
 * True for a plain object (not null, not an array).
 * @param {unknown} value
 * @returns {value is JsonObject}
 */
export function isJsonObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Escapes one segment: `~` -> `~0`, `/` -> `~1`.
 * @param {string} segment
 */
export function escapeSegment(segment) {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * ['paths', '/auth', 'post'] -> '/paths/~1auth/post'.
 * @param {ReadonlyArray<string | number>} segments
 */
export function toPointer(segments) {
  return segments.map((segment) => `/${escapeSegment(String(segment))}`).join('');
}

/**
 * '/paths/~1auth/post' -> ['paths', '/auth', 'post']; '' is the whole document.
 * @param {string} pointer
 * @returns {string[]}
 */
export function parsePointer(pointer) {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON pointer "${pointer}" must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * The child of an object (own keys only) or array (index segments only), or undefined.
 * @param {unknown} value
 * @param {string} segment
 * @returns {unknown}
 */
export function childOf(value, segment) {
  if (Array.isArray(value)) return /^(0|[1-9]\d*)$/.test(segment) ? value[Number(segment)] : undefined;
  return isJsonObject(value) && Object.hasOwn(value, segment) ? value[segment] : undefined;
}

/**
 * The value at `pointer`, or undefined when any segment is missing.
 * @param {unknown} root
 * @param {string} pointer
 * @returns {unknown}
 */
export function valueAt(root, pointer) {
  let current = root;
  for (const segment of parsePointer(pointer)) {
    current = childOf(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}
