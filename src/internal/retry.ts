import type { ResolvedOptions } from '../core/options.js';

// Retry policy. Conomy has no idempotency keys, so the rule is about what may safely run twice:
//
// - GET and DELETE are idempotent: they are retried after a connection error, a timeout, or a
//   408, 429, 502, 503 or 504 response.
// - A 429 is retried whatever the method: the server refused without acting on the request.
// - POST /auth only issues a token and creates nothing, so it is retried like a GET.
// - Every other POST creates or pays for something and is NEVER replayed once it may have reached
//   the server. fetch() cannot tell "failed before a byte was sent" from "failed after the server
//   acted", so no POST failure is treated as safe. A 401 is the one exception (handled in the
//   transport): the server refused the credentials and acted on nothing, so the call is replayed
//   once with a fresh token. A 429 is the other (above).

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

export function isReplayable(method: string, isAuthRequest: boolean): boolean {
  return method === 'GET' || method === 'DELETE' || isAuthRequest;
}

/**
 * Whether an answer with this status is worth sending the request again for. A 429 is, whatever the
 * method: the server refused without acting. The other retryable statuses only for what may safely
 * run twice.
 */
export function isRetryableAnswer(status: number, method: string, isAuthRequest: boolean): boolean {
  return RETRYABLE_STATUSES.has(status) && (status === 429 || isReplayable(method, isAuthRequest));
}

/**
 * Delay before retry number `retryIndex` (0 = first retry): the server's Retry-After when it sent
 * one, else exponential backoff (initial * 2^n) with up to 25% jitter so that many clients do not
 * retry in lockstep. Both are capped at `maxRetryDelayMs`.
 */
export function retryDelayMs(
  retryIndex: number,
  retryAfter: string | null,
  options: Pick<ResolvedOptions, 'initialRetryDelayMs' | 'maxRetryDelayMs'>,
  now: number = Date.now(),
  random: () => number = Math.random,
): number {
  const fromServer = parseRetryAfterMs(retryAfter, now);
  if (fromServer !== undefined) return Math.min(fromServer, options.maxRetryDelayMs);
  const exponential = Math.min(options.initialRetryDelayMs * 2 ** retryIndex, options.maxRetryDelayMs);
  return Math.round(exponential * (1 - random() * 0.25));
}

/** IMF-fixdate, RFC 850 and asctime (RFC 9110 §5.6.7), which a recipient must all accept. */
const HTTP_DATE = [
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/**
 * Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); anything else (a negative
 * number, which Date.parse would read as a year) is ignored, so normal backoff applies.
 */
export function parseRetryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  // Only the three HTTP-date forms: Date.parse alone reads "later 2" as a date in 2001.
  if (!HTTP_DATE.some((form) => form.test(text))) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * What an abort rejects with: the caller's reason, or an AbortError when that is null, 0 or false
 * (openapi-fetch takes a falsy rejection for no error at all, and would go on without a response).
 */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason || new DOMException('This operation was aborted', 'AbortError');
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as the caller aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits for `promise` but gives up (rejecting with the signal's reason) when the caller aborts.
 * The abandoned promise may still reject later (a fetch or token request that fails on its own):
 * that rejection is handled here, since nobody else waits for it any more and an unhandled one
 * would end a Node process.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
