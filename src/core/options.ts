import { VERSION } from '../generated/version.js';
import { baseUrlProblem } from '../internal/base-url.js';
import { LEVEL_RANK } from '../internal/log.js';
import { createMasker, credentialLengthProblem } from '../internal/secrets.js';
import { API_VERSION } from './api-version.js';
import { ConomyError } from './error.js';

// createConomyClient's options: the types a caller writes, and resolveOptions, the one place they
// are checked and completed. Every bad value is refused here, up front, with a message that names
// the option and never shows a credential; the rest of the client reads only the resolved result.

export const ENVIRONMENTS = {
  sandbox: 'https://api.conomyhq.com/sandbox',
  production: 'https://api.conomyhq.com',
} as const;

export type Environment = keyof typeof ENVIRONMENTS;

export const DEFAULT_USER_AGENT = `conomy-checkout-contract/${VERSION}`;

const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

type LogFn = (message: string, ...rest: unknown[]) => void;

/** Anything console-like. `console` itself qualifies. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

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

/** The one way to obtain the bearer token that the options chose (named by `auth`), checked. */
export type ResolvedCredentials =
  | { clientId: string; clientSecret: string }
  | { accessToken: string }
  | { getAccessToken: () => string | Promise<string> };

/**
 * Every option checked and defaulted, `baseUrl` without a trailing slash: what the client is built
 * from, frozen. The public settings are both at the top, for the parts to read, and in `config`,
 * the frozen copy without secrets that `client.config` shows.
 */
export interface ResolvedOptions extends Readonly<ConomyClientConfig> {
  readonly config: Readonly<ConomyClientConfig>;
  readonly apiKey: string;
  readonly credentials: Readonly<ResolvedCredentials>;
  /** Every credential given (undefined where unset), for the redactor to mask. */
  readonly secrets: ReadonlyArray<string | undefined>;
  readonly initialRetryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly logger: Logger;
  readonly fetch: (request: Request) => Promise<Response>;
}

export function resolveOptions(options: ConomyClientOptions): ResolvedOptions {
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
  const maxRetries = count(options, 'maxRetries', 2, 0);
  const maxPages = count(options, 'maxPages', 100, 1);
  const timeoutMs = count(options, 'timeoutMs', 30_000, 1);
  const maxResponseBytes = count(options, 'maxResponseBytes', DEFAULT_MAX_RESPONSE_BYTES, 1);
  const initialRetryDelayMs = count(options, 'initialRetryDelayMs', 500, 0);
  const maxRetryDelayMs = count(options, 'maxRetryDelayMs', 30_000, 0);
  const logLevel = options.logLevel ?? 'warn';
  if (typeof logLevel !== 'string' || !Object.hasOwn(LEVEL_RANK, logLevel)) {
    throw new ConomyError(`logLevel must be one of ${Object.keys(LEVEL_RANK).join(', ')}; got ${JSON.stringify(logLevel)}`);
  }
  // Stryker disable next-line OptionalChaining: every Node the package supports (20+) has fetch; only a runtime without it (no test can be one without patching globals) would see a TypeError instead
  const fetch = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetch !== 'function') throw new ConomyError('No fetch available: pass the `fetch` option');
  const { auth, credentials } = resolveCredentials(options);
  const config = Object.freeze({ baseUrl, auth, userAgent, apiVersion, throwOnError, maxRetries, timeoutMs, maxResponseBytes, maxPages, logLevel });
  return Object.freeze({
    ...config,
    config,
    apiKey,
    credentials,
    secrets: credentialsIn(options),
    initialRetryDelayMs,
    maxRetryDelayMs,
    logger: options.logger ?? globalThis.console,
    fetch,
  });
}

/**
 * A credential (configured, or a token obtained later) must be fit for a header and long enough to
 * be masked (secrets.js); else it is refused with a message that names it but never shows it.
 */
export function assertCredential(value: string, what: string): void {
  assertHeaderSafe(value, what);
  const problem = credentialLengthProblem(value);
  if (problem) throw new ConomyError(`${what} ${problem}`);
}

function resolveCredentials(options: ConomyClientOptions): Pick<ResolvedOptions, 'auth' | 'credentials'> {
  const { clientId, clientSecret, accessToken, getAccessToken } = options as Partial<
    Record<'clientId' | 'clientSecret' | 'accessToken', unknown>
  > & { getAccessToken?: unknown };
  const given = [clientId ?? clientSecret, accessToken, getAccessToken].filter((value) => value !== undefined);
  if (given.length !== 1) {
    throw new ConomyError('Pass exactly one of: clientId + clientSecret, accessToken, or getAccessToken');
  }
  if (accessToken !== undefined) {
    const token = requireCredential(accessToken, 'accessToken', 'or use clientId + clientSecret');
    return { auth: 'accessToken', credentials: { accessToken: token } };
  }
  if (getAccessToken !== undefined) {
    if (typeof getAccessToken !== 'function') throw new ConomyError('getAccessToken must be a function');
    return { auth: 'getAccessToken', credentials: { getAccessToken: getAccessToken as () => string } };
  }
  const credentials = {
    clientId: requireCredential(clientId, 'clientId', 'it is sent to POST /auth together with clientSecret'),
    clientSecret: requireCredential(clientSecret, 'clientSecret', 'it is sent to POST /auth together with clientId'),
  };
  return { auth: 'clientCredentials', credentials };
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
  const text = requireString(options.baseUrl, 'baseUrl', 'e.g. https://api.conomyhq.com/sandbox');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // A credential pasted into the wrong option must not be shown back.
    throw new ConomyError(`baseUrl is not a valid URL: ${createMasker(credentialsIn(options))(JSON.stringify(text))}`);
  }
  const problem = baseUrlProblem(url);
  if (problem) throw new ConomyError(`baseUrl ${problem}`);
  return url.href.replace(/\/+$/, '');
}

/** Every credential value the options hold, unchecked (undefined where unset): what must be masked. */
function credentialsIn(options: ConomyClientOptions): Array<string | undefined> {
  return [options.apiKey, options.clientId, options.clientSecret, options.accessToken];
}

/** A credential: a non-empty string fit for a header, and long enough to be masked. */
function requireCredential(value: unknown, name: string, hint: string): string {
  const credential = requireString(value, name, hint);
  assertCredential(credential, name);
  return credential;
}

/**
 * A value with a line break or other control character would make `new Headers()` throw, and its
 * message would quote the value, a secret perhaps. Refuse it up front, naming it but not showing it.
 */
function assertHeaderSafe(value: string, what: string): void {
  // Visible ASCII and spaces only: what an HTTP header value may carry.
  if (!/^[\x20-\x7e]*$/.test(value) || value.trim() !== value) {
    throw new ConomyError(`${what} contains whitespace at the ends or characters not allowed in an HTTP header`);
  }
}

function requireString(value: unknown, name: string, hint: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConomyError(`${name} is required and must be a non-empty string (${hint})`);
  }
  return value;
}

/** The integer option `name`, at least `min`, or `fallback` when it is not given. */
function count(options: ConomyClientOptions, name: keyof ConomyClientOptions, fallback: number, min: number): number {
  const value: unknown = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConomyError(`${name} must be an integer >= ${min}; got ${JSON.stringify(value)}`);
  }
  return value;
}
