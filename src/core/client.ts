import createClient from 'openapi-fetch';
import { tokenSource } from '../internal/auth.js';
import { Redactor, createLog } from '../internal/log.js';
import { createPaginate, type ListCall } from '../internal/paginate.js';
import { checkPathParams, guardCalls, type CallInit } from '../internal/path.js';
import { assertUnderBaseUrl, createTransport } from '../internal/transport.js';
import { ConomyError } from './error.js';
import { resolveOptions, type ConomyClientConfig, type ConomyClientOptions } from './options.js';
import type { AccessTokenRequest } from '../generated/openapi.js';
import type { ClientPaths, LenientClient, ListItem, PaginatedPath, PaginateInit, ThrowingClient } from './types.js';

// createConomyClient wires the parts together: the options are checked and resolved in options.ts,
// the token sources live in internal/auth.ts, the retries and credentials in internal/transport.ts.

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
  const resolved = resolveOptions(options);
  const { baseUrl } = resolved;
  const redactor = new Redactor(resolved.secrets);
  const log = createLog(resolved, redactor);
  const headers = { 'User-Agent': resolved.userAgent, 'conomyhq-api-version': resolved.apiVersion ?? undefined };
  // Conomy's list filters take comma-separated values (style form, explode false in the spec).
  const querySerializer = { array: { style: 'form', explode: false } } as const;

  // POST /auth goes through its own always-throwing client, so token failures surface as typed
  // errors whatever `throwOnError` says, and caller middleware never sees the client secret.
  const authClient = createClient<ClientPaths>({
    baseUrl,
    headers,
    fetch: createTransport({ ...resolved, throwOnError: true, log, redactor }),
  });
  const issueToken = async (body: AccessTokenRequest) => (await authClient.POST('/auth', { body })).data;
  const tokens = tokenSource(resolved.credentials, issueToken, redactor, log);

  const client = guardCalls(
    createClient<ClientPaths>({
      baseUrl,
      headers,
      querySerializer,
      fetch: createTransport({ ...resolved, tokens, log, redactor }),
    }),
    (path, init) => checkCall(path, init, baseUrl),
  );

  const paginate = createPaginate(client.GET as unknown as ListCall, resolved.maxPages, redactor);
  return Object.assign(client, { paginate, config: resolved.config }) as unknown as ConomyClient<boolean>;
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
