// fast-check arbitraries built from the request schemas of openapi.yaml: every value they
// generate is valid against the schema, so the property-based cases can claim that the API
// accepts *any* documented body, not just the examples. Read-only properties are never
// generated (requests do not carry them) and undocumented properties never either.
import fc from 'fast-check';
import { isJsonObject, resolveRef, type JsonObject } from '../../../../lib/spec/index.mjs';

// Bounds that keep bodies small (quick to send and to shrink) while still exercising every shape.
const EXTRA_ARRAY_ITEMS = 2;
const DATE_RANGE = { min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z') };

const STRING_FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  email: () => fc.emailAddress(),
  uri: () => fc.webUrl(),
  'date-time': () => fc.date({ ...DATE_RANGE, noInvalidDate: true }).map((date) => date.toISOString()),
  date: () => fc.date({ ...DATE_RANGE, noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
};

// Keywords whose meaning this generator does not implement: better a clear error than invalid bodies.
const UNSUPPORTED = ['not', 'if', 'patternProperties', 'dependentSchemas', 'uniqueItems', 'prefixItems', 'contains'];

/**
 * An arbitrary of values valid against `schema` (a node of `document`, possibly a `$ref`).
 * `where` names the schema in error messages.
 */
export function arbitraryFor(document: JsonObject, schema: unknown, where = 'schema'): fc.Arbitrary<unknown> {
  const { node, pointer } = resolveRef(document, schema, where);
  const at = pointer === where ? where : `${where} (${pointer})`;
  if (node === true || (isJsonObject(node) && Object.keys(node).length === 0)) return fc.jsonValue({ maxDepth: 2 });
  if (!isJsonObject(node)) throw new Error(`${at}: not a schema`);
  const unsupported = UNSUPPORTED.find((keyword) => keyword in node);
  if (unsupported) throw new Error(`${at}: no generator for the "${unsupported}" keyword`);

  if ('const' in node) return fc.constant(node.const);
  if (Array.isArray(node.enum)) return fc.constantFrom(...(node.enum as unknown[]));
  if (Array.isArray(node.allOf)) return arbitraryFor(document, mergeAllOf(document, node, at), at);
  const branches = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : undefined;
  if (branches) return fc.oneof(...branches.map((branch, index) => arbitraryFor(document, branch, `${at}/oneOf/${index}`)));
  if (Array.isArray(node.type)) {
    return fc.oneof(...node.type.map((type) => arbitraryFor(document, { ...node, type }, at)));
  }
  const type = node.type ?? (isJsonObject(node.properties) ? 'object' : undefined);
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer(integerBounds(node));
    case 'number':
      return fc.double({ ...doubleBounds(node), noNaN: true, noDefaultInfinity: true });
    case 'string':
      return stringArbitrary(node, at);
    case 'array':
      return arrayArbitrary(document, node, at);
    case 'object':
      return objectArbitrary(document, node, at);
    default:
      throw new Error(`${at}: no generator for type ${JSON.stringify(type)}`);
  }
}

function integerBounds(node: JsonObject): { min?: number; max?: number } {
  const bounds: { min?: number; max?: number } = {};
  if (typeof node.minimum === 'number') bounds.min = Math.ceil(node.minimum);
  if (typeof node.exclusiveMinimum === 'number') bounds.min = Math.floor(node.exclusiveMinimum) + 1;
  if (typeof node.maximum === 'number') bounds.max = Math.floor(node.maximum);
  if (typeof node.exclusiveMaximum === 'number') bounds.max = Math.ceil(node.exclusiveMaximum) - 1;
  return bounds;
}

function doubleBounds(node: JsonObject): { min?: number; max?: number; minExcluded?: boolean; maxExcluded?: boolean } {
  const bounds: { min?: number; max?: number; minExcluded?: boolean; maxExcluded?: boolean } = {};
  if (typeof node.minimum === 'number') bounds.min = node.minimum;
  if (typeof node.exclusiveMinimum === 'number') Object.assign(bounds, { min: node.exclusiveMinimum, minExcluded: true });
  if (typeof node.maximum === 'number') bounds.max = node.maximum;
  if (typeof node.exclusiveMaximum === 'number') Object.assign(bounds, { max: node.exclusiveMaximum, maxExcluded: true });
  return bounds;
}

function stringArbitrary(node: JsonObject, at: string): fc.Arbitrary<string> {
  const minLength = typeof node.minLength === 'number' ? node.minLength : 0;
  const maxLength = typeof node.maxLength === 'number' ? node.maxLength : undefined;
  let strings: fc.Arbitrary<string>;
  if (typeof node.pattern === 'string') {
    strings = fc.stringMatching(new RegExp(node.pattern, 'u'));
  } else if (typeof node.format === 'string') {
    const format = STRING_FORMATS[node.format];
    if (!format) throw new Error(`${at}: no generator for string format "${node.format}"`);
    strings = format();
  } else {
    return fc.string({ minLength, ...(maxLength === undefined ? {} : { maxLength }) });
  }
  // Patterns and formats say nothing about length; the rare schema that adds a length keeps its word.
  return strings.filter((value) => value.length >= minLength && (maxLength === undefined || value.length <= maxLength));
}

function arrayArbitrary(document: JsonObject, node: JsonObject, at: string): fc.Arbitrary<unknown[]> {
  const minLength = typeof node.minItems === 'number' ? node.minItems : 0;
  const maxLength = typeof node.maxItems === 'number' ? node.maxItems : minLength + EXTRA_ARRAY_ITEMS;
  const items = node.items === undefined ? fc.jsonValue({ maxDepth: 1 }) : arbitraryFor(document, node.items, `${at}/items`);
  return fc.array(items, { minLength, maxLength });
}

function objectArbitrary(document: JsonObject, node: JsonObject, at: string): fc.Arbitrary<unknown> {
  const properties = isJsonObject(node.properties) ? node.properties : {};
  const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    const resolved = resolveRef(document, property, `${at}/properties/${name}`).node;
    if (isJsonObject(resolved) && resolved.readOnly === true) {
      if (required.has(name)) throw new Error(`${at}: required property "${name}" is readOnly`);
      continue;
    }
    model[name] = arbitraryFor(document, property, `${at}/properties/${name}`);
  }
  const missing = [...required].filter((name) => !(name in model));
  if (missing.length > 0) throw new Error(`${at}: required properties without a schema: ${missing.join(', ')}`);
  return fc.record(model, { requiredKeys: [...required] });
}

/**
 * One schema equivalent to an `allOf`: the parts' keywords together, properties defined by
 * several parts combined in turn, required lists joined. Parts that disagree on a constraining
 * keyword are refused rather than guessed at.
 */
function mergeAllOf(document: JsonObject, node: JsonObject, at: string): JsonObject {
  const { allOf, ...own } = node;
  const merged: JsonObject = {};
  for (const [index, part] of [...(allOf as unknown[]), own].entries()) {
    let { node: resolved } = resolveRef(document, part, `${at}/allOf/${index}`);
    if (isJsonObject(resolved) && Array.isArray(resolved.allOf)) resolved = mergeAllOf(document, resolved, `${at}/allOf/${index}`);
    if (!isJsonObject(resolved)) throw new Error(`${at}/allOf/${index}: not a schema`);
    for (const [keyword, value] of Object.entries(resolved)) {
      if (keyword === 'properties' && isJsonObject(value)) {
        const properties = { ...(merged.properties as JsonObject | undefined) };
        for (const [name, schema] of Object.entries(value)) {
          properties[name] = name in properties ? { allOf: [properties[name], schema] } : schema;
        }
        merged.properties = properties;
      } else if (keyword === 'required' && Array.isArray(value)) {
        merged.required = [...(Array.isArray(merged.required) ? merged.required : []), ...value];
      } else if (!(keyword in merged) || ANNOTATIONS.has(keyword) || keyword.startsWith('x-')) {
        merged[keyword] ??= value;
      } else if (JSON.stringify(merged[keyword]) !== JSON.stringify(value)) {
        throw new Error(`${at}: the allOf parts disagree on "${keyword}"; no generator for that`);
      }
    }
  }
  return merged;
}

// Keywords that describe without constraining: parts may differ on them.
const ANNOTATIONS = new Set(['description', 'title', 'example', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'default']);
