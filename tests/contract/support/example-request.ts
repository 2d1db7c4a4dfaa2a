// A valid request for an operation, built only from the examples in openapi.yaml (lib/spec/example-request.mjs,
// which the docs build uses for its code samples too), in the form the contract cases send it.
import { exampleRequest as exampleRequestOf, requestPath } from '../../../lib/spec/index.mjs';
import type { ContractSpec } from './spec.js';

export interface ExampleRequest {
  method: string;
  /** Path with parameters filled in and query string, relative to the base URL. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export function exampleRequest(spec: ContractSpec, operationId: string): ExampleRequest {
  const request = exampleRequestOf(spec.document, spec.operation(operationId).pointer);
  const { method, headers, body } = request;
  return { method, path: requestPath(request), headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
}
