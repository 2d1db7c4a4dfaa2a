import createClient from 'openapi-fetch';
import { VERSION } from '../generated/version.js';
import {
  assertHeaderSafe,
  assertMaskable,
  callbackToken,
  clientCredentialsToken,
  staticToken,
  type TokenSource,
} from '../internal/auth.js';
import { Redactor, createLog, parseLogLevel, type LogLevel, type Logger } from '../internal/log.js';
import { createMasker } from '../internal/secrets.js';
import { createPaginate, type ListCall } from '../internal/paginate.js';
import { checkPathParams, guardCalls, type CallInit } from '../internal/path.js';
import { baseUrlProblem } from '../internal/base-url.js';
import { assertUnderBaseUrl, createTransport } from '../internal/transport.js';
import { API_VERSION } from './api-version.js';
import { ConomyError } from './error.js';
import type { AccessTokenRequest } from '../generated/openapi.js';
import type { ClientPaths, LenientClient, ListItem, PaginatedPath, PaginateInit, ThrowingClient } from './types.js';

export const ENVIRONMENTS = {
  sandbox: 'https://api.conomyhq.com/sandbox',
  production: 'https://api.conomyhq.com',
} as const;

export type Environment = keyof typeof ENVIRONMENTS;

export const DEFAULT_USER_AGENT = `conomy-checkout-contract/${VERSION}`;

const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Exactly one way to obtain the bearer token (the types refuse mixtures; so does the runtime). */
export type ConomyCredentials =
  | { clientId: string; clientSecret: string; accessToken?: never; getAccessToken?: never }
  | { accessToken: string; clientId?: never; clientSecret?: never; getAccessToken?: never }
  | { getAccessToken: () => string | Promise<string>; clientId?: never; clientSecret?: never; accessToken?: never };

export type ConomyClientOptions = ConomyCredentials & {
  /** Sent as `x-api-key` on every request. Required. */
  apiKey: string;
  /** Which Conomy environment to call (default 'sandbox'). */
  environment?: Environment;
  /** Instead of `environment`: any https URL, or http on a loopback host (a local mock). */
  baseUrl?: string;
  /** Default `conomy-checkout-contract/<version>`. */
  userAgent?: string;
  /** `conomyhq-api-version` to send; default API_VERSION, `null` sends none (= API v1). */
  apiVersion?: string | null;
  /**
   * true (default): a non-2xx response throws a ConomyApiError subclass and calls resolve to
   * `{ data, response }`. false: calls resolve to openapi-fetch's `{ data, error, response }`.
   * Pass a literal: the declared result types depend on it.
   */
  throwOnError?: boolean;
  /** Retries of a GET, DELETE or POST /auth after a connection error, timeout, 408, 429, 502-504 (default 2). */
  maxRetries?: number;
  /** First backoff delay; doubles per retry (default 500 ms). */
  initialRetryDelayMs?: number;
  /** Cap for the backoff and for a server's Retry-After (default 30 000 ms). */
  maxRetryDelayMs?: number;
  /** Limit for one attempt, body included (default 30 000 ms). */
  timeoutMs?: number;
  /**
   * A response body longer than this is not read past it: the call throws
   * ConomyResponseTooLargeError (default 10 MiB, far above any documented answer).
   */
  maxResponseBytes?: number;
  /** `paginate()` throws rather than fetch more pages than this (default 100). */
  maxPages?: number;
  /** Console-like logger (default console) and the level from which it is used (default 'warn'). */
  logger?: Logger;
  logLevel?: LogLevel;
  /** fetch implementation (default globalThis.fetch). */
  fetch?: (request: Request) => Promise<Response>;
};

/** The client's resolved settings, without any secret, safe to log or serialize. */
export interface ConomyClientConfig {
  baseUrl: string;
  auth: 'clientCredentials' | 'accessToken' | 'getAccessToken';
  userAgent: string;
  apiVersion: string | null;
  throwOnError: boolean;
  maxRetries: number;
  timeoutMs: number;
  maxResponseBytes: number;
  maxPages: number;
  logLevel: LogLevel;
}

export interface ConomyClientExtras {
  /**
   * Every item of a list operation, page after page, following `pagination.next` (an offset).
   * Always throws on a failed page, whatever `throwOnError` says, since an iterator has no error slot.
   */
  paginate<Path extends PaginatedPath>(
    path: Path,
    init?: PaginateInit<Path>,
  ): AsyncGenerator<ListItem<Path>, void, undefined>;
  readonly config: Readonly<ConomyClientConfig>;
}

/**
 * The typed client: openapi-fetch's, narrowed to success results unless `throwOnError` may be false
 * (`false`, or a `boolean` whose value is known only at run time).
 */
export type ConomyClient<ThrowOnError extends boolean = true> = ([ThrowOnError] extends [true] ? ThrowingClient : LenientClient) &
  ConomyClientExtras;

export function createConomyClient(options: ConomyClientOptions & { throwOnError?: true }): ConomyClient<true>;
export function createConomyClient(options: ConomyClientOptions & { throwOnError: boolean }): ConomyClient<boolean>;
export function createConomyClient(options: ConomyClientOptions): ConomyClient<true> | ConomyClient<boolean> {
  if (typeof options !== 'object' || options === null) {
    throw new ConomyError('createConomyClient needs an options object with at least apiKey and credentials');
  }
  const apiKey = requireCredential(options.apiKey, 'apiKey', 'it is sent as the x-api-key header');
  const baseUrl = resolveBaseUrl(options);
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  assertHeaderSafe(requireString(userAgent, 'userAgent', 'it is sent as the User-Agent header'), 'userAgent');
  const apiVersion = options.apiVersion === undefined ? API_VERSION : options.apiVersion;
  if (apiVersion !== null) assertHeaderSafe(requireString(apiVersion, 'apiVersion', 'or null for none'), 'apiVersion');
  const throwOnError = options.throwOnError ?? true;
  const maxRetries = count(options.maxRetries, 'maxRetries', 2, 0);
  const maxPages = count(options.maxPages, 'maxPages', 100, 1);
  const timeoutMs = count(options.timeoutMs, 'timeoutMs', 30_000, 1);
  const maxResponseBytes = count(options.maxResponseBytes, 'maxResponseBytes', DEFAULT_MAX_RESPONSE_BYTES, 1);
  const initialRetryDelayMs = count(options.initialRetryDelayMs, 'initialRetryDelayMs', 500, 0);
  const maxRetryDelayMs = count(options.maxRetryDelayMs, 'maxRetryDelayMs', 30_000, 0);
  const logLevel = parseLogLevel(options.logLevel ?? 'warn');
  const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetchImpl !== 'function') throw new ConomyError('No fetch available: pass the `fetch` option');

  const redactor = new Redactor([apiKey, options.clientId, options.clientSecret, options.accessToken]);
  const log = createLog(options.logger ?? globalThis.console, logLevel, redactor);
  const defaultHeaders = { 'User-Agent': userAgent, 'conomyhq-api-version': apiVersion ?? undefined };
  // Conomy's list filters take comma-separated values (style form, explode false in the spec).
  const querySerializer = { array: { style: 'form', explode: false } } as const;
  const transportOptions = {
    fetch: fetchImpl,
    baseUrl,
    apiKey,
    authUrl: `${baseUrl}/auth`,
    maxRetries,
    timeoutMs,
    maxResponseBytes,
    initialRetryDelayMs,
    maxRetryDelayMs,
    log,
    redactor,
  };

  // POST /auth goes through its own always-throwing client, so token failures surface as typed
  // errors whatever `throwOnError` says, and caller middleware never sees the client secret.
  const authClient = createClient<ClientPaths>({
    baseUrl,
    headers: defaultHeaders,
    fetch: createTransport({ ...transportOptions, throwOnError: true, tokens: undefined }),
  });
  const issueToken = async (body: AccessTokenRequest) => (await authClient.POST('/auth', { body })).data;
  const { auth, tokens } = resolveTokens(options, redactor, log, issueToken);

  const client = guardCalls(
    createClient<ClientPaths>({
      baseUrl,
      headers: defaultHeaders,
      querySerializer,
      fetch: createTransport({ ...transportOptions, throwOnError, tokens }),
    }),
    (path, init) => checkCall(path, init, baseUrl),
  );

  const config: ConomyClientConfig = {
    baseUrl,
    auth,
    userAgent,
    apiVersion,
    throwOnError,
    maxRetries,
    timeoutMs,
    maxResponseBytes,
    maxPages,
    logLevel,
  };

  const paginate = createPaginate(client.GET as unknown as ListCall, maxPages, redactor);
  return Object.assign(client, { paginate, config: Object.freeze(config) }) as unknown as ConomyClient<boolean>;
}

/** What a call may not do: a bad path value, a base URL elsewhere, its own fetch. */
function checkCall(path: string, init: CallInit, baseUrl: string): void {
  checkPathParams(path, init?.params?.path);
  if (init?.fetch !== undefined) {
    throw new ConomyError('A per-call fetch is not taken: it would bypass the credentials, retries and masking. Pass fetch to createConomyClient.');
  }
  // The URL openapi-fetch will build: it drops one trailing slash of a per-call baseUrl.
  if (init?.baseUrl !== undefined) assertUnderBaseUrl(`${String(init.baseUrl).replace(/\/$/, '')}${path}`, baseUrl);
}

function resolveTokens(
  options: ConomyClientOptions,
  redactor: Redactor,
  log: ReturnType<typeof createLog>,
  issueToken: (body: AccessTokenRequest) => Promise<unknown>,
): { auth: ConomyClientConfig['auth']; tokens: TokenSource } {
  const { clientId, clientSecret, accessToken, getAccessToken } = options as Partial<
    Record<'clientId' | 'clientSecret' | 'accessToken', unknown>
  > & { getAccessToken?: unknown };
  const given = [clientId ?? clientSecret, accessToken, getAccessToken].filter((value) => value !== undefined);
  if (given.length !== 1) {
    throw new ConomyError('Pass exactly one of: clientId + clientSecret, accessToken, or getAccessToken');
  }
  if (accessToken !== undefined) {
    const token = requireCredential(accessToken, 'accessToken', 'or use clientId + clientSecret');
    return { auth: 'accessToken', tokens: staticToken(token) };
  }
  if (getAccessToken !== undefined) {
    if (typeof getAccessToken !== 'function') throw new ConomyError('getAccessToken must be a function');
    return { auth: 'getAccessToken', tokens: callbackToken(getAccessToken as () => string, redactor) };
  }
  const credentials = {
    clientId: requireCredential(clientId, 'clientId', 'it is sent to POST /auth together with clientSecret'),
    clientSecret: requireCredential(clientSecret, 'clientSecret', 'it is sent to POST /auth together with clientId'),
  };
  return { auth: 'clientCredentials', tokens: clientCredentialsToken(() => issueToken(credentials), redactor, log) };
}

function resolveBaseUrl(options: ConomyClientOptions): string {
  if (options.baseUrl !== undefined && options.environment !== undefined) {
    throw new ConomyError('Pass either environment or baseUrl, not both');
  }
  if (options.baseUrl === undefined) {
    const environment = options.environment ?? 'sandbox';
    if (!Object.hasOwn(ENVIRONMENTS, environment)) {
      throw new ConomyError(`environment must be 'sandbox' or 'production'; got ${JSON.stringify(environment)}`);
    }
    return ENVIRONMENTS[environment];
  }
  let url: URL;
  try {
    url = new URL(requireString(options.baseUrl, 'baseUrl', 'e.g. https://api.conomyhq.com/sandbox'));
  } catch (error) {
    if (error instanceof ConomyError) throw error;
    // A credential pasted into the wrong option must not be shown back.
    const mask = createMasker([options.apiKey, options.clientId, options.clientSecret, options.accessToken]);
    throw new ConomyError(`baseUrl is not a valid URL: ${mask(JSON.stringify(options.baseUrl))}`);
  }
  const problem = baseUrlProblem(url);
  if (problem) throw new ConomyError(`baseUrl ${problem}`);
  return url.href.replace(/\/+$/, '');
}

/** A credential: a non-empty string fit for a header, and long enough to be masked (secrets.js). */
function requireCredential(value: unknown, name: string, hint: string): string {
  const credential = requireString(value, name, hint);
  assertHeaderSafe(credential, name);
  assertMaskable(credential, name);
  return credential;
}

function requireString(value: unknown, name: string, hint: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConomyError(`${name} is required and must be a non-empty string (${hint})`);
  }
  return value;
}

function count(value: unknown, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConomyError(`${name} must be an integer >= ${min}; got ${JSON.stringify(value)}`);
  }
  return value;
}
