import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConomyApiError, createConomyClient, type ConomyClientOptions } from '../../src/index.js';
import { Redactor } from '../../src/internal/log.js';
import { PAYMENT_LINK, SECRETS, capturingLogger, json, scriptedFetch } from './support.js';

const SECRET_VALUES = [SECRETS.apiKey, SECRETS.clientSecret, SECRETS.accessToken, SECRETS.refreshedToken];

/** Every way an error or client can be turned into text by a caller or a logging library. */
function renderings(value: unknown): string[] {
  return [String(value), JSON.stringify(value), inspect(value, { depth: 10, showHidden: false })];
}

function expectNoSecret(texts: string[]): void {
  for (const text of texts) for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
}

/** A server that echoes every credential it received back into its error body and response headers. */
const echoingServer = (status: number) =>
  scriptedFetch((request) =>
    json(
      status,
      {
        status,
        code: '11',
        type: 'invalidParam',
        detail: `bad key ${request.headers.get('x-api-key')} with ${request.headers.get('authorization')} and ${SECRETS.clientSecret}`,
        traceId: SECRETS.accessToken,
      },
      {
        'x-api-key': request.headers.get('x-api-key') ?? '',
        'x-echoed-authorization': request.headers.get('authorization') ?? '',
        'x-request-id': `req-${request.headers.get('authorization')}`,
      },
    ),
  );

function debugClient(fetch: (request: Request) => Promise<Response>, extra: Partial<ConomyClientOptions> = {}) {
  const logger = capturingLogger();
  const client = createConomyClient({
    apiKey: SECRETS.apiKey,
    clientId: SECRETS.clientId,
    clientSecret: SECRETS.clientSecret,
    fetch,
    logger,
    logLevel: 'debug',
    initialRetryDelayMs: 1,
    ...extra,
  } as ConomyClientOptions & { throwOnError?: true });
  return { client, logger };
}

describe('secrets never leak', () => {
  it('masks credentials in debug logs of a normal call, a token fetch and a 401 refresh', async () => {
    let first = true;
    const api = scriptedFetch(() => {
      if (first) {
        first = false;
        return json(401, { statusCode: 401, error: 'Unauthorized', message: 'expired' });
      }
      return json(200, PAYMENT_LINK);
    });
    const { client, logger } = debugClient(api.fetch);
    await client.GET('/payment-links');
    expect(logger.lines.length).toBeGreaterThan(3);
    expect(logger.lines.join('\n')).toContain('"x-api-key":"***"');
    expect(logger.lines.join('\n')).toContain('"authorization":"***"');
    expectNoSecret(logger.lines);
  });

  it('scrubs credentials a server echoes back, from messages, bodies and every serialization', async () => {
    const api = echoingServer(400);
    const { client, logger } = debugClient(api.fetch, { maxRetries: 0 });
    const error = await client.GET('/payment-links').catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('bad key *** with Bearer *** and ***');
    // The error keeps the response headers, masked: by name (x-api-key) and by value (anything else).
    const headers = (error as ConomyApiError).headers;
    expect(headers.get('x-api-key')).toBe('***');
    expect(headers.get('x-echoed-authorization')).toBe('Bearer ***');
    expect(headers.get('content-type')).toBe('application/json');
    expectNoSecret([...renderings(error), ...logger.lines]);
  });

  it('scrubs echoed credentials from the error paginate() throws with throwOnError: false', async () => {
    const api = echoingServer(400);
    const { client } = debugClient(api.fetch, { maxRetries: 0, throwOnError: false });
    const error = await (async () => {
      for await (const item of client.paginate('/payments')) return item;
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConomyApiError);
    expect((error as ConomyApiError).headers.get('x-echoed-authorization')).toBe('Bearer ***');
    expectNoSecret(renderings(error));
  });

  it('scrubs credentials from connection errors and retry warnings', async () => {
    const fetch = async (request: Request): Promise<Response> => {
      if (new URL(request.url).pathname.endsWith('/auth')) {
        return json(200, { accessToken: SECRETS.accessToken, tokenType: 'Bearer', expiresIn: 3600 });
      }
      throw new TypeError(`fetch failed for ${request.headers.get('authorization')}`, { cause: new Error(SECRETS.apiKey) });
    };
    const { client, logger } = debugClient(fetch, { maxRetries: 1 });
    const error = await client.GET('/payment-links').catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^Connection error: fetch failed for Bearer \*\*\*: \*\*\*/);
    expect(logger.lines.some((line) => line.startsWith('warn'))).toBe(true);
    // The original error stays available as `cause`, scrubbed like everything else.
    expect((error as Error).cause).toMatchObject({ name: 'TypeError', message: 'fetch failed for Bearer ***' });
    expectNoSecret([...renderings(error), ...logger.lines]);
  });

  it('scrubs credentials echoed JSON-escaped, percent-encoded or as a Basic authorization', async () => {
    const escaped = (secret: string) => JSON.stringify(secret).slice(1, -1).replaceAll('-', '\\u002d').replace('/', '\\/');
    const basic = btoa(`${SECRETS.clientId}:${SECRETS.clientSecret}`);
    const body =
      `{"statusCode":400,"error":"Bad Request","message":"key ${escaped(SECRETS.apiKey)}, ` +
      `secret ${encodeURIComponent(SECRETS.clientSecret)}, id ${escaped(SECRETS.clientId)}, basic ${basic}"}`;
    const fetch = async (request: Request) =>
      new URL(request.url).pathname.endsWith('/auth')
        ? json(200, { accessToken: SECRETS.accessToken, tokenType: 'Bearer', expiresIn: 3600 })
        : new Response(body, { status: 400, headers: { 'content-type': 'application/json', 'x-echo': basic } });
    const { client, logger } = debugClient(fetch);
    const error = (await client.GET('/payment-links').catch((caught: unknown) => caught)) as ConomyApiError;
    expect(error.message).toBe('400 Bad Request: key ***, secret ***, id ***, basic *** (GET https://api.conomyhq.com/sandbox/payment-links)');
    const texts = [...renderings(error), String(error.stack), ...logger.lines];
    expectNoSecret(texts);
    for (const text of texts) {
      expect(text).not.toContain(basic);
      expect(text).not.toContain(SECRETS.clientId);
    }
  });

  it('scrubs an echoing error answer that throwOnError: false returns as `error`, body and headers', async () => {
    const api = echoingServer(400);
    const { client } = debugClient(api.fetch, { throwOnError: false });
    const { error, response } = (await client.GET('/payment-links')) as unknown as { error: unknown; response: Response };
    expect(response.status).toBe(400);
    expectNoSecret([JSON.stringify(error), JSON.stringify([...response.headers]), await response.text()]);
    expect(JSON.stringify(error)).toContain('***');
  });

  it('scrubs a failing POST /auth that echoes the client secret', async () => {
    const fetch = async () => json(401, { statusCode: 401, error: 'Unauthorized', message: `unknown secret ${SECRETS.clientSecret}` });
    const { client, logger } = debugClient(fetch);
    const error = await client.GET('/payment-links').catch((caught: unknown) => caught);
    expectNoSecret([...renderings(error), ...logger.lines]);
  });

  it('adds credentials after middleware ran, so caller middleware never sees them', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const { client } = debugClient(api.fetch);
    const seenByMiddleware: Array<[string, string][]> = [];
    client.use({
      onRequest({ request }) {
        seenByMiddleware.push([...request.headers]);
      },
    });
    await client.GET('/payment-links');
    expect(seenByMiddleware).toHaveLength(1);
    expect(seenByMiddleware[0]?.map(([name]) => name)).not.toContain('x-api-key');
    expect(seenByMiddleware[0]?.map(([name]) => name)).not.toContain('authorization');
    expect(api.seen[0]?.headers.get('x-api-key')).toBe(SECRETS.apiKey);
  });

  it('keeps secrets out of the client object and its config', () => {
    const { client } = debugClient(scriptedFetch(() => json(200, {})).fetch);
    expect(client.config).toMatchObject({ auth: 'clientCredentials', logLevel: 'debug' });
    expectNoSecret([JSON.stringify(client), JSON.stringify(client.config), inspect(client, { depth: 10 })]);
  });

  it('masks tokens from getAccessToken() once they have been used', async () => {
    // Echoes only what this client sent: it knows nothing of the other test secrets.
    const api = scriptedFetch((request) =>
      json(403, { statusCode: 403, error: 'Forbidden', message: `${request.headers.get('authorization')} ${request.headers.get('x-api-key')}` }),
    );
    const logger = capturingLogger();
    const client = createConomyClient({
      apiKey: SECRETS.apiKey,
      getAccessToken: () => SECRETS.refreshedToken,
      fetch: api.fetch,
      logger,
      logLevel: 'debug',
    });
    const error = await client.GET('/payments').catch((caught: unknown) => caught);
    expectNoSecret([...renderings(error), ...logger.lines]);
  });
});

describe('Redactor', () => {
  it('masks percent-encoded forms and prefers the longest match', () => {
    const redactor = new Redactor(['part/of secret', 'part/of-a']);
    expect(redactor.text(`x part/of secret y ${encodeURIComponent('part/of secret')} part/of-a`)).toBe('x *** y *** ***');
  });

  it('forgets old access tokens but never the fixed credentials', () => {
    const redactor = new Redactor([SECRETS.apiKey]);
    for (let i = 0; i < Redactor.MAX_TOKENS + 5; i += 1) redactor.addToken(`rotating-token-${i}-xyz`);
    expect(redactor.text('rotating-token-0-xyz')).toBe('rotating-token-0-xyz');
    expect(redactor.text(`rotating-token-${Redactor.MAX_TOKENS + 4}-xyz`)).toBe('***');
    expect(redactor.text(SECRETS.apiKey)).toBe('***');
  });
});
