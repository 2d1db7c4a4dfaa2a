// A request as the mock's operations take it: the operation it calls (whatever origin and base
// path come before the operation's path), its path parameters, its query and its body, each
// checked against openapi.yaml and refused with a 400 that names what is wrong, as a server that
// validates its input answers.
import { isJsonObject, valueAt, type JsonObject } from '../../lib/spec/json-pointer.mjs';
import { operationParameters } from '../../lib/spec/parameters.mjs';
import { matchTemplate } from '../../lib/spec/path-template.mjs';
import { resolveRef } from '../../lib/spec/refs.mjs';
import type { BodyIssue } from '../contract/judge/schema-findings.js';
import type { ResponseValidator } from '../contract/judge/validator.js';
import type { ContractSpec, Operation } from '../contract/spec/spec-from-document.js';
import { documentedOnly } from './documented.js';
import { problem, type MockReply } from './replies.js';

export interface MockRequest {
  params: Record<string, string>;
  /** The query values the operation documents, typed as their schemas say (arrays split on commas). */
  query: Record<string, unknown>;
  /** The JSON body without what the contract does not document; undefined when none was sent. */
  body: unknown;
}

export interface Route {
  operation: Operation;
  /** The request path from the operation's path on, e.g. `/payments/67a0` of `/sandbox/payments/67a0`. */
  path: string;
}

/** The operation a request path ends with: the longest tail of the path that is an operation's path. */
export function route(spec: ContractSpec, method: string, pathname: string): Route | undefined {
  for (let start = 0; start >= 0; start = pathname.indexOf('/', start + 1)) {
    const path = pathname.slice(start);
    const operation = spec.findOperation(method, path);
    if (operation) return { operation, path };
  }
  return undefined;
}

type Checked = { request: MockRequest; refusal?: never } | { refusal: MockReply; request?: never };

/** The request the operation gets, or the 400 it is refused with. */
export function checkRequest(
  spec: ContractSpec,
  validator: ResponseValidator,
  { operation, path }: Route,
  url: URL,
  headers: Headers,
  bodyText: string,
): Checked {
  const { document } = spec;
  const sent = matchTemplate(operation.path, path)?.params ?? {};
  const request: MockRequest = { params: {}, query: {}, body: undefined };
  for (const { node, pointer } of operationParameters(document, operation.pointer)) {
    const name = String(node.name);
    const where = `${String(node.in)} parameter ${name}`;
    const raw = node.in === 'path' ? decoded(sent[name]) : node.in === 'query' ? queryValue(url, name) : (headers.get(name) ?? undefined);
    if (raw === null) return refused(`${where} is not valid percent-encoding`);
    if (raw === undefined) {
      if (node.required === true) return refused(`${where} is required`, 'missingParam');
      continue;
    }
    const schemaPointer = `${pointer}/schema`;
    const value = coerce(raw, resolveRef(document, valueAt(document, schemaPointer), schemaPointer).node);
    const issues = validator.issuesAt(schemaPointer, value);
    if (issues.length > 0) return refused(`${where} is invalid: ${describe(issues, name)}`);
    if (node.in === 'path') request.params[name] = String(value);
    if (node.in === 'query') request.query[name] = value;
  }
  const media = requestMedia(document, operation);
  if (!media) return { request };
  if (bodyText.trim() === '') return media.required ? refused('a JSON request body is required', 'missingParam') : { request };
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return refused('the request body is not JSON', 'parsingResource');
  }
  const issues = validator.issuesAt(media.schemaPointer, body);
  if (issues.length > 0) {
    const lacking = issues.map((issue) => lackingPerForm(document, issue, body)).filter((text) => text !== undefined);
    const missing = issues.every((issue) => issue.kind === 'missing-required') || lacking.length === issues.length;
    const detail = [`the request body is invalid: ${describe(issues, 'body')}`, ...lacking].join('; ');
    return refused(detail, missing ? 'missingParam' : 'invalidParam');
  }
  request.body = documentedOnly(document, [valueAt(document, media.schemaPointer)], body);
  return { request };
}

/**
 * For a value that matches no form of a oneOf (or anyOf): the required fields each form lacks, so
 * that the refusal names a field, e.g. `each form needs what it lacks: paymentMethod
 * (CheckoutSessionPaymentMethodBody) or origins (CheckoutSessionOriginsBody)`. Undefined otherwise.
 */
function lackingPerForm(document: JsonObject, issue: BodyIssue, body: unknown): string | undefined {
  if (issue.kind !== 'composition-mismatch' || issue.actual !== 'matches none') return undefined;
  const value: unknown = issue.pointer === '' ? body : valueAt(body as JsonObject, issue.pointer);
  // Not an object: no field is missing, the value is of the wrong kind.
  if (!isJsonObject(value)) return undefined;
  const forms = issue.expected.replace(/^(one|any) of /, '').split(', ');
  const lacking = forms.map((name) => {
    const schema = valueAt(document, `/components/schemas/${name}`);
    const lacks = isJsonObject(schema) && Array.isArray(schema.required) ? schema.required.filter((field) => !(String(field) in value)) : [];
    return lacks.length > 0 ? `${lacks.join(', ')} (${name})` : undefined;
  });
  // Only when every form lacks a field is a missing field the reason; otherwise a value is wrong, said above.
  return lacking.every((text) => text !== undefined) ? `each form needs what it lacks: ${lacking.join(' or ')}` : undefined;
}

function refused(detail: string, type?: 'invalidParam' | 'missingParam' | 'parsingResource'): Checked {
  return { refusal: problem(400, detail, type) };
}

/** Each issue with the place in the value it is about, e.g. `required property "currency" is missing at body/currency`. */
function describe(issues: readonly BodyIssue[], root: string): string {
  return issues.map((issue) => `${issue.message} at ${root}${issue.pointer}`).join('; ');
}

/** A path segment decoded; null when it is not valid percent-encoding. */
function decoded(segment: string | undefined): string | null | undefined {
  try {
    return segment === undefined ? undefined : decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Every value of a query parameter, comma-joined (form style, exploded or not); undefined when absent. */
function queryValue(url: URL, name: string): string | undefined {
  const values = url.searchParams.getAll(name);
  return values.length === 0 ? undefined : values.join(',');
}

/** A query, path or header value as its schema types it. */
function coerce(raw: string, schema: unknown): unknown {
  const type = isJsonObject(schema) ? schema.type : undefined;
  if (type === 'array') return raw.split(',');
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

function requestMedia(document: JsonObject, operation: Operation): { required: boolean; schemaPointer: string } | undefined {
  if (operation.node.requestBody === undefined) return undefined;
  const { node, pointer } = resolveRef(document, operation.node.requestBody, `${operation.pointer}/requestBody`);
  if (!isJsonObject(node) || !isJsonObject(node.content) || !isJsonObject(node.content['application/json'])) return undefined;
  return { required: node.required === true, schemaPointer: `${pointer}/content/application~1json/schema` };
}
