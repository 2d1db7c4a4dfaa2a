// Who may call. Which credentials an operation needs comes from its security requirement in the
// spec: the API key header on every call, and the bearer token POST /auth issued on every call but
// that one. Unpinned, any non-empty API key and client credentials are accepted; pinned, only the
// given ones. Either way a bearer token must be one the mock issued and that has not run out.
import type { JsonObject } from '../../lib/spec/json-pointer.mjs';
import { credentialHeader, requiredSchemes } from '../../lib/spec/security.mjs';
import type { Operation } from '../contract/spec/spec-from-document.js';
import type { components } from '../generated/openapi.js';
import { problem, type MockReply } from './replies.js';
import type { MockStore } from './state.js';
import type { ConomyMockCredentials } from './types.js';

/** How long an issued token lasts, as its `expiresIn` says. */
const TOKEN_SECONDS = 3600;

/** What an operation's (first) security requirement asks for. */
interface Needs {
  /** Lower-case name of the API key header, if any. */
  apiKeyHeader?: string;
  bearer: boolean;
}

export class MockCredentials {
  private readonly needs = new Map<string, Needs>();

  constructor(
    document: JsonObject,
    operations: readonly Operation[],
    private readonly store: MockStore,
    private readonly pinned?: ConomyMockCredentials,
  ) {
    for (const operation of operations) this.needs.set(operation.operationId, needsOf(document, operation));
    this.restore();
  }

  /** Puts the pinned token back, valid from the start (after a reset too). */
  restore(): void {
    const accessToken = this.pinned?.accessToken;
    if (accessToken !== undefined) this.store.tokens.set(accessToken, { token: tokenBody(accessToken), expiresAt: Infinity });
  }

  /** The 401 a request without the credentials its operation needs gets, else undefined. */
  refusal(operationId: string, headers: Headers): MockReply | undefined {
    const { apiKeyHeader, bearer } = this.needs.get(operationId) ?? { bearer: true };
    if (apiKeyHeader !== undefined) {
      const apiKey = headers.get(apiKeyHeader) ?? '';
      if (apiKey === '' || (this.pinned && apiKey !== this.pinned.apiKey)) return problem(401, `missing or unknown ${apiKeyHeader}`);
    }
    if (!bearer) return undefined;
    const token = /^Bearer +(\S+)$/i.exec(headers.get('authorization') ?? '')?.[1];
    return token !== undefined && this.store.tokens.has(token) ? undefined : problem(401, 'missing, unknown or expired bearer token');
  }

  /** POST /auth: a new token for the client credentials (401 for others than the pinned ones). */
  issue({ clientId, clientSecret }: components['schemas']['AccessTokenRequest'], now = Date.now()): MockReply {
    if (this.pinned && (clientId !== this.pinned.clientId || clientSecret !== this.pinned.clientSecret)) {
      return problem(401, 'unknown client credentials');
    }
    const accessToken = this.pinned?.accessToken ?? `mock-token-${globalThis.crypto.randomUUID()}`;
    const expiresAt = this.pinned?.accessToken === undefined ? now + TOKEN_SECONDS * 1000 : Infinity;
    this.store.tokens.set(accessToken, { token: tokenBody(accessToken), expiresAt });
    return { status: 200, body: tokenBody(accessToken) };
  }
}

function tokenBody(accessToken: string): components['schemas']['AccessToken'] {
  return { accessToken, tokenType: 'Bearer', expiresIn: TOKEN_SECONDS };
}

/** The header of each scheme the operation's first security requirement names (the document's when it has none). */
function needsOf(document: JsonObject, operation: Operation): Needs {
  const needs: Needs = { bearer: false };
  for (const name of requiredSchemes(document, operation.node)) {
    const credential = credentialHeader(document, name);
    if (credential?.kind === 'apiKey') needs.apiKeyHeader = credential.header;
    if (credential?.kind === 'bearer') needs.bearer = true;
  }
  return needs;
}
