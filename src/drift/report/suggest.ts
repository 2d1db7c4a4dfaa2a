// A suggested change of openapi.yaml per breaking finding: the smallest edit that makes what the
// server answered valid, at the node the finding names (the named component when the value came
// through a `$ref`), as a YAML fragment, with the register entry to update. It is advice for the
// person who settles the drift (README, "From finding to decision"); nothing here edits the spec.
//
// Suggestions are worked out one after another on a copy of the spec, so two findings on one node
// (two new enum values) give two suggestions of which the later includes the earlier: applying
// every suggestion of a run in order makes every one of its answers valid.
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { stringify } from 'yaml';
import { MASK } from '../../internal/secrets.js';
import type { Finding } from '../../contract/judge/findings.js';
import { escapeSegment, isJsonObject, parsePointer, toPointer, valueAt, type JsonObject } from '../../../lib/spec/index.mjs';
import { jsonType } from '../../contract/judge/schema-findings.js';
import type { ContractSpec } from '../../contract/spec/contract-spec.js';
import { responseValidatorFor } from '../../contract/judge/validator.js';

export interface Suggestion {
  /** The node to change or add, as a JSON pointer in a URI fragment: `#/components/schemas/X/enum`. */
  pointer: string;
  /** That node after the change, under its own key, as YAML. */
  yaml: string;
  /** The register entry whose decision the change revises, or the id a new entry would take. */
  register: { update: string[] } | { add: string };
  /** The change in a few words. */
  change: string;
  /**
   * House rules of `npm run lint` the spec would break with the change (`rule: message`): the
   * spec decided otherwise on purpose, so settle it in the register before changing the rule.
   */
  lint?: string[];
}

/** Why no change of the spec is suggested for a finding. */
export interface NoSuggestion {
  none: string;
}

/** One answer a finding was seen in, and where in it (another list item than the finding's own). */
export interface ObservedAnswer {
  responseHeaders: Record<string, string>;
  responseBody: string;
  location?: string;
}

interface Edit {
  /** JSON pointer (without `#`). */
  pointer: string;
  value: unknown;
  change: string;
}

const BEHAVIOUR = 'a behaviour of the server, not the shape of one answer: settle it in the register, then in the cases';

/** A suggestion (or why none) for each finding, in order; findings other than breaking ones get `undefined`. */
export function suggestSpecChanges(
  items: readonly { finding: Finding; answers: readonly ObservedAnswer[] }[],
  spec: ContractSpec,
  registerIds: readonly string[],
): (Suggestion | NoSuggestion | undefined)[] {
  const working = structuredClone(spec.document);
  const next = `D${Math.max(0, ...registerIds.map((id) => Number(id.slice(1)) || 0)) + 1}`;
  return items.map(({ finding, answers }) => {
    if (finding.severity !== 'breaking') return undefined;
    const edit = editFor(finding, answers, working, spec);
    if ('none' in edit) return edit;
    const marks = registerOf(working, edit.pointer, finding.schema);
    setAt(working, edit.pointer, edit.value);
    const key = parsePointer(edit.pointer).at(-1) ?? '';
    return {
      pointer: `#${edit.pointer}`,
      yaml: stringify({ [key]: edit.value }, { lineWidth: 0 }),
      register: marks.length > 0 ? { update: marks } : { add: next },
      change: edit.change,
    };
  });
}

function editFor(finding: Finding, answers: readonly ObservedAnswer[], document: JsonObject, spec: ContractSpec): Edit | NoSuggestion {
  const schemaPointer = finding.schema;
  const node = schemaPointer === undefined ? undefined : valueAt(document, schemaPointer);
  const bodyPointer = bodyPointerOf(finding.location);
  const values = answers.flatMap((answer) => {
    const pointer = bodyPointerOf(answer.location ?? finding.location);
    return pointer === undefined ? [] : [valueAt(parseJson(answer.responseBody), pointer)];
  });
  switch (finding.kind) {
    case 'missing-required': {
      const name = parsePointer(bodyPointer ?? '').at(-1) ?? '';
      if (!isJsonObject(node) || !Array.isArray(node.required) || !node.required.includes(name)) return unlocated(finding);
      return { pointer: `${schemaPointer}/required`, value: node.required.filter((item) => item !== name), change: `"${name}" is no longer required` };
    }
    case 'type-mismatch':
      return isJsonObject(node) ? typeEdit(schemaPointer ?? '', node, values) : unlocated(finding);
    case 'enum-mismatch':
      return isJsonObject(node) ? enumEdit(schemaPointer ?? '', node, values) : unlocated(finding);
    case 'format-mismatch':
      return isJsonObject(node) ? formatEdit(schemaPointer ?? '', node, values) : unlocated(finding);
    case 'constraint-violation':
      return isJsonObject(node) ? constraintEdit(schemaPointer ?? '', node, finding, values) : unlocated(finding);
    case 'composition-mismatch': {
      if (!isJsonObject(node) || !Array.isArray(node.oneOf) || !/^matches .+ and /.test(finding.actual)) {
        return { none: 'the body matches none of the branches: which one it should match is a decision for a person' };
      }
      const { oneOf, ...rest } = node;
      return { pointer: schemaPointer ?? '', value: { ...rest, anyOf: oneOf }, change: 'oneOf becomes anyOf: the body matches more than one branch' };
    }
    case 'undocumented-status':
      return { pointer: `${schemaPointer}/${finding.status}`, value: responseFor(answers, document, spec), change: `document status ${finding.status}` };
    case 'content-type-mismatch':
      return contentEdit(finding, answers, node, schemaPointer ?? '');
    case 'header-missing':
      if (finding.location === 'response.header/content-type') {
        return { none: 'the JSON answer names no content type; HTTP requires one, so no spec change settles this' };
      }
      return isJsonObject(node) ? { pointer: `${schemaPointer}/required`, value: false, change: `the header is no longer required` } : unlocated(finding);
    case 'body-unparseable':
      return { none: 'the body is not the JSON its content type promises; no spec change settles this' };
    case 'server-error':
      return { none: 'a server fault: the spec documents no 5xx that a client could act on' };
    default:
      return { none: BEHAVIOUR };
  }
}

function bodyPointerOf(location: string): string | undefined {
  return location.startsWith('response.body') ? location.slice('response.body'.length) : undefined;
}

/**
 * The register entries of the node a change edits: its own `x-discrepancy`, or that of a node
 * between it and the spec node of the finding. A mark further up is about something else.
 */
function registerOf(document: JsonObject, edited: string, schema: string | undefined): string[] {
  const segments = parsePointer(edited);
  const floor = schema === undefined ? segments.length : parsePointer(schema).length;
  for (let length = segments.length; length >= Math.min(floor, segments.length); length -= 1) {
    const node = valueAt(document, toPointer(segments.slice(0, length)));
    const marks = isJsonObject(node) && Array.isArray(node['x-discrepancy']) ? node['x-discrepancy'].filter((id): id is string => typeof id === 'string') : [];
    if (marks.length > 0) return marks;
  }
  return [];
}

function unlocated(finding: Finding): NoSuggestion {
  return { none: `the spec node of ${finding.location} could not be located` };
}

function typeEdit(pointer: string, node: JsonObject, values: unknown[]): Edit {
  const types = [node.type].flat().filter((type): type is string => typeof type === 'string');
  const added = [...new Set(values.map(jsonType))].filter((type) => !types.includes(type) && !(type === 'integer' && types.includes('number')));
  const type = [...types, ...added];
  const change = `also allow ${added.join(', ')}`;
  // A nullable enum lists null too (Prism and JSON Schema both need it).
  if (Array.isArray(node.enum) && added.includes('null') && !node.enum.includes(null)) {
    return { pointer, value: { ...node, type, enum: [...node.enum, null] }, change };
  }
  return { pointer: `${pointer}/type`, value: type.length === 1 ? type[0] : type, change };
}

function enumEdit(pointer: string, node: JsonObject, values: unknown[]): Edit | NoSuggestion {
  if (values.some((value) => value === MASK)) return { none: 'the value is masked in the recorded answer' };
  const listed: unknown[] = Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const] : [];
  const added = [...new Set(values.map((value) => JSON.stringify(value)))].map((text) => JSON.parse(text) as unknown)
    .filter((value) => !listed.some((item) => JSON.stringify(item) === JSON.stringify(value)));
  const change = `add ${added.map((value) => JSON.stringify(value)).join(', ')}`;
  if (Array.isArray(node.enum)) return { pointer: `${pointer}/enum`, value: [...node.enum, ...added], change };
  const { const: _, ...rest } = node;
  return { pointer, value: { ...rest, enum: [...listed, ...added] }, change };
}

/** Formats tried in place of one the values break, before the format is dropped. */
const FORMAT_CANDIDATES = ['date-time', 'date', 'time', 'uri', 'email', 'uuid', 'hostname', 'ipv4', 'ipv6'];

function formatEdit(pointer: string, node: JsonObject, values: unknown[]): Edit {
  const strings = values.filter((value): value is string => typeof value === 'string');
  const fits = FORMAT_CANDIDATES.find((name) => name !== node.format && strings.length > 0 && strings.every((value) => formatHolds(name, value)));
  if (fits) return { pointer: `${pointer}/format`, value: fits, change: `format ${String(node.format)} becomes ${fits}` };
  const { format, ...rest } = node;
  return { pointer, value: rest, change: `drop format ${String(format)}` };
}

function formatHolds(name: string, value: string): boolean {
  const format = (fullFormats as Record<string, unknown>)[name];
  const check = isJsonObject(format) ? format.validate : format;
  if (check instanceof RegExp) return check.test(value);
  return typeof check === 'function' ? Boolean((check as (text: string) => boolean)(value)) : false;
}

/** Limits relaxed to what was observed; any other constraint is dropped. */
const LIMITS: Record<string, { measure: (value: unknown) => number | undefined; pick: (a: number, b: number) => number }> = {
  minimum: { measure: numberOf, pick: Math.min },
  maximum: { measure: numberOf, pick: Math.max },
  minLength: { measure: (value) => (typeof value === 'string' ? [...value].length : undefined), pick: Math.min },
  maxLength: { measure: (value) => (typeof value === 'string' ? [...value].length : undefined), pick: Math.max },
  minItems: { measure: (value) => (Array.isArray(value) ? value.length : undefined), pick: Math.min },
  maxItems: { measure: (value) => (Array.isArray(value) ? value.length : undefined), pick: Math.max },
  minProperties: { measure: (value) => (isJsonObject(value) ? Object.keys(value).length : undefined), pick: Math.min },
  maxProperties: { measure: (value) => (isJsonObject(value) ? Object.keys(value).length : undefined), pick: Math.max },
};

function constraintEdit(pointer: string, node: JsonObject, finding: Finding, values: unknown[]): Edit | NoSuggestion {
  // The validator writes a constraint's `expected` as `<keyword> <value>` (schema-findings.ts).
  const keyword = /^(\w+) /.exec(finding.expected)?.[1];
  if (keyword === undefined || !(keyword in node)) return unlocated(finding);
  const limit = LIMITS[keyword];
  const measured = values.map((value) => limit?.measure(value)).filter((value): value is number => value !== undefined);
  if (limit && typeof node[keyword] === 'number' && measured.length > 0) {
    const relaxed = measured.reduce(limit.pick, node[keyword]);
    return { pointer: `${pointer}/${keyword}`, value: relaxed, change: `${keyword} ${String(node[keyword])} becomes ${relaxed}` };
  }
  const { [keyword]: dropped, ...rest } = node;
  return { pointer, value: rest, change: `drop ${keyword} ${JSON.stringify(dropped)}` };
}

function contentEdit(finding: Finding, answers: readonly ObservedAnswer[], node: unknown, pointer: string): Edit | NoSuggestion {
  const contentType = answers.map((answer) => mediaTypeOf(answer)).find(Boolean);
  if (!contentType) return { none: 'the answer names no content type to document' };
  const bodies = answers.map((answer) => parseJson(answer.responseBody));
  const json = bodies.every((body) => body !== undefined);
  if (finding.expected === 'no body') {
    return { pointer: `${pointer}/content`, value: { [contentType]: { schema: inferSchema(bodies) } }, change: `document a ${contentType} body` };
  }
  const documented = isJsonObject(node) ? Object.values(node).find((media) => isJsonObject(media) && media.schema !== undefined) : undefined;
  const schema = json && isJsonObject(documented) ? documented.schema : json ? inferSchema(bodies) : { type: 'string' };
  return { pointer: `${pointer}/${escapeSegment(contentType)}`, value: { schema }, change: `also document ${contentType}` };
}

/** A response object for an undocumented status: a shared response the body fits, else one described from it. */
function responseFor(answers: readonly ObservedAnswer[], document: JsonObject, spec: ContractSpec): JsonObject {
  const description = 'Seen by a drift run; say what it means.';
  const contentType = answers.map((answer) => mediaTypeOf(answer)).find(Boolean);
  if (!contentType || answers.every((answer) => answer.responseBody.trim() === '')) return { description };
  const bodies = answers.map((answer) => parseJson(answer.responseBody));
  if (bodies.some((body) => body === undefined)) return { description, content: { [contentType]: { schema: { type: 'string' } } } };
  const validator = responseValidatorFor(spec);
  const shared = isJsonObject(document.components) && isJsonObject(document.components.responses) ? document.components.responses : {};
  for (const [name, response] of Object.entries(shared)) {
    const media = isJsonObject(response) && isJsonObject(response.content) ? response.content[contentType] : undefined;
    if (!isJsonObject(media) || media.schema === undefined) continue;
    const schemaPointer = toPointer(['components', 'responses', name, 'content', contentType, 'schema']);
    const fits = bodies.every((body) => validator.schemaAt(schemaPointer, { strict: true })(body));
    if (fits) return { $ref: `#/components/responses/${name}` };
  }
  return { description, content: { [contentType]: { schema: inferSchema(bodies), example: bodies[0] } } };
}

/** The schema of the values as observed: their types, every property seen, the items of arrays. */
function inferSchema(values: unknown[]): JsonObject {
  const types = [...new Set(values.map(jsonType))];
  const type = types.includes('number') ? types.filter((item) => item !== 'integer') : types;
  const schema: JsonObject = { type: type.length === 1 ? type[0] : type };
  const objects = values.filter(isJsonObject);
  if (objects.length > 0) {
    const names = [...new Set(objects.flatMap((object) => Object.keys(object)))];
    schema.properties = Object.fromEntries(names.map((name) => [name, inferSchema(objects.flatMap((object) => (name in object ? [object[name]] : [])))]));
  }
  const items = values.filter(Array.isArray).flat();
  if (items.length > 0) schema.items = inferSchema(items);
  return schema;
}

function mediaTypeOf(answer: ObservedAnswer): string | undefined {
  const header = Object.entries(answer.responseHeaders).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return header?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Sets (or adds) the value at a pointer of a plain document; every parent must exist. */
export function setAt(document: JsonObject, pointer: string, value: unknown): void {
  const segments = parsePointer(pointer);
  const key = segments.pop();
  const parent = valueAt(document, toPointer(segments));
  if (key === undefined || !(isJsonObject(parent) || Array.isArray(parent))) throw new Error(`cannot set ${pointer}: its parent does not exist`);
  (parent as Record<string, unknown>)[key] = value;
}
