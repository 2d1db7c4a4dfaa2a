// What the client logs at each level, and the masking that does not depend on knowing a secret:
// headers that carry credentials by their nature are masked by name, whatever their value.
import { describe, expect, it } from 'vitest';
import { createConomyClient, type ConomyApiError, type LogLevel } from '../../src/index.js';
import { Redactor } from '../../src/internal/log.js';
import { BASE, PAYMENT_LINK, SECRETS, capturingLogger, json, scriptedFetch, testClient } from './support.js';

/** The levels of the lines one call writes at `logLevel`: a token fetch, a retried 503, then giving up. */
async function levelsWritten(logLevel: LogLevel): Promise<string[]> {
  const api = scriptedFetch(() => json(503, { statusCode: 503, error: 'Service Unavailable', message: 'later' }));
  const logger = capturingLogger();
  await testClient(api.fetch, { logger, logLevel, maxRetries: 1 })
    .GET('/payment-links')
    .catch(() => undefined);
  return [...new Set(logger.lines.map((line) => line.split(' ')[0] ?? ''))].sort();
}

describe('log levels', () => {
  it.each([
    ['debug', ['debug', 'error', 'info', 'warn']],
    ['info', ['error', 'info', 'warn']],
    ['warn', ['error', 'warn']],
    ['error', ['error']],
    ['off', []],
  ] as const)('at %s, writes %j', async (level, written) => {
    expect(await levelsWritten(level)).toEqual(written);
  });

  it('writes the debug lines of each attempt: what is sent, with masked headers, and what came back', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const logger = capturingLogger();
    const client = createConomyClient({ apiKey: SECRETS.apiKey, accessToken: SECRETS.accessToken, fetch: api.fetch, logger, logLevel: 'debug' });
    await client.GET('/payment-links');
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toMatch(/^debug \[conomy\] → GET https:\/\/api\.conomyhq\.com\/sandbox\/payment-links \{"attempt":1,"headers":\{/);
    expect(logger.lines[0]).toContain('"authorization":"***"');
    expect(logger.lines[1]).toMatch(/^debug \[conomy\] ← 200 GET https:\/\/api\.conomyhq\.com\/sandbox\/payment-links in \d+ ms $/);
    expect(Number(/in (\d+) ms/.exec(logger.lines[1] ?? '')?.[1])).toBeLessThan(10_000);
  });
});

describe('what the logger is handed', () => {
  it('the line alone when it has no details, the line and the masked details otherwise', async () => {
    const calls: unknown[][] = [];
    const record = (...args: unknown[]) => void calls.push(args);
    const logger = { debug: record, info: record, warn: record, error: record };
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    await createConomyClient({ apiKey: SECRETS.apiKey, accessToken: SECRETS.accessToken, fetch: api.fetch, logger, logLevel: 'debug' }).GET('/payment-links');
    expect(calls.map((args) => args.length)).toEqual([2, 1]);
    expect(calls[0]?.[1]).toMatchObject({ attempt: 1, headers: { 'x-api-key': '***' } });
  });
});

describe('retry lines', () => {
  const failingFetch = () => scriptedFetch(() => Promise.reject(new TypeError('fetch failed')));
  const call = `GET ${BASE}/payment-links`;

  it('warns before each retry and says when it gives up, naming the failure', async () => {
    const logger = capturingLogger();
    await testClient(failingFetch().fetch, { logger, logLevel: 'warn', maxRetries: 1, initialRetryDelayMs: 0 })
      .GET('/payment-links')
      .catch(() => undefined);
    expect(logger.lines).toEqual([
      `warn [conomy] Retrying in 0 ms after: Connection error: fetch failed (${call}) `,
      `error [conomy] Giving up after 2 attempts: Connection error: fetch failed (${call}) `,
    ]);
  });

  it('says when it gives up on a status, naming the call', async () => {
    const logger = capturingLogger();
    const api = scriptedFetch(() => json(503, { statusCode: 503, error: 'Service Unavailable', message: 'later' }));
    await testClient(api.fetch, { logger, logLevel: 'error', maxRetries: 1 }).GET('/payment-links').catch(() => undefined);
    expect(logger.lines).toEqual([`error [conomy] Giving up after 2 attempts: status 503 (${call}) `]);
  });

  it('says nothing of giving up when it made no retry, or when the last answer was no failure', async () => {
    const logger = capturingLogger();
    await testClient(failingFetch().fetch, { logger, logLevel: 'warn', maxRetries: 0 }).GET('/payment-links').catch(() => undefined);
    const unavailable = json(503, { statusCode: 503, error: 'Service Unavailable', message: 'later' });
    const never = scriptedFetch(() => unavailable.clone());
    await testClient(never.fetch, { logger, logLevel: 'warn', maxRetries: 0 }).GET('/payment-links').catch(() => undefined);
    const once = scriptedFetch((_request, index) => (index === 0 ? unavailable : json(404, { statusCode: 404, error: 'Not Found', message: 'no' })));
    await testClient(once.fetch, { logger, logLevel: 'warn', initialRetryDelayMs: 0 }).GET('/payment-links').catch(() => undefined);
    expect(logger.lines).toEqual([`warn [conomy] Retrying ${call} in 0 ms after status 503 `]);
  });
});

describe('masking by header name', () => {
  it('masks credential headers a caller adds to a call in the debug log, whatever their value', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const logger = capturingLogger();
    const client = createConomyClient({ apiKey: SECRETS.apiKey, accessToken: SECRETS.accessToken, fetch: api.fetch, logger, logLevel: 'debug' });
    const headers = { Cookie: 'session=unknown-to-the-client', 'Proxy-Authorization': 'Basic dXNlcjpwYXNz', 'X-Shop': 'visible' };
    await client.GET('/payment-links', { headers });
    const sent = JSON.parse(logger.lines[0]?.replace(/^[^{]*/, '') ?? '{}') as { headers: Record<string, string> };
    expect(sent.headers).toMatchObject({ cookie: '***', 'proxy-authorization': '***', 'x-api-key': '***', authorization: '***', 'x-shop': 'visible' });
  });

  it('masks credential headers of an error answer, whatever their value', async () => {
    const headers = {
      'set-cookie': 'session=issued-by-the-server',
      'x-api-key': 'another-key-the-client-does-not-know',
      authorization: 'Bearer some-other-token',
      'x-request-id': 'req-1',
    };
    const api = scriptedFetch(() => json(400, { statusCode: 400, error: 'Bad Request', message: 'no' }, headers));
    const error = (await testClient(api.fetch).GET('/payment-links').catch((caught: unknown) => caught)) as ConomyApiError;
    expect(Object.fromEntries(error.headers)).toMatchObject({ 'set-cookie': '***', 'x-api-key': '***', authorization: '***', 'x-request-id': 'req-1' });
  });
});

describe('Redactor', () => {
  it('masks credential keys of JSON details by name, at any depth and in any case, and secrets in every string', () => {
    const redactor = new Redactor([SECRETS.apiKey, undefined, '']);
    const details = {
      Authorization: 'Bearer not-a-known-secret',
      nested: [{ COOKIE: 'a=b', note: `key ${SECRETS.apiKey}` }, 'plain', 7, null, true],
      count: 3,
    };
    expect(redactor.json(details)).toEqual({
      Authorization: '***',
      nested: [{ COOKIE: '***', note: 'key ***' }, 'plain', 7, null, true],
      count: 3,
    });
  });

  it(`remembers the ${Redactor.MAX_TOKENS} most recent distinct access tokens: one used on many calls takes one place`, () => {
    const redactor = new Redactor([]);
    const tokens = Array.from({ length: Redactor.MAX_TOKENS + 1 }, (_, i) => `rotating-token-${i}-xyz`);
    // getAccessToken() hands the same token to call after call before it rotates.
    for (const token of tokens.slice(0, Redactor.MAX_TOKENS)) for (let call = 0; call < 10; call += 1) redactor.addToken(token);
    expect(tokens.slice(0, Redactor.MAX_TOKENS).map((token) => redactor.text(token))).toEqual(Array(Redactor.MAX_TOKENS).fill('***'));
    redactor.addToken(tokens[Redactor.MAX_TOKENS] as string);
    expect(redactor.text(tokens[0] as string)).toBe(tokens[0]);
    expect(redactor.text(tokens[1] as string)).toBe('***');
    expect(Redactor.MAX_TOKENS).toBe(8);
  });
});
