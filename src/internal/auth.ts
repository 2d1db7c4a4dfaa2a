import { ConomyError } from '../core/error.js';
import { assertCredential, type ResolvedCredentials } from '../core/options.js';
import type { AccessTokenRequest } from '../generated/openapi.js';
import type { Log, Redactor } from './log.js';

// Where the bearer token comes from. Three sources, one interface:
// - client credentials: this client calls POST /auth itself, caches the token and refreshes it;
// - a static access token;
// - a getAccessToken() callback, called before every request (the caller owns caching then).

export interface TokenSource {
  /**
   * A token valid for the next request: the string itself when one is at hand (static or cached),
   * so the common path awaits nothing, else a promise.
   */
  get(): string | Promise<string>;
  /**
   * Called after a 401. Returns true when a retry with a fresh token makes sense, which is only the
   * case when this client obtains tokens itself.
   */
  invalidate(rejectedToken: string): boolean;
}

/** Refresh this long before the token expires, so a token never expires in flight. */
const REFRESH_MARGIN_SECONDS = 60;

/** The token source for the credentials the options chose; `issueToken` calls POST /auth with them. */
export function tokenSource(
  credentials: ResolvedCredentials,
  issueToken: (body: AccessTokenRequest) => Promise<unknown>,
  redactor: Redactor,
  log: Log,
): TokenSource {
  if ('accessToken' in credentials) return staticToken(credentials.accessToken);
  if ('getAccessToken' in credentials) return callbackToken(credentials.getAccessToken, redactor);
  return clientCredentialsToken(() => issueToken(credentials), redactor, log);
}

function staticToken(token: string): TokenSource {
  return { get: () => token, invalidate: () => false };
}

function callbackToken(getAccessToken: () => string | Promise<string>, redactor: Redactor): TokenSource {
  return {
    async get() {
      const token = await getAccessToken();
      if (typeof token !== 'string' || token === '') {
        throw new ConomyError('getAccessToken() must return a non-empty string');
      }
      assertCredential(token, 'the access token returned by getAccessToken()');
      redactor.addToken(token);
      return token;
    },
    invalidate: () => false,
  };
}

/**
 * Client-credentials tokens: cached until `expiresIn` minus a margin, and single-flight: however
 * many requests need a token at once, only one POST /auth is in progress and all of them share it.
 */
function clientCredentialsToken(
  /** Calls POST /auth; the answer is checked here, since a server may send anything. */
  issueToken: () => Promise<unknown>,
  redactor: Redactor,
  log: Log,
  now: () => number = Date.now,
): TokenSource {
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const issued = (await issueToken()) as { accessToken?: unknown; expiresIn?: unknown } | undefined;
    if (typeof issued?.accessToken !== 'string' || issued.accessToken === '') {
      throw new ConomyError('POST /auth succeeded but returned no accessToken');
    }
    // expiresIn is a lifetime in seconds.
    if (typeof issued.expiresIn !== 'number' || !(issued.expiresIn > 0)) {
      throw new ConomyError('POST /auth succeeded but returned no positive expiresIn');
    }
    assertCredential(issued.accessToken, 'the access token returned by POST /auth');
    redactor.addToken(issued.accessToken);
    // Short-lived tokens keep at least half their lifetime usable instead of being refetched every call.
    const margin = Math.min(REFRESH_MARGIN_SECONDS, issued.expiresIn / 2);
    cached = { token: issued.accessToken, refreshAt: now() + (issued.expiresIn - margin) * 1000 };
    log.info(`Obtained an access token valid for ${issued.expiresIn} s`);
    return issued.accessToken;
  }

  return {
    get() {
      if (cached && now() < cached.refreshAt) return cached.token;
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(rejectedToken) {
      // Only drop the cache if it still holds the rejected token: when twenty calls fail with the
      // same stale token, the first one triggers the refresh and the rest reuse its result.
      if (cached?.token === rejectedToken) cached = undefined;
      return true;
    },
  };
}
