// Maps a finding back to the documented inconsistencies (`x-discrepancy: [D3]`) of the
// nearest enclosing spec node. For a body finding we walk the response schema along the
// instance pointer, following $ref, allOf and the branch of a oneOf/anyOf the value intends
// (the same choice the issue mapper makes); the ids of the deepest instance level that has
// any win. Without any in the schema, the media type, response and operation are tried.
import { childOf, isJsonObject, parsePointer, type JsonObject } from '../../../lib/spec/json-pointer.mjs';
import { applicableSchemas } from './schema-branches.js';

/** The `x-discrepancy` ids of a spec node, if any. */
export function discrepancyIdsOf(node: unknown): string[] {
  if (!isJsonObject(node) || !Array.isArray(node['x-discrepancy'])) return [];
  return node['x-discrepancy'].map(String);
}

/**
 * Ids for a body location: `schema` is the media type schema, `pointer` the instance
 * location, `outer` the enclosing spec nodes nearest first (media type, response, operation).
 */
export function discrepanciesAt(
  document: JsonObject,
  schema: unknown,
  body: unknown,
  pointer: string,
  outer: unknown[],
): string[] | undefined {
  const segments = parsePointer(pointer);
  const levels: string[][] = [];
  let nodes: unknown[] = schema === undefined ? [] : [schema];
  let value = body;
  for (let depth = 0; nodes.length > 0; depth += 1) {
    const expanded = applicableSchemas(document, nodes, value);
    levels.push(unique(expanded.flatMap(discrepancyIdsOf)));
    const segment = segments[depth];
    if (segment === undefined) break;
    nodes = expanded.flatMap((node) => childSchemas(node, segment));
    value = childOf(value, segment);
  }
  for (const ids of levels.reverse()) if (ids.length > 0) return ids;
  return outerIds(outer);
}

/** Ids of the first node in `outer` (nearest first) that has any. */
export function outerIds(outer: unknown[]): string[] | undefined {
  for (const node of outer) {
    const ids = discrepancyIdsOf(node);
    if (ids.length > 0) return ids;
  }
  return undefined;
}

function childSchemas(node: JsonObject, segment: string): unknown[] {
  const children: unknown[] = [];
  if (isJsonObject(node.properties) && segment in node.properties) children.push(node.properties[segment]);
  if (isJsonObject(node.patternProperties)) {
    for (const [pattern, child] of Object.entries(node.patternProperties)) {
      if (new RegExp(pattern, 'u').test(segment)) children.push(child);
    }
  }
  if (children.length === 0 && isJsonObject(node.additionalProperties)) children.push(node.additionalProperties);
  if (/^\d+$/.test(segment)) {
    const prefixed = Array.isArray(node.prefixItems) ? node.prefixItems[Number(segment)] : undefined;
    if (prefixed !== undefined) children.push(prefixed);
    else if (isJsonObject(node.items)) children.push(node.items);
  }
  return children;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
