// createConomyClient's options: what each defaults to, and that every bad value is refused up front
// with a message naming the option (never quoting a credential), before any request is made.
import { describe, expect, it } from 'vitest';
import { API_VERSION, ConomyError, createConomyClient, DEFAULT_USER_AGENT } from '../../src/index.js';
import { BASE, PAYMENT_LINK, SECRETS, json, scriptedFetch } from './support.js';

const credentials = { apiKey: SECRETS.apiKey, accessToken: SECRETS.accessToken } as const;

/** The error createConomyClient throws for these options (fails the test when it throws none). */
function refusal(options: unknown): ConomyError {
  try {
    createConomyClient(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ConomyError);
    return error as ConomyError;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

describe('defaults', () => {
  it('resolves every setting it was not given, and shows them in config without a secret', () => {
    expect(createConomyClient(credentials).config).toEqual({
      baseUrl: 'https://api.conomyhq.com/sandbox',
      auth: 'accessToken',
      userAgent: DEFAULT_USER_AGENT,
      apiVersion: API_VERSION,
      throwOnError: true,
      maxRetries: 2,
      timeoutMs: 30_000,
      maxResponseBytes: 10 * 1024 * 1024,
      maxPages: 100,
      logLevel: 'warn',
    });
  });

  it('keeps the values it was given, the smallest allowed ones included', () => {
    const options = { maxRetries: 0, timeoutMs: 1, maxResponseBytes: 1, maxPages: 1, initialRetryDelayMs: 0, maxRetryDelayMs: 0 };
    const config = createConomyClient({ ...credentials, ...options, throwOnError: false, logLevel: 'off', userAgent: 'Shop/1' }).config;
    expect(config).toMatchObject({ maxRetries: 0, timeoutMs: 1, maxResponseBytes: 1, maxPages: 1, throwOnError: false, logLevel: 'off', userAgent: 'Shop/1' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names the way it obtains tokens', () => {
    expect(createConomyClient({ apiKey: SECRETS.apiKey, getAccessToken: () => SECRETS.accessToken }).config.auth).toBe('getAccessToken');
    const withCredentials = { apiKey: SECRETS.apiKey, clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret };
    expect(createConomyClient(withCredentials).config.auth).toBe('clientCredentials');
  });
});

describe('refused options', () => {
  it.each([null, undefined, 'apikey-LEAKCHECK', 42])('refuses %j instead of an options object', (options) => {
    expect(refusal(options).message).toBe('createConomyClient needs an options object with at least apiKey and credentials');
  });

  it.each([
    ['only spaces', '        '],
    ['not a string', 12345678],
  ])('refuses an apiKey of %s', (_what, apiKey) => {
    expect(refusal({ ...credentials, apiKey }).message).toBe('apiKey is required and must be a non-empty string (it is sent as the x-api-key header)');
  });

  it.each([
    ['a line break inside', 'apikey-first\r\nx-injected: 1'],
    ['a space at the start', ' apikey-LEAKCHECK-7f3a9c21'],
    ['a tab at the end', 'apikey-LEAKCHECK-7f3a9c21\t'],
    ['a character outside visible ASCII', 'apikey-LEAKCHECK-7f3a9c2é'],
  ])('refuses a credential with %s, naming it without showing it', (_what, apiKey) => {
    const error = refusal({ ...credentials, apiKey });
    expect(error.message).toBe('apiKey contains whitespace at the ends or characters not allowed in an HTTP header');
    expect(error.message).not.toContain('apikey');
  });

  it('accepts a credential with a space inside, which a header may carry', () => {
    expect(() => createConomyClient({ ...credentials, apiKey: 'apikey with-space-inside' })).not.toThrow();
  });

  it.each([
    [{ apiKey: SECRETS.apiKey, accessToken: '' }, 'accessToken is required and must be a non-empty string (or use clientId + clientSecret)'],
    [{ apiKey: SECRETS.apiKey, clientId: SECRETS.clientId, clientSecret: ' ' }, 'clientSecret is required and must be a non-empty string (it is sent to POST /auth together with clientId)'],
    [{ apiKey: SECRETS.apiKey, clientId: 42, clientSecret: SECRETS.clientSecret }, 'clientId is required and must be a non-empty string (it is sent to POST /auth together with clientSecret)'],
  ])('refuses an unusable token credential, saying what it is for: %j', (options, message) => {
    expect(refusal(options).message).toBe(message);
  });

  it('refuses a credential too short to be masked safely', () => {
    expect(refusal({ ...credentials, accessToken: 'short' }).message).toBe('accessToken is shorter than 8 characters, too short to be masked safely');
  });

  it.each([
    [{ userAgent: '' }, 'userAgent is required and must be a non-empty string (it is sent as the User-Agent header)'],
    [{ userAgent: 7 }, 'userAgent is required and must be a non-empty string (it is sent as the User-Agent header)'],
    [{ userAgent: 'Shop/1\n' }, 'userAgent contains whitespace at the ends or characters not allowed in an HTTP header'],
    [{ apiVersion: '' }, 'apiVersion is required and must be a non-empty string (or null for none)'],
    [{ apiVersion: 20250424 }, 'apiVersion is required and must be a non-empty string (or null for none)'],
    [{ apiVersion: '24-04-2025\r\n' }, 'apiVersion contains whitespace at the ends or characters not allowed in an HTTP header'],
    [{ getAccessToken: 'token-LEAKCHECK-first-5e6f', accessToken: undefined }, 'getAccessToken must be a function'],
    [{ fetch: 'https://api.conomyhq.com' }, 'No fetch available: pass the `fetch` option'],
    [{ environment: 'toString' }, `environment must be 'sandbox' or 'production'; got "toString"`],
  ])('refuses %j, naming the option', (option, message) => {
    expect(refusal({ ...credentials, ...option }).message).toBe(message);
  });

  it.each([
    ['maxRetries', -1, 0],
    ['maxPages', 0, 1],
    ['timeoutMs', 0, 1],
    ['maxResponseBytes', 0, 1],
    ['initialRetryDelayMs', -1, 0],
    ['maxRetryDelayMs', -1, 0],
  ])('refuses %s = %j (the least is %j), and a number given as a string', (name, tooSmall, least) => {
    expect(refusal({ ...credentials, [name]: tooSmall }).message).toBe(`${name} must be an integer >= ${least}; got ${tooSmall}`);
    expect(refusal({ ...credentials, [name]: '5' }).message).toBe(`${name} must be an integer >= ${least}; got "5"`);
    expect(refusal({ ...credentials, [name]: 2.5 }).message).toBe(`${name} must be an integer >= ${least}; got 2.5`);
  });
});

describe('baseUrl', () => {
  it.each([
    ['a username only', 'https://user@mock.example'],
    ['a password only', 'https://:pw-LEAKCHECK@mock.example'],
    ['a query', 'https://mock.example/v1?debug=1'],
    ['a fragment', 'https://mock.example/v1#top'],
  ])('refuses one with %s', (_what, baseUrl) => {
    expect(refusal({ ...credentials, baseUrl }).message).toBe('baseUrl must not contain credentials, a query or a fragment');
  });

  it('refuses plain http to a host that is not loopback, naming the host', () => {
    expect(refusal({ ...credentials, baseUrl: 'http://mock.example:8080/v1' }).message).toBe(
      'baseUrl must use https; plain http is only allowed for loopback hosts (127.0.0.1, ::1, localhost), got mock.example:8080',
    );
  });

  it.each(['ftp://mock.example', 'file:///etc/passwd', 'ws://127.0.0.1:4010'])('refuses %s, which is not https', (baseUrl) => {
    expect(refusal({ ...credentials, baseUrl }).message).toBe(`baseUrl must be an https URL, got ${new URL(baseUrl).protocol}`);
  });

  it('refuses a baseUrl that is not a string, and an empty one', () => {
    for (const baseUrl of [42, '', ' ']) {
      expect(refusal({ ...credentials, baseUrl }).message).toBe('baseUrl is required and must be a non-empty string (e.g. https://api.conomyhq.com/sandbox)');
    }
  });

  it('drops every trailing slash, so paths are joined with exactly one', async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const client = createConomyClient({ ...credentials, baseUrl: 'https://mock.example/v1///', fetch: api.fetch, logLevel: 'off' });
    expect(client.config.baseUrl).toBe('https://mock.example/v1');
    await client.GET('/payment-links');
    expect(api.seen[0]?.url).toBe('https://mock.example/v1/payment-links');
  });

  it("takes a per-call baseUrl that is the client's own, with or without a trailing slash", async () => {
    const api = scriptedFetch(() => json(200, PAYMENT_LINK));
    const client = createConomyClient({ ...credentials, fetch: api.fetch, logLevel: 'off' });
    await client.GET('/payment-links', { baseUrl: BASE });
    await client.GET('/payment-links', { baseUrl: `${BASE}/` });
    expect(api.seen.map((request) => request.url)).toEqual([`${BASE}/payment-links`, `${BASE}/payment-links`]);
  });
});
