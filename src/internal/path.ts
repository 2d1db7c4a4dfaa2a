import type { Middleware } from 'openapi-fetch';
import { ConomyError } from '../core/error.js';

// Path-parameter guard, after anthropic-sdk-typescript's src/internal/utils/path.ts. openapi-fetch
// percent-encodes path values (encodeURIComponent), but it silently leaves `{name}` in the URL when a
// value is missing, and encoding keeps `.` and `..` as they are, which URL normalisation then turns
// into a different endpoint (`/payment-links/..` is `/`). Either way a request would reach the wrong
// resource, so such values are refused before anything is sent.

const PLACEHOLDER = /\{([^{}]+)\}/g;

export function checkPathParams(schemaPath: string, pathParams: Record<string, unknown> | undefined): void {
  for (const [, name = ''] of schemaPath.matchAll(PLACEHOLDER)) {
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

/** Runs the guard before any other middleware and before the request is sent. */
export const pathGuard: Middleware = {
  onRequest({ schemaPath, params }) {
    checkPathParams(schemaPath, params.path);
  },
};
