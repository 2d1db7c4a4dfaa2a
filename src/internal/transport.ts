import {
  ConomyConnectionError,
  ConomyError,
  ConomyInvalidResponseError,
  ConomyResponseTooLargeError,
  ConomyTimeoutError,
  createApiError,
  type RequestDescription,
} from '../core/error.js';
import type { ResolvedOptions } from '../core/options.js';
import type { TokenSource } from './auth.js';
import { isUnderBaseUrl } from './base-url.js';
import type { Log, Redactor } from './log.js';
import { abortable, abortReason, isReplayable, isRetryableAnswer, RETRYABLE_STATUSES, retryDelayMs, sleep } from './retry.js';

// The fetch function handed to openapi-fetch. openapi-fetch builds the Request (URL, query, JSON
// body, caller headers) and parses the response; everything Conomy-specific happens here, in one
// loop: credentials, per-attempt timeout, retries, the 401 refresh, and turning failures into
// typed errors. Credentials are added here, after openapi-fetch middleware has run, so no
// middleware or log ever sees them.

/** What the transport reads of the client's options, and the parts the client built from them. */
export interface TransportOptions
  extends Pick<
    ResolvedOptions,
    'fetch' | 'baseUrl' | 'apiKey' | 'maxRetries' | 'timeoutMs' | 'maxResponseBytes' | 'throwOnError' | 'initialRetryDelayMs' | 'maxRetryDelayMs'
  > {
  /** Where bearer tokens come from; absent for the internal client that only calls POST /auth. */
  tokens?: TokenSource;
  log: Log;
  redactor: Redactor;
}

/** A response read to the end, and parsed, within the attempt's timeout. */
interface BufferedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  url: string;
  /** The body's length in bytes. */
  bytes: number;
  /**
   * The body's JSON; `invalid` when it is not JSON (an empty body included). Only a success's is
   * used: an error's is parsed again from its masked text (createApiError).
   */
  parsed: { value: unknown } | 'invalid';
}

export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const { log, redactor } = options;
  // POST /auth is sent without a bearer token and may be retried.
  const authUrl = `${options.baseUrl}/auth`;

  return async function conomyFetch(request: Request): Promise<Response> {
    // A middleware may rewrite the URL: the credentials must not follow it anywhere else.
    assertUnderBaseUrl(request.url, options.baseUrl);
    const callerSignal = request.signal;
    // Masked when an error or a log line needs it, not on every call (masking is a regular expression).
    let described: RequestDescription | undefined;
    const target = (): RequestDescription => (described ??= { method: request.method, url: redactor.text(request.url) });
    const isAuthRequest = request.method === 'POST' && request.url.split('?')[0] === authUrl;
    const replayable = isReplayable(request.method, isAuthRequest);
    // Read once: every attempt needs its own copy, and a Request body can only be read once.
    const body = request.body === null ? undefined : await request.arrayBuffer();
    let retries = 0;
    let refreshedAfter401 = false;

    for (;;) {
      const pending = isAuthRequest || !options.tokens ? undefined : options.tokens.get();
      const token = typeof pending === 'object' ? await abortable(pending, callerSignal) : pending;
      const headers = new Headers(request.headers);
      headers.set('x-api-key', options.apiKey);
      if (token !== undefined) headers.set('authorization', `Bearer ${token}`);

      const retriesLeft = retries < options.maxRetries;
      const canRetry = replayable && retriesLeft;
      const started = Date.now();
      // Stryker disable next-line ConditionalExpression: always true, log.debug drops the line itself (the same output, only costlier); always false is caught by the logging tests
      if (log.enabled('debug')) {
        log.debug(`→ ${target().method} ${target().url}`, { attempt: retries + 1, headers: redactor.headers(headers) });
      }

      let response: BufferedResponse;
      try {
        response = await attempt(request, headers, body, options);
      } catch (error) {
        // The caller's own abort is final and surfaces as the AbortError they expect from fetch().
        if (callerSignal.aborted) throw abortReason(callerSignal);
        // Another attempt would get the same body.
        if (error instanceof TooLargeMarker) {
          throw new ConomyResponseTooLargeError(options.maxResponseBytes, { status: error.status, request: target() });
        }
        const failure =
          error instanceof TimeoutMarker
            ? new ConomyTimeoutError(options.timeoutMs, target())
            : new ConomyConnectionError(`Connection error: ${redactor.text(describeCause(error))}`, target(), {
                cause: scrubbedCopy(error, redactor),
              });
        if (!canRetry) {
          if (retries > 0) log.error(`Giving up after ${retries + 1} attempts: ${failure.message}`);
          throw failure;
        }
        const delay = retryDelayMs(retries, null, options);
        log.warn(`Retrying in ${delay} ms after: ${failure.message}`);
        await sleep(delay, callerSignal);
        retries += 1;
        continue;
      }
      // Stryker disable next-line ConditionalExpression: always true, log.debug drops the line itself (the same output, only costlier); always false is caught by the logging tests
      if (log.enabled('debug')) log.debug(`← ${response.status} ${target().method} ${target().url} in ${Date.now() - started} ms`);

      if (response.status === 401 && token !== undefined && !refreshedAfter401 && options.tokens?.invalidate(token)) {
        refreshedAfter401 = true;
        log.info(`401 with the cached token; fetching a new one and replaying ${target().method} ${target().url} once`);
        continue;
      }
      if (retriesLeft && isRetryableAnswer(response.status, request.method, isAuthRequest)) {
        const delay = retryDelayMs(retries, response.headers.get('retry-after'), options);
        log.warn(`Retrying ${target().method} ${target().url} in ${delay} ms after status ${response.status}`);
        await sleep(delay, callerSignal);
        retries += 1;
        continue;
      }
      if (RETRYABLE_STATUSES.has(response.status) && retries > 0) {
        const where = `${target().method} ${target().url}`;
        log.error(`Giving up after ${retries + 1} attempts: status ${response.status} (${where})`);
      }
      return finish(response, target, options);
    }
  };
}

/** Credentials go only to URLs under the configured base URL; anything else is refused, naming it. */
export function assertUnderBaseUrl(url: string, baseUrl: string): void {
  if (isUnderBaseUrl(url, baseUrl)) return;
  let shown = 'another URL';
  try {
    const parsed = new URL(url);
    shown = `${parsed.origin}${parsed.pathname}`;
  } catch {
    // not even a URL: named as such
  }
  throw new ConomyError(`Refusing to send credentials to ${shown}: the client sends them only under ${baseUrl}`);
}

/** Marks an abort caused by the per-attempt timer, as opposed to the caller's signal. */
class TimeoutMarker extends Error {}

/** Marks a body that grew past maxResponseBytes; `status` is the answer's. */
class TooLargeMarker extends Error {
  constructor(readonly status: number) {
    super();
  }
}

/** One attempt: fetch plus reading the whole body, all under one timer joined to the caller's signal. */
async function attempt(
  request: Request,
  headers: Headers,
  body: ArrayBuffer | undefined,
  options: TransportOptions,
): Promise<BufferedResponse> {
  const controller = new AbortController();
  const callerSignal = request.signal;
  // Nothing is sent once the caller gave up, even through a fetch that ignores an aborted signal
  // (the token, when cached or static, was at hand without waiting on the signal).
  if (callerSignal.aborted) throw abortReason(callerSignal);
  const onCallerAbort = (): void => controller.abort(callerSignal.reason);
  callerSignal.addEventListener('abort', onCallerAbort);
  const timer = setTimeout(() => controller.abort(new TimeoutMarker()), options.timeoutMs);
  try {
    const outgoing = new Request(request.url, {
      method: request.method,
      headers,
      body: body ?? null,
      signal: controller.signal,
      // Never follow redirects: x-api-key would travel to whatever host the Location names.
      redirect: 'manual',
    });
    // abortable(): not every fetch implementation honours the signal, on the call or on the body.
    // One race covers both the call and the body read, and an abort rejects it with the reason of
    // whichever fired (a TimeoutMarker or the caller's), whatever the fetch implementation throws.
    const exchange = async (): Promise<BufferedResponse> => {
      const response = await options.fetch(outgoing);
      const { text, bytes } = await readBody(response, options.maxResponseBytes);
      // A fetch stand-in may answer with a constructed Response, whose url is empty.
      const url = response.url || request.url;
      const { status, statusText, headers } = response;
      return { status, statusText, headers, text, url, bytes, parsed: parsedBody(text) };
    };
    return await abortable(exchange(), controller.signal);
  } finally {
    clearTimeout(timer);
    callerSignal.removeEventListener('abort', onCallerAbort);
  }
}

/** The last step: throw a typed error, or hand openapi-fetch a fresh Response over the buffered body. */
function finish(response: BufferedResponse, target: () => RequestDescription, options: TransportOptions): Response {
  const { status, text } = response;
  if (status < 200) {
    // A browser reports a refused redirect as an opaque response with status 0 (a Response has no
    // status above 599).
    throw new ConomyError(`Unexpected redirect refused (${target().method} ${target().url})`);
  }
  if (status >= 300) {
    // Masked copies only: an error answer is printed and serialized, and a server may echo
    // credentials in its body and headers. With throwOnError: false the caller gets it as `error`.
    const headers = new Headers(options.redactor.headers(response.headers));
    const rawBody = options.redactor.text(text);
    if (options.throwOnError) throw createApiError({ status, headers, rawBody, request: target() });
    return bufferedResponse({ ...response, headers, text: rawBody }, undefined);
  }
  // Every documented success except 204 carries JSON; the declared types promise `data`, so an
  // empty or broken body is reported here rather than surfacing as undefined or a SyntaxError.
  if (status !== 204 && response.parsed === 'invalid') {
    const problem = text === '' ? 'an empty body' : 'a body that is not valid JSON';
    throw new ConomyInvalidResponseError(problem, { status, rawBody: options.redactor.text(text), request: target() });
  }
  return bufferedResponse(response, typeof response.parsed === 'object' ? response.parsed.value : undefined);
}

/** The body as JSON, parsed within the attempt, so a huge one cannot outlive the timeout unnoticed. */
function parsedBody(text: string): BufferedResponse['parsed'] {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return 'invalid';
  }
}

/**
 * The body as text, but never more than `limit` bytes: reading stops there, with a typed error.
 * The bytes are counted as they arrive, after decompression: a Content-Length counts the compressed
 * bytes, so a small one can announce a huge body. Only a Content-Length already over the limit is
 * refused before reading.
 */
async function readBody(response: Response, limit: number): Promise<{ text: string; bytes: number }> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const tooLarge = () => new TooLargeMarker(response.status);
  if (declared > limit) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (response.body === null) return { text: '', bytes: 0 };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { text: new TextDecoder().decode(bytes), bytes: size };
}

/**
 * The Response handed back to openapi-fetch. The body was already read (within the timeout) and,
 * for a success, parsed; building a new streamed body only for openapi-fetch to read and parse it
 * again cost more than the rest of the client together, so the Response carries no stream and its
 * text()/json() answer from the buffer. Callers see an ordinary Response: status, headers, url, and
 * a body that can be read (repeatedly, as the buffer does not drain).
 */
function bufferedResponse(response: BufferedResponse, parsed: unknown): Response {
  const { status, statusText, headers, text, url, bytes } = response;
  const buffered = new Response(null, { status, statusText, headers });
  // openapi-fetch asks json() (answered from the parse above) only when it sees a Content-Length;
  // without one (a chunked answer) it would parse the text a second time.
  // Stryker disable next-line ConditionalExpression: never setting it, openapi-fetch parses the text itself to the same data; always setting it is caught by the tests
  if (!buffered.headers.has('content-length')) buffered.headers.set('content-length', String(bytes));
  // Stryker disable next-line ConditionalExpression: always parsing the buffer again gives the same value; never doing so is caught by the tests
  const json = async (): Promise<unknown> => (parsed === undefined ? JSON.parse(text) : parsed);
  Object.defineProperties(buffered, {
    url: { value: url },
    text: { value: async () => text },
    json: { value: json },
  });
  return buffered;
}

/**
 * The fetch error as `cause`, but with known secrets masked in its message and its own causes: a
 * custom fetch may quote a header, and util.inspect(error) prints the whole cause chain.
 */
function scrubbedCopy(error: unknown, redactor: Redactor): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const cause = original.cause === undefined ? undefined : { cause: scrubbedCopy(original.cause, redactor) };
  const copy = new Error(redactor.text(original.message), cause);
  copy.name = original.name;
  return copy;
}

/** "fetch failed" alone says little; Node puts the socket error (ECONNRESET, …) in `cause`. */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return [error.message, cause?.message, typeof code === 'string' ? code : undefined].filter(Boolean).join(': ');
}
