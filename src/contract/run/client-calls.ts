// Calls any operation through the real client from src/, so a case can send any request (the
// documented example, a generated body, a deliberately invalid one) to any operation. The method
// and path come from the operations table generated from openapi.yaml (src/generated/operations.ts)
// and go through the client's generic request(), which runs the same guards, transport and error
// mapping as client.GET/POST/DELETE. The input is loose JSON because negative cases break the
// declared types on purpose.
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConomyApiError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type ConomyClient,
} from '../../index.js';
import { operationEntry } from '../../generated/operations.js';
import { exampleRequest } from '../../../lib/spec/index.mjs';
import type { ContractSpec } from '../spec/contract-spec.js';

export interface CallInput {
  params: { path?: Record<string, string>; query?: Record<string, unknown> };
  body?: unknown;
  /** Extra request headers, e.g. Prism's `Prefer`. */
  headers?: Record<string, string>;
}

export type CallResult = { data: unknown; response: Response };
type AnyRequest = (method: string, path: string, init: CallInput) => Promise<CallResult>;

/** Calls `operationId` through the client. */
export function callOperation(client: ConomyClient, operationId: string, input: CallInput): Promise<CallResult> {
  const operation = operationEntry(operationId);
  if (!operation) {
    throw new Error(`Unknown operation "${operationId}": src/generated/operations.ts has none (run npm run generate after editing openapi.yaml)`);
  }
  const { method, path } = operation;
  return (client.request as unknown as AnyRequest)(method, path, input);
}

/**
 * The documented example request of an operation (lib/spec/example-request.mjs) as client input:
 * path parameters, required query parameters and body. The example's headers are left out: the
 * client sends its own User-Agent and content type.
 */
export function exampleInput(spec: ContractSpec, operationId: string): CallInput {
  const { pathParams, query, body } = exampleRequest(spec.document, spec.operation(operationId).pointer);
  return { params: { path: pathParams, query }, ...(body === undefined ? {} : { body }) };
}

/** The error class the client must throw for a status, stated here independently of src/. */
export function errorClassFor(status: number): typeof ConomyApiError {
  const byStatus: Record<number, typeof ConomyApiError> = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
  };
  return byStatus[status] ?? (status >= 500 ? InternalServerError : ConomyApiError);
}

export type Settled = { data: unknown; error?: undefined } | { error: ConomyApiError; data?: undefined };

/** The call's data, or the API error it threw; any other failure (a guard, the network) propagates. */
export async function settle(call: Promise<CallResult>): Promise<Settled> {
  try {
    return { data: (await call).data };
  } catch (error) {
    if (error instanceof ConomyApiError) return { error };
    throw error;
  }
}
