import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, ConomyError, createConomyClient } from '../../src/index.js';
import { PAYMENT_LINK, PROBLEM_404, SECRETS, capturingLogger, json, scriptedFetch, testClient } from './support.js';

const UNAUTHORIZED = { status: 401, code: '41', type: 'unauthorized', detail: 'Token expired', traceId: 't-401' };

/** Answers 401 to any token other than `valid`, 200 otherwise. */
const acceptOnly = (valid: string) => (request: { headers: Headers }) =>
  request.headers.get('authorization') === `Bearer ${valid}` ? json(200, PAYMENT_LINK) : json(401, UNAUTHORIZED);

afterEach(() => {
  vi.useRealTimers();
});

describe('client-credentials tokens', () => {
  it('fetches one token for 20 concurrent calls and reuses it afterwards', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const client = testClient(api.fetch);
    await Promise.all(Array.from({ length: 20 }, () => client.GET('/payment-links')));
    await client.GET('/payment-links');
    expect(api.authCalls).toHaveLength(1);
    expect(api.seen).toHaveLength(21);
    expect(new Set(api.seen.map((request) => request.headers.get('authorization')))).toEqual(
      new Set([`Bearer ${SECRETS.accessToken}`]),
    );
  });

  it('fetches a new token once the cached one is within the refresh margin of expiring', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const api = scriptedFetch(() => json(200, PAYMENT_LINK), { expiresIn: 3600 });
    const client = testClient(api.fetch);
    await client.GET('/payment-links');
    vi.advanceTimersByTime((3600 - 60) * 1000 - 1);
    await client.GET('/payment-links');
    expect(api.authCalls).toHaveLength(1);
    vi.advanceTimersByTime(1); // now 60 s before it expires: the margin begins
    await client.GET('/payment-links');
    expect(api.authCalls).toHaveLength(2);
    expect(api.seen[2]?.headers.get('authorization')).toBe(`Bearer ${SECRETS.refreshedToken}`);
  });

  it('keeps short-lived tokens for half their lifetime', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const api = scriptedFetch(() => json(200, PAYMENT_LINK), { expiresIn: 10 });
    const client = testClient(api.fetch);
    await client.GET('/payment-links');
    vi.advanceTimersByTime(4_900);
    await client.GET('/payment-links');
    expect(api.authCalls).toHaveLength(1);
    vi.advanceTimersByTime(200);
    await client.GET('/payment-links');
    expect(api.authCalls).toHaveLength(2);
  });

  it('on a 401 refreshes once and replays the call, also for a POST', async () => {
    const api = scriptedFetch(acceptOnly(SECRETS.refreshedToken));
    const client = testClient(api.fetch);
    const { data } = await client.POST('/payment-links/{paymentLinkId}/activate', {
      params: { path: { paymentLinkId: PAYMENT_LINK.id } },
    });
    expect(data.id).toBe(PAYMENT_LINK.id);
    expect(api.authCalls).toHaveLength(2);
    expect(api.seen.map((request) => request.headers.get('authorization'))).toEqual([
      `Bearer ${SECRETS.accessToken}`,
      `Bearer ${SECRETS.refreshedToken}`,
    ]);
  });

  it('refreshes exactly once when 20 concurrent calls all get a 401 with the stale token', async () => {
    const api = scriptedFetch(acceptOnly(SECRETS.refreshedToken));
    const client = testClient(api.fetch);
    const results = await Promise.all(Array.from({ length: 20 }, () => client.GET('/payment-links')));
    expect(results.every((result) => result.response.status === 200)).toBe(true);
    expect(api.authCalls).toHaveLength(2); // the first token, then one refresh
    expect(api.seen).toHaveLength(40);
  });

  it('keeps the fresh token when a 401 for the stale one arrives after the refresh', async () => {
    let answerLate = (): void => {};
    const late = new Promise<void>((resolve) => (answerLate = resolve));
    const api = scriptedFetch(
      async (request) => {
        if (request.headers.get('authorization') === `Bearer ${SECRETS.refreshedToken}`) return json(200, PAYMENT_LINK);
        if (request.path === '/payments') await late;
        return json(401, UNAUTHORIZED);
      },
      { tokens: [SECRETS.accessToken, SECRETS.refreshedToken, 'token-LEAKCHECK-third-c0c0'] },
    );
    const client = testClient(api.fetch);
    const early = client.GET('/payment-links');
    const delayed = client.GET('/payments');
    await early;
    answerLate();
    await delayed;
    expect(api.authCalls).toHaveLength(2);
    expect(api.seen.map((request) => `${request.path} ${request.headers.get('authorization')}`)).toEqual([
      `/payment-links Bearer ${SECRETS.accessToken}`,
      `/payments Bearer ${SECRETS.accessToken}`,
      `/payment-links Bearer ${SECRETS.refreshedToken}`,
      `/payments Bearer ${SECRETS.refreshedToken}`,
    ]);
  });

  it('logs at info level when it obtains a token and when it replays after a 401', async () => {
    const api = scriptedFetch(acceptOnly(SECRETS.refreshedToken));
    const logger = capturingLogger();
    await testClient(api.fetch, { logger, logLevel: 'info' }).GET('/payment-links');
    expect(logger.lines).toEqual([
      'info [conomy] Obtained an access token valid for 3600 s ',
      'info [conomy] 401 with the cached token; fetching a new one and replaying GET https://api.conomyhq.com/sandbox/payment-links once ',
      'info [conomy] Obtained an access token valid for 3600 s ',
    ]);
  });

  it('gives up after one refresh when the new token is refused too', async () => {
    const api = scriptedFetch(() => json(401, UNAUTHORIZED), { tokens: ['a-token-1', 'a-token-2', 'a-token-3'] });
    const error = await testClient(api.fetch).GET('/payment-links').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(api.authCalls).toHaveLength(2);
    expect(api.seen).toHaveLength(2);
  });

  it('does not replay on 401 with a static token or getAccessToken() (the client has nothing to refresh)', async () => {
    const api = scriptedFetch(() => json(401, UNAUTHORIZED));
    const tokenOptions = [{ accessToken: 'static-token-01' }, { getAccessToken: () => 'callback-token-01' }];
    for (const tokens of tokenOptions) {
      const client = createConomyClient({ apiKey: SECRETS.apiKey, ...tokens, fetch: api.fetch, logLevel: 'off' });
      await expect(client.GET('/payment-links')).rejects.toBeInstanceOf(AuthenticationError);
    }
    expect(api.seen).toHaveLength(2);
  });

  it('reports a failing POST /auth as a typed error to every waiting call', async () => {
    const fetch = async (request: Request) =>
      new URL(request.url).pathname.endsWith('/auth') ? json(401, UNAUTHORIZED) : json(404, PROBLEM_404);
    const client = testClient(fetch);
    const errors = await Promise.all([client.GET('/payment-links'), client.GET('/payments')].map((call) => call.catch((e: unknown) => e)));
    for (const error of errors) {
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).request).toEqual({ method: 'POST', url: 'https://api.conomyhq.com/sandbox/auth' });
    }
  });

  it.each([
    [{ tokenType: 'Bearer', expiresIn: 3600 }, 'POST /auth succeeded but returned no accessToken'],
    [{ accessToken: '', expiresIn: 3600 }, 'POST /auth succeeded but returned no accessToken'],
    [{ accessToken: 12345678, expiresIn: 3600 }, 'POST /auth succeeded but returned no accessToken'],
    [null, 'POST /auth succeeded but returned no accessToken'],
    [{ accessToken: 'token-from-auth-01' }, 'POST /auth succeeded but returned no positive expiresIn'],
    [{ accessToken: 'token-from-auth-01', expiresIn: 0 }, 'POST /auth succeeded but returned no positive expiresIn'],
    [{ accessToken: 'token-from-auth-01', expiresIn: -60 }, 'POST /auth succeeded but returned no positive expiresIn'],
    [{ accessToken: 'token-from-auth-01', expiresIn: '3600' }, 'POST /auth succeeded but returned no positive expiresIn'],
    [{ accessToken: 'token-from-auth-01\r\n', expiresIn: 3600 }, 'the access token returned by POST /auth contains whitespace at the ends or characters not allowed in an HTTP header'],
    [{ accessToken: 'tok', expiresIn: 3600 }, 'the access token returned by POST /auth is shorter than 8 characters, too short to be masked safely'],
  ])('refuses the POST /auth answer %j without sending the call', async (answer, message) => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const fetch = async (request: Request) => (new URL(request.url).pathname.endsWith('/auth') ? json(200, answer) : api.fetch(request));
    await expect(testClient(fetch).GET('/payment-links')).rejects.toThrow(new ConomyError(message));
    expect(api.seen).toHaveLength(0);
  });

  it.each([
    ['an empty string', '', 'getAccessToken() must return a non-empty string'],
    ['a number', 12345678, 'getAccessToken() must return a non-empty string'],
    ['nothing', undefined, 'getAccessToken() must return a non-empty string'],
    ['a token with a line break', 'token-LEAKCHECK\nx-injected: 1', 'the access token returned by getAccessToken() contains whitespace at the ends or characters not allowed in an HTTP header'],
    ['a token too short to mask', 'tok', 'the access token returned by getAccessToken() is shorter than 8 characters, too short to be masked safely'],
  ])('refuses %s from getAccessToken() without sending the call', async (_what, token, message) => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const getAccessToken = async () => token as string;
    const client = createConomyClient({ apiKey: 'apikey-test-0001', getAccessToken, fetch: api.fetch, logLevel: 'off' });
    await expect(client.GET('/payment-links')).rejects.toThrow(new ConomyError(message));
    expect(api.seen).toHaveLength(0);
  });
});
