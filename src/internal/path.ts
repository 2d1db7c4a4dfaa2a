import type { Client } from 'openapi-fetch';
import { ConomyError } from '../core/error.js';

// Path-parameter guard, after anthropic-sdk-typescript's src/internal/utils/path.ts. openapi-fetch
// percent-encodes path values (encodeURIComponent), but it silently leaves `{name}` in the URL when a
// value is missing, and encoding keeps `.` and `..` as they are, which URL normalisation then turns
// into a different endpoint (`/payment-links/..` is `/`). Either way a request would reach the wrong
// resource, so such values are refused before anything is sent.

const PLACEHOLDER = /\{[^{}]+\}/g;

export function checkPathParams(schemaPath: string, pathParams: Record<string, unknown> | undefined): void {
  for (const [placeholder] of schemaPath.matchAll(PLACEHOLDER)) {
    const name = placeholder.slice(1, -1);
    const problem = pathValueProblem(pathParams?.[name]);
    if (problem) throw new ConomyError(`Path parameter "${name}" ${problem} (${schemaPath})`);
  }
}

/** Why a value cannot be a path segment, or undefined when it can. */
export function pathValueProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'is missing';
  if (typeof value !== 'string' && typeof value !== 'number') return `must be a string, got ${typeof value}`;
  if (String(value).trim() === '') return 'must not be empty';
  return value === '.' || value === '..' ? `must not be "${value}"` : undefined;
}

/** The options of a call, as far as the guards read them. */
export type CallInit = { params?: { path?: Record<string, unknown> }; baseUrl?: unknown; fetch?: unknown } | undefined;
type Call = (...args: unknown[]) => Promise<unknown>;

/**
 * Puts `check` in front of every method of an openapi-fetch client, so a call it refuses (a bad
 * path value, see checkPathParams) is refused before openapi-fetch builds a request and before any
 * middleware sees one. (A middleware would run only after the request is built, and costs each call
 * more than the check itself.)
 */
export function guardCalls<C extends Pick<Client<never>, 'GET' | 'request'>>(client: C, check: (path: string, init: CallInit) => void): C {
  const methods = client as unknown as Record<string, Call>;
  for (const method of ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE', 'request']) {
    const call = methods[method] as Call;
    // request(method, path, init) has the path second.
    const at = method === 'request' ? 1 : 0;
    methods[method] = async (...args) => {
      check(args[at] as string, args[at + 1] as CallInit);
      return call(...args);
    };
  }
  return client;
}
