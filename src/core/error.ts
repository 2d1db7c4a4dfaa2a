import type { ErrorBody } from '../generated/openapi.js';
import { REQUEST_ID_HEADERS } from '../internal/secrets.js';

// Error hierarchy after openai-node's src/core/error.ts: one base class, one class per HTTP status
// a caller may want to branch on, and separate classes for failures that never produced a response.
// Every message and field is already scrubbed of secrets by the time an error is constructed
// (see src/internal/log.ts): no error holds request headers or the request body, and the response
// headers an API error keeps are a masked copy, because a server may echo a credential back in them.

/** What request failed: method and URL only, never headers or body, so no credential can appear. */
export interface RequestDescription {
  method: string;
  url: string;
}

/** Where an error keeps the brands of its classes (a symbol every copy of this package shares). */
const BRANDS = Symbol.for('@conomy/checkout-contract/error-brands');

/**
 * Base class of every error this package throws.
 *
 * Each class has a `brand`, which is also its `name`. `instanceof` compares brands as well as
 * prototypes, so it works across copies of the package: an application that loads both the ES
 * module and the CommonJS build (common in Node) gets errors from one that are `instanceof` the
 * classes of the other. Brands are plain strings, so they survive a bundler's renaming too.
 */
export class ConomyError extends Error {
  static readonly brand: string = 'ConomyError';

  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    const brands: string[] = [];
    // Up the class chain; it ends past Error (Function.prototype, then an object), and none above
    // ConomyError has a brand of its own.
    for (let type: unknown = new.target; typeof type === 'function'; type = Object.getPrototypeOf(type)) {
      if (Object.hasOwn(type, 'brand')) brands.push((type as typeof ConomyError).brand);
    }
    // A caller's subclass without a brand keeps its own class name.
    this.name = Object.hasOwn(new.target, 'brand') ? (new.target as typeof ConomyError).brand : new.target.name;
    Object.defineProperty(this, BRANDS, { value: brands });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    // A class of the caller's own, extending one of these without a brand, matches by prototype only.
    if (!Object.hasOwn(this, 'brand')) return false;
    const brands = typeof value === 'object' && value !== null ? (value as { [BRANDS]?: unknown })[BRANDS] : undefined;
    return Array.isArray(brands) && brands.includes(this.brand);
  }

  /** What JSON.stringify shows (an Error's message is not an own enumerable property). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
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
  static override readonly brand: string = 'ConomyApiError';
  readonly status: number;
  /** ProblemError `code`, e.g. "31". */
  readonly code: string | undefined;
  /** ProblemError `type` (e.g. "notFound") or the GatewayError category in `error` (e.g. "Not Found"). */
  readonly type: string | undefined;
  /** `traceId` from a ProblemError body, else a request-id response header. Quote it to Conomy support. */
  readonly traceId: string | undefined;
  /** The parsed body when it matches one of the documented error shapes (text fields cut after 1 KiB), else undefined. */
  readonly body: ErrorBody | undefined;
  /** The body as received (scrubbed), e.g. an HTML page from a proxy; cut after MAX_ERROR_BODY_CHARS. */
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
    this.rawBody = truncated(init.rawBody);
    this.headers = init.headers;
    this.request = init.request;
  }

  override toJSON(): Record<string, unknown> {
    const { name, message, status, code, type, traceId, body, request } = this;
    return { name, message, status, code, type, traceId, body: body ?? this.rawBody, request };
  }
}

export class BadRequestError extends ConomyApiError {
  static override readonly brand: string = 'BadRequestError';
}
export class AuthenticationError extends ConomyApiError {
  static override readonly brand: string = 'AuthenticationError';
}
export class PermissionDeniedError extends ConomyApiError {
  static override readonly brand: string = 'PermissionDeniedError';
}
export class NotFoundError extends ConomyApiError {
  static override readonly brand: string = 'NotFoundError';
}
export class ConflictError extends ConomyApiError {
  static override readonly brand: string = 'ConflictError';
}
export class UnprocessableEntityError extends ConomyApiError {
  static override readonly brand: string = 'UnprocessableEntityError';
}
export class RateLimitError extends ConomyApiError {
  static override readonly brand: string = 'RateLimitError';
}
export class InternalServerError extends ConomyApiError {
  static override readonly brand: string = 'InternalServerError';
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
  static override readonly brand: string = 'ConomyConnectionError';
  readonly request: RequestDescription;

  constructor(message: string, request: RequestDescription, options?: { cause?: unknown }) {
    super(`${message} (${request.method} ${request.url})`, options);
    this.request = request;
  }

  override toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, request: this.request };
  }
}

/** One attempt took longer than `timeoutMs`. */
export class ConomyTimeoutError extends ConomyConnectionError {
  static override readonly brand: string = 'ConomyTimeoutError';

  constructor(timeoutMs: number, request: RequestDescription) {
    super(`Request timed out after ${timeoutMs} ms`, request);
  }
}

/** A 2xx response whose body is not the JSON document every Conomy success response carries. */
export class ConomyInvalidResponseError extends ConomyError {
  static override readonly brand: string = 'ConomyInvalidResponseError';
  readonly status: number;
  readonly rawBody: string;
  readonly request: RequestDescription;

  constructor(problem: string, init: Omit<ApiErrorInit, 'headers'>) {
    super(`${init.status} response with ${problem} (${init.request.method} ${init.request.url})`);
    this.status = init.status;
    this.rawBody = truncated(init.rawBody);
    this.request = init.request;
  }

  override toJSON(): Record<string, unknown> {
    const { name, message, status, rawBody, request } = this;
    return { name, message, status, rawBody, request };
  }
}

/** A response body longer than `maxResponseBytes`: the client stopped reading it there. */
export class ConomyResponseTooLargeError extends ConomyError {
  static override readonly brand: string = 'ConomyResponseTooLargeError';
  readonly status: number;
  readonly maxResponseBytes: number;
  readonly request: RequestDescription;

  constructor(maxResponseBytes: number, init: { status: number; request: RequestDescription }) {
    super(
      `${init.status} response with a body over maxResponseBytes (${maxResponseBytes} bytes); ` +
        `the rest was not read (${init.request.method} ${init.request.url})`,
    );
    this.status = init.status;
    this.maxResponseBytes = maxResponseBytes;
    this.request = init.request;
  }
}

/** A webhook whose signature is missing, malformed or does not match the secret. */
export class ConomyWebhookSignatureError extends ConomyError {
  static override readonly brand: string = 'ConomyWebhookSignatureError';
}

/** An error keeps at most this much of a body as received (`rawBody`)... */
export const MAX_ERROR_BODY_CHARS = 16_384;
/** ...and of each text field of a parsed one (`body.detail`, `body.message`). */
const MAX_ERROR_FIELD_CHARS = 1_024;

function truncated(text: string, limit = MAX_ERROR_BODY_CHARS): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}... (${text.length - limit} more characters not kept)`;
}

function parseErrorBody(rawBody: string): ErrorBody | undefined {
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch {
    // Not JSON: no documented shape (value stays undefined).
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const body = value as Record<string, unknown>;
  const isProblem =
    typeof body['status'] === 'number' && typeof body['code'] === 'string' && typeof body['type'] === 'string';
  const isGateway =
    typeof body['statusCode'] === 'number' && typeof body['error'] === 'string' && typeof body['message'] === 'string';
  if (!isProblem && !isGateway) return undefined;
  // A documented shape, but its text fields cut like rawBody: an error must stay small when printed.
  const cut = (field: unknown) => (typeof field === 'string' ? truncated(field, MAX_ERROR_FIELD_CHARS) : field);
  return Object.fromEntries(Object.entries(body).map(([key, field]) => [key, cut(field)])) as ErrorBody;
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
