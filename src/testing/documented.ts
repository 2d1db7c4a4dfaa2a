// A request value as the mock keeps it: only the properties the contract documents for it, at every
// depth. A server ignores what it does not know; the mock must in addition never answer it back,
// since none of its answers may hold a property the contract does not document.
import { isJsonObject, type JsonObject } from '../../lib/spec/json-pointer.mjs';
import { applicableSchemas } from '../contract/judge/schema-branches.js';

/** A copy of `value` without what `schemas` (all of which apply to it) leave undocumented. */
export function documentedOnly(document: JsonObject, schemas: readonly unknown[], value: unknown): unknown {
  // Where it is unclear which branch of a oneOf the value means, whatever any branch documents stays.
  const nodes = applicableSchemas(document, schemas, value, 'all');
  if (Array.isArray(value)) {
    const items = nodes.flatMap((node) => (node.items === undefined ? [] : [node.items]));
    return items.length === 0 ? [...value] : value.map((item) => documentedOnly(document, items, item));
  }
  if (!isJsonObject(value)) return value;
  const kept: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const childSchemas = nodes.flatMap((node) => propertySchemas(node, key));
    if (childSchemas.length > 0) kept[key] = documentedOnly(document, childSchemas, child);
  }
  return kept;
}

/** The schema of a property a node documents: by name, or every name of a map (`additionalProperties` a schema). */
function propertySchemas(node: JsonObject, key: string): unknown[] {
  if (isJsonObject(node.properties) && Object.hasOwn(node.properties, key)) return [node.properties[key]];
  return isJsonObject(node.additionalProperties) ? [node.additionalProperties] : [];
}
