// What the mock answers: a status, a JSON body or none, and headers. A refusal has the problem
// shape of the contract's ErrorBody (status, code, type, detail, traceId), with the code and type
// Conomy gives its status; the detail names what was wrong, for the integrator reading a test failure.
import type { components } from '../generated/openapi.js';

export interface MockReply {
  status: number;
  /** A JSON value; undefined for an answer without a body. */
  body?: unknown;
  headers?: Record<string, string>;
}

type ProblemType = components['schemas']['ProblemError']['type'];

/**
 * The codes the spec's error responses name (400: 11, 12, 14; 401: 41; 403: 43; 404: 31; 409: 13;
 * 422: 21; 429: 32; 5xx: 01, 02), paired with the types in the order ProblemError lists them.
 */
const CODES: Partial<Record<ProblemType, string>> = {
  serverError: '01',
  unknown: '02',
  invalidParam: '11',
  missingParam: '12',
  alreadyExist: '13',
  parsingResource: '14',
  failedPrecondition: '21',
  notFound: '31',
  tooManyRequests: '32',
  unauthorized: '41',
  forbiddenOperation: '43',
};

const TYPE_OF_STATUS: Record<number, ProblemType> = {
  400: 'invalidParam',
  401: 'unauthorized',
  403: 'forbiddenOperation',
  404: 'notFound',
  409: 'alreadyExist',
  422: 'failedPrecondition',
  429: 'tooManyRequests',
};

/** A refusal in the documented problem shape; `type` refines the status's own (a 400 for a missing field is `missingParam`). */
export function problem(status: number, detail: string, type: ProblemType = defaultType(status), headers?: Record<string, string>): MockReply {
  const traceId = globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 20);
  const body: components['schemas']['ProblemError'] = { status, code: CODES[type] ?? '02', type, detail, traceId };
  return { status, body, ...(headers ? { headers } : {}) };
}

function defaultType(status: number): ProblemType {
  return TYPE_OF_STATUS[status] ?? (status >= 500 ? 'serverError' : 'unknown');
}

/** The reply as a fetch Response: JSON with its content type, or no body at all. */
export function toResponse({ status, body, headers = {} }: MockReply): Response {
  if (body === undefined) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}
