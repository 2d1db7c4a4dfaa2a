// A valid request for an operation, built only from the examples in openapi.yaml (lib/spec/example-request.mjs,
// which the docs build uses for its code samples too), in the form the contract cases send it.
import { exampleRequest as exampleRequestOf } from '../../../lib/spec/example-request.mjs';
import type { JsonObject } from './json-pointer.js';
import type { ContractSpec } from './spec.js';

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
  const { method, path, headers, body } = exampleRequestOf(spec.document, { ...operation, pathItem });
  return { method, path, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
}
