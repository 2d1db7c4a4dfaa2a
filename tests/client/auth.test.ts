import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, createConomyClient } from '../../src/index.js';
import { PAYMENT_LINK, PROBLEM_404, SECRETS, json, scriptedFetch, testClient } from './support.js';

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
    vi.advanceTimersByTime((3600 - 61) * 1000);
    await client.GET('/payment-links');
    expect(api.authCalls).toHaveLength(1);
    vi.advanceTimersByTime(2 * 1000); // now inside the 60 s margin
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

  it('gives up after one refresh when the new token is refused too', async () => {
    const api = scriptedFetch(() => json(401, UNAUTHORIZED), { tokens: ['a-token-1', 'a-token-2', 'a-token-3'] });
    const error = await testClient(api.fetch).GET('/payment-links').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(api.authCalls).toHaveLength(2);
    expect(api.seen).toHaveLength(2);
  });

  it('does not replay on 401 with a static token (there is nothing to refresh)', async () => {
    const api = scriptedFetch(() => json(401, UNAUTHORIZED));
    const client = createConomyClient({ apiKey: SECRETS.apiKey, accessToken: 'static-token-01', fetch: api.fetch, logLevel: 'off' });
    await expect(client.GET('/payment-links')).rejects.toBeInstanceOf(AuthenticationError);
    expect(api.seen).toHaveLength(1);
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

  it('refuses a POST /auth answer without a usable token', async () => {
    const fetch = async () => json(200, { tokenType: 'Bearer', expiresIn: 3600 });
    await expect(testClient(fetch).GET('/payment-links')).rejects.toThrow('POST /auth succeeded but returned no accessToken');
    const noExpiry = async () => json(200, { accessToken: 'token-from-auth-01', tokenType: 'Bearer' });
    await expect(testClient(noExpiry).GET('/payment-links')).rejects.toThrow('returned no positive expiresIn');
  });

  it('refuses an empty token from getAccessToken()', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const client = createConomyClient({ apiKey: 'apikey-test-0001', getAccessToken: () => '', fetch: api.fetch, logLevel: 'off' });
    await expect(client.GET('/payment-links')).rejects.toThrow('getAccessToken() must return a non-empty string');
    expect(api.seen).toHaveLength(0);
  });
});
