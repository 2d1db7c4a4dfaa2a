import type { GatewayError, ProblemError } from '../generated/openapi.js';
import { REQUEST_ID_HEADERS } from '../internal/secrets.js';

// Error hierarchy after openai-node's src/core/error.ts: one base class, one class per HTTP status
// a caller may want to branch on, and separate classes for failures that never produced a response.
// Every message and field is already scrubbed of secrets by the time an error is constructed
// (see src/internal/log.ts): no error holds request headers or the request body, and the response
// headers an API error keeps are a masked copy, because a server may echo a credential back in them.

/** The two documented error bodies: the API gateway's and the services' problem document (D14). */
export type ErrorBody = GatewayError | ProblemError;

/** What request failed: method and URL only, never headers or body, so no credential can appear. */
export interface RequestDescription {
  method: string;
  url: string;
}

/** Base class of every error this package throws. */
export class ConomyError extends Error {
  override name = 'ConomyError';
}

export interface ApiErrorInit {
  status: number;
  /** The response headers, masked by the redactor: the raw ones may echo a credential. */
  headers: Headers;
  /** The response body as text (already scrubbed). */
  rawBody: string;
  request: RequestDescription;
}

/** The API answered with a non-2xx status. Subclasses narrow it down by status. */
export class ConomyApiError extends ConomyError {
  override name = 'ConomyApiError';
  readonly status: number;
  /** ProblemError `code`, e.g. "31". */
  readonly code: string | undefined;
  /** ProblemError `type` (e.g. "notFound") or the GatewayError category in `error` (e.g. "Not Found"). */
  readonly type: string | undefined;
  /** `traceId` from a ProblemError body, else a request-id response header. Quote it to Conomy support. */
  readonly traceId: string | undefined;
  /** The parsed body when it matches one of the documented error shapes, else undefined. */
  readonly body: ErrorBody | undefined;
  /** The body as received (scrubbed), e.g. an HTML page from a proxy. */
  readonly rawBody: string;
  /** The response headers with credentials masked. */
  readonly headers: Headers;
  readonly request: RequestDescription;

  constructor(init: ApiErrorInit) {
    const body = parseErrorBody(init.rawBody);
    const traceId =
      (body && 'traceId' in body ? body.traceId : undefined) ??
      REQUEST_ID_HEADERS.map((name) => init.headers.get(name)).find((value) => value) ??
      undefined;
    super(describe(init, body, traceId));
    this.status = init.status;
    this.body = body;
    this.code = body && 'code' in body ? body.code : undefined;
    this.type = body ? ('type' in body ? body.type : body.error) : undefined;
    this.traceId = traceId;
    this.rawBody = init.rawBody;
    this.headers = init.headers;
    this.request = init.request;
  }

  toJSON(): Record<string, unknown> {
    const { name, message, status, code, type, traceId, body, request } = this;
    return { name, message, status, code, type, traceId, body: body ?? this.rawBody, request };
  }
}

export class BadRequestError extends ConomyApiError {
  override name = 'BadRequestError';
}
export class AuthenticationError extends ConomyApiError {
  override name = 'AuthenticationError';
}
export class PermissionDeniedError extends ConomyApiError {
  override name = 'PermissionDeniedError';
}
export class NotFoundError extends ConomyApiError {
  override name = 'NotFoundError';
}
export class ConflictError extends ConomyApiError {
  override name = 'ConflictError';
}
export class UnprocessableEntityError extends ConomyApiError {
  override name = 'UnprocessableEntityError';
}
export class RateLimitError extends ConomyApiError {
  override name = 'RateLimitError';
}
export class InternalServerError extends ConomyApiError {
  override name = 'InternalServerError';
}

const ERROR_BY_STATUS: Record<number, typeof ConomyApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The error class for a status: the table above, InternalServerError for any 5xx, else the base class. */
export function createApiError(init: ApiErrorInit): ConomyApiError {
  const ErrorClass = ERROR_BY_STATUS[init.status] ?? (init.status >= 500 ? InternalServerError : ConomyApiError);
  return new ErrorClass(init);
}

/** No response arrived: DNS, refused or reset connection, or a body cut off mid-way. */
export class ConomyConnectionError extends ConomyError {
  override name = 'ConomyConnectionError';
  readonly request: RequestDescription;

  constructor(message: string, request: RequestDescription, options?: { cause?: unknown }) {
    super(`${message} (${request.method} ${request.url})`, options);
    this.request = request;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, request: this.request };
  }
}

/** One attempt took longer than `timeoutMs`. */
export class ConomyTimeoutError extends ConomyConnectionError {
  override name = 'ConomyTimeoutError';

  constructor(timeoutMs: number, request: RequestDescription) {
    super(`Request timed out after ${timeoutMs} ms`, request);
  }
}

/** A 2xx response whose body is not the JSON document every Conomy success response carries. */
export class ConomyInvalidResponseError extends ConomyError {
  override name = 'ConomyInvalidResponseError';
  readonly status: number;
  readonly rawBody: string;
  readonly request: RequestDescription;

  constructor(problem: string, init: Omit<ApiErrorInit, 'headers'>) {
    super(`${init.status} response with ${problem} (${init.request.method} ${init.request.url})`);
    this.status = init.status;
    this.rawBody = init.rawBody;
    this.request = init.request;
  }

  toJSON(): Record<string, unknown> {
    const { name, message, status, rawBody, request } = this;
    return { name, message, status, rawBody, request };
  }
}

/** A webhook whose signature is missing, malformed or does not match the secret. */
export class ConomyWebhookSignatureError extends ConomyError {
  override name = 'ConomyWebhookSignatureError';
}

function parseErrorBody(rawBody: string): ErrorBody | undefined {
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const body = value as Record<string, unknown>;
  const isProblem =
    typeof body['status'] === 'number' && typeof body['code'] === 'string' && typeof body['type'] === 'string';
  const isGateway =
    typeof body['statusCode'] === 'number' && typeof body['error'] === 'string' && typeof body['message'] === 'string';
  return isProblem || isGateway ? (body as ErrorBody) : undefined;
}

function describe(init: ApiErrorInit, body: ErrorBody | undefined, traceId: string | undefined): string {
  let summary: string;
  if (body && 'code' in body) {
    summary = `${body.type} (code ${body.code})${body.detail ? `: ${body.detail}` : ''}`;
  } else if (body) {
    summary = `${body.error}: ${body.message}`;
  } else if (init.rawBody === '') {
    summary = 'empty body';
  } else {
    summary = `undocumented body (${init.headers.get('content-type') ?? 'no content-type'})`;
  }
  const trace = traceId ? ` [traceId ${traceId}]` : '';
  return `${init.status} ${summary} (${init.request.method} ${init.request.url})${trace}`;
}
