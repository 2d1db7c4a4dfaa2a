// Strict mode: report properties the spec does not document.
//
// Why `unevaluatedProperties: false` and not `additionalProperties: false` or a hand-written
// walk: `additionalProperties` only sees the `properties` next to it, so it rejects every
// property that an `allOf` part, a `$ref` target or the matching `oneOf` branch documents.
// `unevaluatedProperties` (JSON Schema 2020-12) sees every property evaluated by any
// *successful* subschema at the same location, so it is correct for $ref/allOf/oneOf/anyOf
// by definition, and ajv implements it. We therefore copy the document and add
// `unevaluatedProperties: false` to every schema in a *value position* (a response body,
// a property value, an array item), and never to the root of a composition branch or of a
// component definition, where it would reject what the sibling branches document.
// Schemas that already say `additionalProperties` (maps, or already closed) are left alone.
// The copy keeps every JSON pointer of the original, so findings point at the same nodes.
import { isJsonObject, type JsonObject } from '../../../lib/spec/json-pointer.mjs';

/** Keywords whose subschemas describe a child value (property or item). */
const VALUE_KEYWORDS_SINGLE = ['items', 'additionalProperties'];
const VALUE_KEYWORDS_MAP = ['properties', 'patternProperties'];
const VALUE_KEYWORDS_LIST = ['prefixItems'];
/** Keywords whose subschemas apply to the same value (branches, definitions, conditions). */
const SAME_VALUE_KEYWORDS_SINGLE = ['not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems'];
const SAME_VALUE_KEYWORDS_MAP = ['$defs', 'dependentSchemas'];
const SAME_VALUE_KEYWORDS_LIST = ['allOf', 'oneOf', 'anyOf'];

/** A copy of the OpenAPI document whose response schemas forbid undocumented properties. */
export function withUndocumentedPropertiesForbidden(document: JsonObject): JsonObject {
  const copy = structuredClone(document);
  const components = isJsonObject(copy.components) ? copy.components : {};
  if (isJsonObject(components.schemas)) {
    for (const [name, schema] of Object.entries(components.schemas)) {
      components.schemas[name] = strictSchema(schema, false);
    }
  }
  const responseObjects: unknown[] = isJsonObject(components.responses) ? Object.values(components.responses) : [];
  for (const pathItem of Object.values(isJsonObject(copy.paths) ? copy.paths : {})) {
    if (!isJsonObject(pathItem)) continue;
    for (const operation of Object.values(pathItem)) {
      if (isJsonObject(operation) && isJsonObject(operation.responses)) {
        responseObjects.push(...Object.values(operation.responses));
      }
    }
  }
  for (const response of responseObjects) {
    if (!isJsonObject(response) || !isJsonObject(response.content)) continue;
    for (const media of Object.values(response.content)) {
      if (isJsonObject(media) && media.schema !== undefined) media.schema = strictSchema(media.schema, true);
    }
  }
  return copy;
}

function strictSchema(schema: unknown, valuePosition: boolean): unknown {
  if (!isJsonObject(schema)) return schema;
  const result: JsonObject = { ...schema };
  for (const keyword of VALUE_KEYWORDS_SINGLE) {
    if (isJsonObject(result[keyword])) result[keyword] = strictSchema(result[keyword], true);
  }
  for (const keyword of SAME_VALUE_KEYWORDS_SINGLE) {
    if (isJsonObject(result[keyword])) result[keyword] = strictSchema(result[keyword], false);
  }
  for (const [keywords, valueKind] of [
    [VALUE_KEYWORDS_MAP, true],
    [SAME_VALUE_KEYWORDS_MAP, false],
  ] as const) {
    for (const keyword of keywords) {
      const map = result[keyword];
      if (!isJsonObject(map)) continue;
      result[keyword] = Object.fromEntries(
        Object.entries(map).map(([name, child]) => [name, strictSchema(child, valueKind)]),
      );
    }
  }
  for (const [keywords, valueKind] of [
    [VALUE_KEYWORDS_LIST, true],
    [SAME_VALUE_KEYWORDS_LIST, false],
  ] as const) {
    for (const keyword of keywords) {
      const list = result[keyword];
      if (Array.isArray(list)) result[keyword] = list.map((child) => strictSchema(child, valueKind));
    }
  }
  const alreadyDecided = 'additionalProperties' in result || 'unevaluatedProperties' in result;
  if (valuePosition && !alreadyDecided) result.unevaluatedProperties = false;
  return result;
}
