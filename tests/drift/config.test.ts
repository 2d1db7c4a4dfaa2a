// The drift configuration (src/drift/config.ts), what a failed connection is said to
// mean, and the report helpers that need no run.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { githubSlug } from '../../lib/register.mjs';
import { readDriftConfig } from '../../src/drift/config.js';
import { connectionFailure } from '../../src/drift/preflight.js';
import { curlFor } from '../../src/drift/report/render-markdown.js';
import { registerAnchors } from '../../src/drift/report/register.js';

const complete = {
  CONOMY_API_KEY: 'apikey-test-0001',
  CONOMY_CLIENT_ID: 'clientid-test-01',
  CONOMY_CLIENT_SECRET: 'secret-test-0001',
  CONOMY_IDENTITY_ID: 'identity',
  CONOMY_ACCOUNT_NUMBER: '123',
};

function problemsWith(baseUrl: string): string[] {
  const result = readDriftConfig({ ...complete, CONOMY_BASE_URL: baseUrl });
  return result.ok ? [] : result.problems;
}

describe('readDriftConfig', () => {
  it('defaults to the sandbox, CLP, 100 requests, failing on breaking drift, reports/; an access token wins', () => {
    const files = { reportsDir: resolve('reports'), baselineFile: resolve('drift-baseline.json'), historyFile: resolve('reports/drift-history.jsonl') };
    expect(readDriftConfig(complete)).toEqual({
      ok: true,
      files,
      secrets: ['apikey-test-0001', 'clientid-test-01', 'secret-test-0001'],
      config: {
        baseUrl: 'https://api.conomyhq.com/sandbox',
        apiKey: 'apikey-test-0001',
        credentials: { clientId: 'clientid-test-01', clientSecret: 'secret-test-0001' },
        identityId: 'identity',
        accountNumber: '123',
        accountHolder: 'Conomy drift check',
        currency: 'CLP',
        maxRequests: 100,
        failOn: 'breaking',
        ...files,
      },
    });
    const baseUrl = 'https://api.conomyhq.com/sandbox/';
    const withToken = readDriftConfig({ ...complete, CONOMY_ACCESS_TOKEN: 'token-test-0001', CONOMY_BASE_URL: baseUrl });
    expect(withToken.ok && withToken.config).toMatchObject({
      credentials: { accessToken: 'token-test-0001' },
      baseUrl: 'https://api.conomyhq.com/sandbox',
    });
  });

  it('says whether a variable is missing or set wrong by a code, not by its words', () => {
    const { CONOMY_API_KEY: _key, ...withoutKey } = complete;
    expect(readDriftConfig({ ...withoutKey, CONOMY_CURRENCY: 'pesos' })).toMatchObject({ ok: false, code: 'config-missing' });
    expect(readDriftConfig({ ...complete, CONOMY_CURRENCY: 'pesos' })).toMatchObject({ ok: false, code: 'config-invalid' });
    // What a refused configuration still tells a report: where the files go, and what to mask.
    const refused = readDriftConfig({ ...complete, CONOMY_BASE_URL: 'https://user:pass@api.conomyhq.com/sandbox', DRIFT_REPORTS_DIR: 'out' });
    expect(refused).toMatchObject({ ok: false, baseUrl: 'https://api.conomyhq.com/sandbox', files: { reportsDir: resolve('out') } });
    expect(refused.secrets).toEqual(['apikey-test-0001', 'clientid-test-01', 'secret-test-0001']);
  });

  it('takes --fail-on over DRIFT_FAIL_ON', () => {
    const result = readDriftConfig({ ...complete, DRIFT_FAIL_ON: 'breaking' }, { failOn: 'warning' });
    expect(result.ok && result.config.failOn).toBe('warning');
  });

  it('refuses a credential too short to be masked, naming the variable and never the value', () => {
    const result = readDriftConfig({ ...complete, CONOMY_CLIENT_SECRET: 'abc123' });
    expect(result.ok ? [] : result.problems).toEqual([expect.stringMatching(/^CONOMY_CLIENT_SECRET is shorter than 8 characters/)]);
    expect(JSON.stringify(result.ok ? {} : { ...result, secrets: undefined })).not.toContain('abc123');
  });

  it('takes DRIFT_FAIL_ON breaking or warning, and names anything else as a problem', () => {
    const failOn = (text: string) => {
      const result = readDriftConfig({ ...complete, DRIFT_FAIL_ON: text });
      return result.ok ? result.config.failOn : result.problems;
    };
    expect(failOn('warning')).toBe('warning');
    expect(failOn('breaking')).toBe('breaking');
    expect(failOn(' warning ')).toBe('warning');
    expect(failOn('additive')).toEqual(['DRIFT_FAIL_ON (or --fail-on) must be one of breaking, warning; got "additive"']);
    expect(failOn('WARNING')).toEqual([expect.stringMatching(/^DRIFT_FAIL_ON/)]);
  });

  it("refuses exactly the ports Node's fetch refuses to connect to", async () => {
    const blocked = [1, 22, 25, 6000, 6665, 10080].map((port) => `http://127.0.0.1:${port}/sandbox`);
    for (const baseUrl of blocked) {
      expect(problemsWith(baseUrl), baseUrl).toEqual([expect.stringMatching(/^CONOMY_BASE_URL uses port \d+, which fetch refuses/)]);
      // fetch refuses these before connecting, so nothing is sent even if something listens there.
      const failure = await fetch(baseUrl).catch((error: Error) => error);
      expect((failure as Error).cause, baseUrl).toMatchObject({ message: 'bad port' });
    }
    expect(problemsWith('http://127.0.0.1:6001/sandbox')).toEqual([]);
    expect(problemsWith('https://api.conomyhq.com:443/sandbox')).toEqual([]);
  });

  it('says what is wrong with a base URL that cannot be parsed', () => {
    expect(problemsWith('api.conomyhq.com/sandbox')).toEqual([
      'CONOMY_BASE_URL is not a valid URL: it does not start with a scheme such as https:// (default https://api.conomyhq.com/sandbox)',
    ]);
    expect(problemsWith('http://127.0.0.1:99999/sandbox')).toEqual([expect.stringContaining('its port 99999 is above 65535')]);
    expect(problemsWith('http://127.0.0.1:80a/sandbox')).toEqual([expect.stringContaining('its port "80a" is not a number')]);
    expect(problemsWith('https://api.conomyhq.com /sandbox')).toEqual([expect.stringContaining('it contains white space')]);
  });

  it.each([
    'https://api.conomyhq.com',
    'https://api.conomyhq.com/',
    'https://API.conomyhq.com/payments',
    'https://api.conomyhq.com./v1',
    'https://api.conomyhq.com/sandboxwebhook',
  ])(
    'refuses production: %s',
    (baseUrl) => {
      expect(problemsWith(baseUrl)).toEqual([expect.stringMatching(/^CONOMY_BASE_URL points at Conomy production/)]);
    },
  );

  it.each([
    'https://api.conomyhq.com/sandbox',
    'https://staging.example.test/api',
    'http://127.0.0.1:4010/sandbox',
    'http://localhost:3',
    'http://[::1]:4010/x',
  ])(
    'accepts %s',
    (baseUrl) => expect(problemsWith(baseUrl)).toEqual([]),
  );

  it('refuses plain http off the loopback, other schemes, credentials and queries in the URL', () => {
    expect(problemsWith('http://api.example.test')).toEqual([expect.stringMatching(/must use https/)]);
    expect(problemsWith('ftp://api.example.test')).toEqual([expect.stringMatching(/must be an https URL/)]);
    expect(problemsWith('https://u:p@api.example.test')).toEqual([expect.stringMatching(/must not contain credentials/)]);
    expect(problemsWith('https://api.example.test/?key=1')).toEqual([expect.stringMatching(/must not contain credentials, a query/)]);
    expect(problemsWith('not a url')).toEqual([expect.stringMatching(/not a valid URL/)]);
  });

  it('takes DRIFT_MAX_REQUESTS to lower the request budget of 100, never to raise it', () => {
    const budget = (text: string) => {
      const result = readDriftConfig({ ...complete, DRIFT_MAX_REQUESTS: text });
      return result.ok ? result.config.maxRequests : result.problems;
    };
    expect(budget('12')).toBe(12);
    expect(budget(' 7 ')).toBe(7);
    expect(budget('')).toBe(100);
    expect(budget('100')).toBe(100);
    expect(budget('5000')).toBe(100);
    for (const invalid of ['0', '-3', '2.5', '1e2', 'NaN', 'ten']) {
      expect(budget(invalid), invalid).toEqual([
        `DRIFT_MAX_REQUESTS must be a positive integer (at most 100 are sent); got "${invalid}"`,
      ]);
    }
  });

  it('names each missing or invalid variable on its own line, never showing a value', () => {
    const result = readDriftConfig({ CONOMY_CLIENT_ID: 'id-value-123', CONOMY_CURRENCY: 'clp', CONOMY_API_KEY: '  ' });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((line) => line.split(' ')[0])).toEqual([
      'CONOMY_API_KEY',
      'CONOMY_CLIENT_SECRET',
      'CONOMY_IDENTITY_ID',
      'CONOMY_ACCOUNT_NUMBER',
      'CONOMY_CURRENCY',
    ]);
    expect(problems.join('\n')).not.toContain('id-value-123');
  });
});

describe('what a failed connection says about CONOMY_BASE_URL', () => {
  const url = new URL('http://127.0.0.1:6000/sandbox');
  const failed = (cause: Error & { code?: string }) => new TypeError('fetch failed', { cause });

  it('explains fetch\'s blocked ports, a refused connection, an unknown host, TLS and timeouts', () => {
    expect(connectionFailure(failed(new Error('bad port')), url, 1000)).toBe(
      'port 6000 is one that fetch refuses to connect to (a blocked port of the Fetch standard); give CONOMY_BASE_URL another port',
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6000'), { code: 'ECONNREFUSED' });
    expect(connectionFailure(failed(refused), url, 1000)).toMatch(/^nothing accepts connections on 127\.0\.0\.1:6000 \(ECONNREFUSED\)/);
    const unknown = Object.assign(new Error('getaddrinfo ENOTFOUND sandbox.invalid'), { code: 'ENOTFOUND' });
    expect(connectionFailure(failed(unknown), new URL('https://sandbox.invalid'), 1000)).toMatch(/the host sandbox\.invalid cannot be resolved/);
    const tls = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(connectionFailure(failed(tls), new URL('https://h.test'), 1000)).toBe('the TLS certificate of h.test is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)');
    const plain = Object.assign(new Error('ssl3_get_record:wrong version number'), { code: 'EPROTO' });
    expect(connectionFailure(failed(plain), new URL('https://h.test:8080'), 1000)).toMatch(/h\.test:8080 does not speak TLS/);
    expect(connectionFailure(new DOMException('late', 'TimeoutError'), url, 1500)).toBe('no answer within 1500 ms');
  });
});

describe('register links', () => {
  it('use the anchors GitHub generates for the register headings', () => {
    expect(githubSlug('D3. Checkout-payment request body: origins or payment method')).toBe(
      'd3-checkout-payment-request-body-origins-or-payment-method',
    );
    const d28 = 'D28. available-products filter: currencies or currency';
    expect(githubSlug(d28)).toBe('d28-available-products-filter-currencies-or-currency');
    const anchors = registerAnchors(readFileSync(new URL('../../docs/discrepancies.md', import.meta.url), 'utf8'));
    expect(anchors.get('D3')).toBe('d3-checkout-payment-request-body-origins-or-payment-method');
    expect(anchors.size).toBeGreaterThanOrEqual(28);
    for (const [id, anchor] of anchors) expect(anchor, id).toMatch(new RegExp(`^${id.toLowerCase()}-[a-z0-9-]+$`));
  });
});

describe('curlFor', () => {
  it('repeats a logged call with shell-safe quoting', () => {
    const curl = curlFor({
      method: 'POST',
      url: 'https://api.conomyhq.com/sandbox/payment-links',
      requestHeaders: { 'x-api-key': '***', 'content-type': 'application/json' },
      requestBody: `{"description":"it's"}`,
    });
    expect(curl).toBe(
      "curl -X POST 'https://api.conomyhq.com/sandbox/payment-links' \\\n  -H 'x-api-key: ***' \\\n  -H 'content-type: application/json' \\\n" +
        `  --data-raw '{"description":"it'\\''s"}'`,
    );
    expect(curlFor({ method: 'GET', url: 'https://h/x', requestHeaders: {} })).toBe("curl 'https://h/x'");
  });
});
