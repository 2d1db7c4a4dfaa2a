import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_VERSION, ConomyError, createConomyClient, DEFAULT_USER_AGENT, VERSION } from '../../src/index.js';
import { assertUnderBaseUrl } from '../../src/internal/transport.js';
import { BASE, PAYMENT_LINK, SECRETS, json, scriptedFetch, testClient } from './support.js';

const ok = () => json(200, PAYMENT_LINK);

describe('request headers', () => {
  it('sends x-api-key, the bearer token, the default User-Agent and the pinned API version', async () => {
    const api = scriptedFetch(ok);
    const client = testClient(api.fetch);
    await client.GET('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId: PAYMENT_LINK.id } } });

    const [request] = api.seen;
    expect(request?.url).toBe(`${BASE}/payment-links/${PAYMENT_LINK.id}`);
    expect(request?.headers.get('x-api-key')).toBe(SECRETS.apiKey);
    expect(request?.headers.get('authorization')).toBe(`Bearer ${SECRETS.accessToken}`);
    expect(request?.headers.get('user-agent')).toBe(`conomy-checkout-contract/${VERSION}`);
    expect(request?.headers.get('conomyhq-api-version')).toBe('24-04-2025');
    expect(API_VERSION).toBe('24-04-2025');
  });

  it('keeps VERSION (and so the default User-Agent) equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(DEFAULT_USER_AGENT).toBe(`conomy-checkout-contract/${pkg.version}`);
  });

  it('calls POST /auth with x-api-key and the credentials, and without a bearer token', async () => {
    const api = scriptedFetch(ok);
    await testClient(api.fetch).GET('/payment-links');
    const [auth] = api.authCalls;
    expect(auth?.method).toBe('POST');
    expect(auth?.url).toBe(`${BASE}/auth`);
    expect(auth?.headers.get('x-api-key')).toBe(SECRETS.apiKey);
    expect(auth?.headers.get('authorization')).toBeNull();
    expect(auth?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(auth?.body ?? '')).toEqual({ clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret });
  });

  it('sends the bearer token on every call but POST /auth, another method to /auth included', async () => {
    const api = scriptedFetch(ok);
    const client = testClient(api.fetch) as unknown as { GET: (path: string) => Promise<unknown> };
    await client.GET('/auth');
    expect(api.authCalls.map((request) => [request.method, request.headers.get('authorization')])).toEqual([
      ['POST', null],
      ['GET', `Bearer ${SECRETS.accessToken}`],
    ]);
  });

  it('lets the User-Agent and API version be overridden per client and per request', async () => {
    const api = scriptedFetch(ok);
    const client = testClient(api.fetch, { userAgent: 'MyShop/1.4.2', apiVersion: null });
    await client.GET('/payment-links');
    expect(api.seen[0]?.headers.get('user-agent')).toBe('MyShop/1.4.2');
    expect(api.seen[0]?.headers.has('conomyhq-api-version')).toBe(false);

    await client.GET('/payment-links', { headers: { 'conomyhq-api-version': '24-04-2025', 'User-Agent': 'Other/2' } });
    expect(api.seen[1]?.headers.get('conomyhq-api-version')).toBe('24-04-2025');
    expect(api.seen[1]?.headers.get('user-agent')).toBe('Other/2');

    const pinned = testClient(api.fetch);
    await pinned.GET('/payment-links', { headers: { 'conomyhq-api-version': null } });
    expect(api.seen[2]?.headers.has('conomyhq-api-version')).toBe(false);
  });

  it('uses a static accessToken or getAccessToken() instead of POST /auth', async () => {
    const api = scriptedFetch(ok);
    const staticClient = createConomyClient({ apiKey: SECRETS.apiKey, accessToken: 'static-token-1', fetch: api.fetch, logLevel: 'off' });
    await staticClient.GET('/payment-links');
    let calls = 0;
    const callbackClient = createConomyClient({
      apiKey: SECRETS.apiKey,
      getAccessToken: async () => `callback-token-${++calls}`,
      fetch: api.fetch,
      logLevel: 'off',
    });
    await callbackClient.GET('/payment-links');
    await callbackClient.GET('/payment-links');
    expect(api.authCalls).toHaveLength(0);
    expect(api.seen.map((request) => request.headers.get('authorization'))).toEqual([
      'Bearer static-token-1',
      'Bearer callback-token-1',
      'Bearer callback-token-2',
    ]);
  });

  it('encodes query arrays comma-separated, as the spec declares (style form, explode false)', async () => {
    const api = scriptedFetch(() => json(200, { pagination: { count: 0, next: 0, previous: 0, total: 0 }, results: [] }));
    await testClient(api.fetch).GET('/payment-links', { params: { query: { status: ['ACTIVE', 'EXPIRED'], limit: 10 } } });
    expect(new URL(api.seen[0]?.url ?? '').search).toBe('?status=ACTIVE,EXPIRED&limit=10');
  });

  it('sends the JSON body of a POST with content-type application/json', async () => {
    const api = scriptedFetch(() => json(201, PAYMENT_LINK));
    await testClient(api.fetch).POST('/payment-links/{paymentLinkId}/activate', {
      params: { path: { paymentLinkId: PAYMENT_LINK.id } },
    });
    expect(api.seen[0]?.method).toBe('POST');
    expect(api.seen[0]?.path).toBe(`/payment-links/${PAYMENT_LINK.id}/activate`);
  });
});

describe('environment and base URL', () => {
  it('defaults to sandbox, switches to production, or takes a baseUrl', () => {
    const credentials = { apiKey: SECRETS.apiKey, accessToken: 'token-test-0001' } as const;
    expect(createConomyClient(credentials).config.baseUrl).toBe('https://api.conomyhq.com/sandbox');
    expect(createConomyClient({ ...credentials, environment: 'production' }).config.baseUrl).toBe('https://api.conomyhq.com');
    expect(createConomyClient({ ...credentials, baseUrl: 'https://mock.example/v1/' }).config.baseUrl).toBe('https://mock.example/v1');
    for (const loopback of ['http://127.0.0.1:4010', 'http://[::1]:4010', 'http://localhost:4010']) {
      expect(createConomyClient({ ...credentials, baseUrl: loopback }).config.baseUrl).toBe(loopback);
    }
  });

  it('refuses plain http except on loopback hosts, saying so', () => {
    expect(() => createConomyClient({ apiKey: 'apikey-test-0001', accessToken: 'token-test-0001', baseUrl: 'http://api.conomyhq.com' })).toThrow(
      /must use https; plain http is only allowed for loopback hosts \(127\.0\.0\.1, ::1, localhost\)/,
    );
  });

  it('refuses bad environments and base URLs with a clear message', () => {
    const base = { apiKey: 'apikey-test-0001', accessToken: 'token-test-0001' } as const;
    expect(() => createConomyClient({ ...base, environment: 'staging' as 'sandbox' })).toThrow(/environment must be 'sandbox' or 'production'/);
    expect(() => createConomyClient({ ...base, baseUrl: 'not a url' })).toThrow(/baseUrl is not a valid URL/);
    // A credential pasted into baseUrl by mistake is not shown back.
    expect(() => createConomyClient({ apiKey: SECRETS.apiKey, accessToken: SECRETS.accessToken, baseUrl: SECRETS.apiKey })).toThrow(
      'baseUrl is not a valid URL: "***"',
    );
    expect(() => createConomyClient({ ...base, baseUrl: 'https://x.example', environment: 'production' })).toThrow(
      /either environment or baseUrl/,
    );
    expect(() => createConomyClient({ ...base, baseUrl: 'https://user:pw@x.example' })).toThrow(/must not contain credentials/);
  });

  it.each([
    ['another host over plain http', 'http://other-host:9999'],
    ['another host over https', 'https://evil.example'],
    ['production from a sandbox client', 'https://api.conomyhq.com'],
    ['another path on the same host', 'https://api.conomyhq.com/sandbox-copy'],
  ])('refuses a per-request baseUrl to %s before sending anything, naming it but no credential', async (_what, other) => {
    const api = scriptedFetch(() => json(200, { pagination: { count: 0, next: 0, previous: 0, total: 0 }, results: [] }));
    const client = testClient(api.fetch);
    const error = await client.GET('/payment-links', { baseUrl: other }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConomyError);
    expect((error as Error).message).toBe(
      `Refusing to send credentials to ${new URL(other).origin}${new URL(`${other}/payment-links`).pathname}: ` +
        'the client sends them only under https://api.conomyhq.com/sandbox',
    );
    expect(api.seen).toEqual([]);
    expect(api.authCalls).toEqual([]);
    for (const secret of Object.values(SECRETS)) expect(JSON.stringify(error) + String(error)).not.toContain(secret);
  });

  it('counts the base URL itself and every path below it as under it, and nothing else', async () => {
    expect(() => assertUnderBaseUrl(BASE, BASE)).not.toThrow();
    expect(() => assertUnderBaseUrl(`${BASE}/payments/p1?x=1`, BASE)).not.toThrow();
    expect(() => assertUnderBaseUrl(`${BASE}-copy/payments?key=1`, BASE)).toThrow(
      `Refusing to send credentials to https://api.conomyhq.com/sandbox-copy/payments: the client sends them only under ${BASE}`,
    );
    const client = testClient(scriptedFetch(() => json(200, PAYMENT_LINK)).fetch);
    await expect(client.GET('/payment-links', { baseUrl: 'not a url' })).rejects.toThrow(
      new ConomyError(`Refusing to send credentials to another URL: the client sends them only under ${BASE}`),
    );
  });

  it('refuses a per-request baseUrl with credentials in it, and a per-call fetch, as ConomyErrors', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const client = testClient(api.fetch);
    await expect(client.GET('/payment-links', { baseUrl: 'https://user:pw@api.conomyhq.com/sandbox' })).rejects.toBeInstanceOf(ConomyError);
    const own = client.GET('/payment-links', { fetch: async () => json(200, {}) });
    await expect(own).rejects.toThrow('A per-call fetch is not taken: it would bypass the credentials, retries and masking');
    expect(api.seen).toEqual([]);
  });
});

describe('option validation', () => {
  it('requires apiKey, naming it', () => {
    expect(() => createConomyClient({ accessToken: 'token-test-0001' } as never)).toThrow(/apiKey is required/);
    expect(() => createConomyClient({ apiKey: '', accessToken: 'token-test-0001' })).toThrow(/apiKey is required/);
  });

  it('requires exactly one way to get a token, naming the missing part', () => {
    expect(() => createConomyClient({ apiKey: 'apikey-test-0001' } as never)).toThrow(/exactly one of: clientId \+ clientSecret, accessToken, or getAccessToken/);
    expect(() => createConomyClient({ apiKey: 'apikey-test-0001', clientId: 'clientid-test-01' } as never)).toThrow(/clientSecret is required/);
    expect(() => createConomyClient({ apiKey: 'apikey-test-0001', clientSecret: 'secret-test-0001' } as never)).toThrow(/clientId is required/);
    expect(() => createConomyClient({ apiKey: 'apikey-test-0001', accessToken: 'token-test-0001', clientId: 'clientid-test-01', clientSecret: 'secret-test-0001' } as never)).toThrow(
      /exactly one of/,
    );
  });

  it('refuses credentials that cannot be sent as a header, without echoing them', () => {
    const attempt = () => createConomyClient({ apiKey: 'secret-with-newline\n', accessToken: 'token-test-0001' });
    expect(attempt).toThrow(ConomyError);
    expect(attempt).toThrow(/apiKey contains whitespace at the ends or characters not allowed/);
    expect(attempt).not.toThrow(/secret-with-newline/);
  });

  it('refuses out-of-range numbers and unknown log levels', () => {
    const base = { apiKey: 'apikey-test-0001', accessToken: 'token-test-0001' } as const;
    expect(() => createConomyClient({ ...base, maxRetries: -1 })).toThrow(/maxRetries must be an integer >= 0/);
    expect(() => createConomyClient({ ...base, timeoutMs: 0 })).toThrow(/timeoutMs must be an integer >= 1/);
    expect(() => createConomyClient({ ...base, maxPages: 1.5 })).toThrow(/maxPages must be an integer >= 1/);
    expect(() => createConomyClient({ ...base, logLevel: 'loud' as 'info' })).toThrow(/logLevel must be one of debug, info, warn, error, off/);
    // A String object names a level for Object.hasOwn, but is no level the logger can compare.
    expect(() => createConomyClient({ ...base, logLevel: new String('warn') as unknown as 'warn' })).toThrow(/logLevel must be one of/);
  });
});
