// What the drifting server checks before the in-memory API sees a request, as the contract
// says a real server should: the credentials (401) and the parameters and body against
// openapi.yaml (400). Both fill the ApiRequest the API works on.
import { isJsonObject, operationParameters, resolveRef, type JsonObject } from '../../lib/spec/index.mjs';
import { loadSpec, type Operation } from '../../src/contract/spec/contract-spec.js';
import { responseValidatorFor } from '../../src/contract/judge/validator.js';
import { problem, type ApiRequest, type Reply } from './api.js';

export interface ServerCredentials {
  apiKey: string;
  clientId: string;
  clientSecret: string;
  /** What POST /auth issues and every other call must carry as its bearer token. */
  accessToken: string;
}

const spec = loadSpec();
const validator = responseValidatorFor(spec);

/** 401 unless the request carries the credentials its operation needs. */
export function authProblem(
  operationId: string,
  request: ApiRequest,
  bodyText: string,
  credentials: ServerCredentials,
): Reply | undefined {
  if (request.headers['x-api-key'] !== credentials.apiKey) return problem(401, 'missing or unknown x-api-key');
  if (operationId !== 'createAccessToken') {
    const bearer = request.headers.authorization === `Bearer ${credentials.accessToken}`;
    return bearer ? undefined : problem(401, 'missing or invalid bearer token');
  }
  let body: JsonObject | undefined;
  try {
    body = JSON.parse(bodyText) as JsonObject;
  } catch {
    return undefined; // not JSON: the request check answers 400
  }
  const known = body?.clientId === credentials.clientId && body?.clientSecret === credentials.clientSecret;
  return known ? undefined : problem(401, 'unknown client credentials');
}

/** Fills the query and body of `request`; 400 for whatever openapi.yaml forbids in them. */
export function requestProblem(operation: Operation, url: URL, bodyText: string, request: ApiRequest): Reply | undefined {
  for (const { name, location, required, schemaPointer } of parametersOf(operation)) {
    const raw =
      location === 'path' ? request.params[name]
      : location === 'query' ? (url.searchParams.get(name) ?? undefined)
      : request.headers[name.toLowerCase()];
    if (raw === undefined) {
      if (required) return problem(400, `${location} parameter ${name} is required`);
      continue;
    }
    const value = coerce(raw, resolveRef(spec.document, { $ref: `#${schemaPointer}` }, schemaPointer).node);
    if (!validator.schemaAt(schemaPointer)(value)) return problem(400, `${location} parameter ${name} is invalid`);
    if (location === 'query') request.query[name] = value as string | string[];
  }
  const media = requestMedia(operation);
  if (!media) return undefined;
  if (bodyText.trim() === '') return media.required ? problem(400, 'a JSON request body is required') : undefined;
  try {
    request.body = JSON.parse(bodyText);
  } catch {
    return problem(400, 'the request body is not JSON');
  }
  const validate = validator.schemaAt(media.schemaPointer);
  if (validate(request.body)) return undefined;
  return problem(400, `the request body breaks the contract: ${validate.errors?.[0]?.message ?? 'invalid'}`);
}

/** Takes query and body as sent, unchecked (for a mode that accepts invalid requests). */
export function uncheckedRequest(url: URL, bodyText: string, request: ApiRequest): undefined {
  for (const [name, value] of url.searchParams) request.query[name] = value.includes(',') ? value.split(',') : value;
  try {
    request.body = bodyText === '' ? undefined : JSON.parse(bodyText);
  } catch {
    request.body = undefined;
  }
  return undefined;
}

interface Parameter {
  name: string;
  location: string;
  required: boolean;
  schemaPointer: string;
}

/** The operation's parameters and its path item's, with the JSON pointer of each schema. */
function parametersOf(operation: Operation): Parameter[] {
  return operationParameters(spec.document, operation.pointer).map(({ node, pointer }) => ({
    name: String(node.name),
    location: String(node.in),
    required: node.required === true,
    schemaPointer: `${pointer}/schema`,
  }));
}

/** A query or header value as its schema types it (arrays are comma-separated, style form). */
function coerce(raw: string, schema: unknown): unknown {
  const type = isJsonObject(schema) ? schema.type : undefined;
  if (type === 'array') return raw.split(',');
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

function requestMedia(operation: Operation): { required: boolean; schemaPointer: string } | undefined {
  if (operation.node.requestBody === undefined) return undefined;
  const { node, pointer } = resolveRef(spec.document, operation.node.requestBody, `${operation.pointer}/requestBody`);
  if (!isJsonObject(node) || !isJsonObject(node.content) || !isJsonObject(node.content['application/json'])) return undefined;
  return { required: node.required === true, schemaPointer: `${pointer}/content/application~1json/schema` };
}
