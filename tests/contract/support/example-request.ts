// A valid request for an operation, built only from the examples in openapi.yaml: path
// parameters, required query parameters and headers, and the JSON request body.
import { isJsonObject, type JsonObject } from './json-pointer.js';
import { resolveRef, type ContractSpec } from './spec.js';

export interface ExampleRequest {
  method: string;
  /** Path with parameters filled in and query string, relative to the base URL. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export function exampleRequest(spec: ContractSpec, operationId: string): ExampleRequest {
  const operation = spec.operation(operationId);
  const pathItem = (spec.document.paths as JsonObject)[operation.path] as JsonObject;
  const parameters = [...asArray(pathItem.parameters), ...asArray(operation.node.parameters)].map(
    (parameter) => resolveRef(spec.document, parameter, operation.pointer).node as JsonObject,
  );

  let path = operation.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of parameters) {
    const name = String(parameter.name);
    if (parameter.in !== 'path' && parameter.required !== true) continue;
    const value = exampleOf(spec.document, parameter);
    if (value === undefined) throw new Error(`${operationId}: parameter "${name}" needs an example`);
    if (parameter.in === 'path') path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
    else if (parameter.in === 'query') query.set(name, String(value));
    else if (parameter.in === 'header') headers[name.toLowerCase()] = String(value);
  }

  const result: ExampleRequest = { method: operation.method, path: query.size > 0 ? `${path}?${query}` : path, headers };
  const requestBody = resolveRef(spec.document, operation.node.requestBody, operation.pointer).node;
  const media = isJsonObject(requestBody) && isJsonObject(requestBody.content) ? requestBody.content['application/json'] : undefined;
  if (isJsonObject(media)) {
    const body = exampleOf(spec.document, media);
    if (body === undefined && requestBody && (requestBody as JsonObject).required === true) {
      throw new Error(`${operationId}: the JSON request body needs an example`);
    }
    if (body !== undefined) {
      result.body = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
  }
  return result;
}

/** `example`, else the first of `examples`, else the schema's example. */
function exampleOf(document: JsonObject, node: JsonObject): unknown {
  if (node.example !== undefined) return node.example;
  if (isJsonObject(node.examples)) {
    const first = resolveRef(document, Object.values(node.examples)[0], '(example)').node;
    if (isJsonObject(first) && first.value !== undefined) return first.value;
  }
  return isJsonObject(node.schema) ? node.schema.example : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
