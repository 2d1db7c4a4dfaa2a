// Invalid requests derived from openapi.yaml: each takes an operation's documented example and
// breaks exactly one documented constraint (a required property, a type, an enum, a pattern, a
// format, a length, a bound, an item count, a closed object). The negative cases send them and
// expect a refusal, which proves each constraint is really in the spec and enforced by the mock.
import { exampleInput, type CallInput } from '../../../../src/contract/run/client-calls.js';
import { escapeSegment, examplesOf, isJsonObject, operationParameters, resolveRef, toPointer, type JsonObject } from '../../../../lib/spec/index.mjs';
import type { ContractSpec } from '../../../../src/contract/spec/contract-spec.js';

export interface RequestMutation {
  /** What is broken, e.g. `body "fullOffer" /items/0/description: missing`. */
  title: string;
  /** The broken keyword: required, type, enum, pattern, format, minLength, minimum, ... */
  constraint: string;
  input: CallInput;
}

/** Whether `value` is valid against the schema at a JSON pointer of the spec. */
export type SchemaCheck = (pointer: string, value: unknown) => boolean;

interface SchemaRef {
  node: unknown;
  pointer: string;
}

interface Change {
  path: (string | number)[];
  constraint: string;
  what: string;
  /** The new value; `undefined` removes the property. */
  value: unknown;
}

const INVALID_FORMAT_VALUES: Record<string, string> = {
  email: 'not-an-email',
  uri: 'not a uri',
  'date-time': 'not-a-date-time',
  date: 'not-a-date',
};
const NOT_IN_ENUM = 'NOT_DOCUMENTED';
const NOT_MATCHING_CANDIDATES = ['!', 'not matching', '0'];
const UNDOCUMENTED_PROPERTY = 'undocumentedProperty';

/** One mutation per broken constraint of each documented request body example of the operation. */
export function bodyMutations(spec: ContractSpec, operationId: string, isValid: SchemaCheck): RequestMutation[] {
  const operation = spec.operation(operationId);
  const requestBody = resolveRef(spec.document, operation.node.requestBody, `${operation.pointer}/requestBody`);
  if (!isJsonObject(requestBody.node) || !isJsonObject(requestBody.node.content)) return [];
  const media = requestBody.node.content['application/json'];
  if (!isJsonObject(media)) return [];
  const schemaPointer = `${requestBody.pointer}/content/application~1json/schema`;
  const base = exampleInput(spec, operationId);

  return examplesOf(spec.document, media, `${requestBody.pointer}/content/application~1json`).flatMap(({ name, value }) => {
    if (!isValid(schemaPointer, value)) {
      throw new Error(`${operationId}: the request example ${name ?? ''} is invalid against its own schema; fix openapi.yaml`);
    }
    const changes: Change[] = [];
    walk(spec.document, isValid, { node: media.schema, pointer: schemaPointer }, value, [], changes);
    const label = name === undefined ? 'body' : `body "${name}"`;
    return unique(changes)
      .map((change) => ({
        title: `${label} ${toPointer(change.path) || '/'}: ${change.what}`,
        constraint: change.constraint,
        input: { ...base, body: applyChange(value, change) },
      }))
      .filter((mutation) => !isValid(schemaPointer, mutation.input.body));
  });
}

/**
 * One mutation per broken constraint of each query parameter (the operations declare no header
 * parameters: register D24). Length constraints are left out: Prism treats an empty query value as
 * absent. Path parameters are left out too: the client's own guard refuses the only invalid value (empty).
 */
export function parameterMutations(spec: ContractSpec, operationId: string, isValid: SchemaCheck): RequestMutation[] {
  const base = exampleInput(spec, operationId);
  return operationParameters(spec.document, spec.operation(operationId).pointer).flatMap(({ node, pointer }) => {
    if (node.in !== 'query') return [];
    const name = String(node.name);
    const schema = { node: node.schema, pointer: `${pointer}/schema` };
    return parameterValues(spec.document, schema)
      .filter(({ value }) => !isValid(schema.pointer, value))
      .map(({ constraint, what, value }) => ({
        title: `query ${name}: ${what}`,
        constraint,
        input: { ...base, params: { ...base.params, query: { ...base.params.query, [name]: value } } },
      }));
  });
}

function parameterValues(document: JsonObject, schema: SchemaRef): Omit<Change, 'path'>[] {
  const { node } = resolveRef(document, schema.node, schema.pointer);
  if (!isJsonObject(node)) return [];
  if (node.type === 'array' && node.items !== undefined) {
    const items = resolveRef(document, node.items, `${schema.pointer}/items`).node;
    return isJsonObject(items)
      ? keywordChanges([items]).map((change) => ({ ...change, value: [change.value] }))
      : [];
  }
  const wrongType = node.type === 'integer' || node.type === 'number'
    ? [{ constraint: 'type', what: `"not-a-number" instead of ${node.type}`, value: 'not-a-number' }]
    : [];
  return [...wrongType, ...keywordChanges([node])];
}

/** Records every single-constraint change of `value` (at `path`) and of everything inside it. */
function walk(
  document: JsonObject,
  isValid: SchemaCheck,
  schema: SchemaRef,
  value: unknown,
  path: (string | number)[],
  changes: Change[],
): void {
  const nodes = applicableNodes(document, isValid, schema, value);
  const ownChanges = keywordChanges(nodes.map((entry) => entry.node as JsonObject), value);
  changes.push(...ownChanges.map((change) => ({ ...change, path })));

  if (isJsonObject(value)) {
    const properties = new Map<string, SchemaRef>();
    const required = new Set<string>();
    let closed = false;
    for (const { node, pointer } of nodes as { node: JsonObject; pointer: string }[]) {
      if (isJsonObject(node.properties)) {
        for (const [name, property] of Object.entries(node.properties)) {
          properties.set(name, { node: property, pointer: `${pointer}/properties/${escapeSegment(name)}` });
        }
      }
      for (const name of asArray(node.required)) required.add(String(name));
      // Only additionalProperties: Prism 5 accepts properties that `unevaluatedProperties: false`
      // forbids, so the mock cannot show that constraint (AccountDestination) enforced.
      closed ||= node.additionalProperties === false;
    }
    for (const name of required) {
      if (name in value) changes.push({ path: [...path, name], constraint: 'required', what: 'missing', value: undefined });
    }
    if (closed) {
      changes.push({ path: [...path, UNDOCUMENTED_PROPERTY], constraint: 'additionalProperties', what: 'undocumented property', value: 'x' });
    }
    for (const [name, child] of Object.entries(value)) {
      const property = properties.get(name);
      if (!property) continue;
      changes.push(...wrongType(document, property, [...path, name]));
      walk(document, isValid, property, child, [...path, name], changes);
    }
  } else if (Array.isArray(value) && value.length > 0) {
    const items = nodes
      .map(({ node, pointer }) => ({ node: (node as JsonObject).items, pointer: `${pointer}/items` }))
      .find((entry) => entry.node !== undefined);
    if (items) {
      changes.push(...wrongType(document, items, [...path, 0]));
      walk(document, isValid, items, value[0], [...path, 0], changes);
    }
  }
}

/** The schema nodes whose keywords apply to `value`: $ref targets, allOf parts, the oneOf branch it matches. */
function applicableNodes(document: JsonObject, isValid: SchemaCheck, schema: SchemaRef, value: unknown): SchemaRef[] {
  const result: SchemaRef[] = [];
  const pending: SchemaRef[] = [schema];
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const entry = resolveRef(document, next.node, next.pointer);
    const node = entry.node;
    if (!isJsonObject(node)) continue;
    result.push(entry);
    asArray(node.allOf).forEach((part, index) => pending.push({ node: part, pointer: `${entry.pointer}/allOf/${index}` }));
    const keyword = Array.isArray(node.oneOf) ? 'oneOf' : Array.isArray(node.anyOf) ? 'anyOf' : undefined;
    if (keyword) {
      const branches = asArray(node[keyword]).map((branch, index) =>
        resolveRef(document, branch, `${entry.pointer}/${keyword}/${index}`),
      );
      const matching = branches.find((branch) => isValid(branch.pointer, value));
      if (!matching) throw new Error(`The example value at ${entry.pointer} matches no ${keyword} branch`);
      pending.push(matching);
    }
  }
  return result;
}

/**
 * Changes that break one keyword of `nodes`. For a body `value` only keywords of its own JSON
 * type count; for a parameter (no value) every keyword counts except lengths and item counts,
 * which a query or header value cannot show (see parameterMutations).
 */
function keywordChanges(nodes: JsonObject[], value?: unknown): Omit<Change, 'path'>[] {
  const changes: Omit<Change, 'path'>[] = [];
  const parameter = value === undefined;
  const is = (type: string) => parameter || (type === 'array' ? Array.isArray(value) : typeof value === type);
  for (const node of nodes) {
    if (Array.isArray(node.enum) && node.enum.every((entry) => typeof entry === 'string')) {
      changes.push({ constraint: 'enum', what: `"${NOT_IN_ENUM}" is not in the enum`, value: NOT_IN_ENUM });
    }
    if (typeof node.pattern === 'string' && is('string')) {
      const pattern = new RegExp(node.pattern, 'u');
      const candidate = NOT_MATCHING_CANDIDATES.find((text) => !pattern.test(text));
      if (candidate !== undefined) {
        changes.push({ constraint: 'pattern', what: `"${candidate}" does not match ${node.pattern}`, value: candidate });
      }
    }
    const invalidFormat = typeof node.format === 'string' ? INVALID_FORMAT_VALUES[node.format] : undefined;
    if (invalidFormat !== undefined && is('string')) {
      changes.push({ constraint: 'format', what: `"${invalidFormat}" is no ${String(node.format)}`, value: invalidFormat });
    }
    if (typeof node.minLength === 'number' && node.minLength > 0 && !parameter && is('string')) {
      changes.push({ constraint: 'minLength', what: `shorter than ${node.minLength}`, value: 'x'.repeat(node.minLength - 1) });
    }
    if (typeof node.maxLength === 'number' && !parameter && is('string')) {
      changes.push({ constraint: 'maxLength', what: `longer than ${node.maxLength}`, value: 'x'.repeat(node.maxLength + 1) });
    }
    if (typeof node.minimum === 'number' && is('number')) {
      changes.push({ constraint: 'minimum', what: `${node.minimum - 1}, below the minimum ${node.minimum}`, value: node.minimum - 1 });
    }
    if (typeof node.maximum === 'number' && is('number')) {
      changes.push({ constraint: 'maximum', what: `${node.maximum + 1}, above the maximum ${node.maximum}`, value: node.maximum + 1 });
    }
    if (typeof node.minItems === 'number' && node.minItems > 0 && Array.isArray(value)) {
      changes.push({ constraint: 'minItems', what: `fewer than ${node.minItems} items`, value: value.slice(0, node.minItems - 1) });
    }
    if (typeof node.maxItems === 'number' && Array.isArray(value) && value.length > 0) {
      const tooMany = Array.from({ length: node.maxItems + 1 }, () => value[0]);
      changes.push({ constraint: 'maxItems', what: `more than ${node.maxItems} items`, value: tooMany });
    }
  }
  return changes;
}

/** A value of a JSON type the schema does not allow, if the schema names its types. */
function wrongType(document: JsonObject, schema: SchemaRef, path: (string | number)[]): Change[] {
  const allowed = allowedTypes(document, schema.node, schema.pointer);
  if (allowed.size === 0) return [];
  const [type, value] = !allowed.has('string')
    ? ['string', 'wrong-type']
    : !allowed.has('number') && !allowed.has('integer')
      ? ['number', 12345]
      : ['boolean', true];
  if (allowed.has(type)) return [];
  return [{ path, constraint: 'type', what: `a ${type} instead of ${[...allowed].join(' or ')}`, value }];
}

/** The JSON types a schema admits, as far as its `type`, `enum` and compositions say; empty if unknown. */
function allowedTypes(document: JsonObject, schema: unknown, pointer: string): Set<string> {
  const { node } = resolveRef(document, schema, pointer);
  if (!isJsonObject(node)) return new Set();
  if (Array.isArray(node.type)) return new Set(node.type.map(String));
  if (typeof node.type === 'string') return new Set([node.type]);
  if (Array.isArray(node.enum)) return new Set(node.enum.map((entry) => (entry === null ? 'null' : typeof entry)));
  const parts = [...asArray(node.oneOf), ...asArray(node.anyOf), ...asArray(node.allOf)];
  const types = parts.map((part) => allowedTypes(document, part, pointer));
  if (types.length === 0 || types.some((set) => set.size === 0)) return new Set();
  return new Set(types.flatMap((set) => [...set]));
}

/** A deep copy of `root` with one change applied. */
function applyChange(root: unknown, change: Change): unknown {
  if (change.path.length === 0) return change.value;
  const copy = structuredClone(root);
  let parent: unknown = copy;
  for (const segment of change.path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[segment];
  const last = change.path[change.path.length - 1] as string | number;
  const container = parent as Record<string | number, unknown>;
  if (change.value === undefined) delete container[last];
  else container[last] = change.value;
  return copy;
}

/** The first change per (location, constraint): a keyword repeated through $ref and allOf counts once. */
function unique(changes: Change[]): Change[] {
  const seen = new Set<string>();
  return changes.filter((change) => {
    const key = `${toPointer(change.path)} ${change.constraint}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
