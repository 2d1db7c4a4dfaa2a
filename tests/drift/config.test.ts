// The drift configuration (scripts/drift/config.mjs) and the report helpers that need no run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSandboxConfig } from '../../scripts/drift/config.mjs';
import { curlFor, registerAnchors } from '../../scripts/drift/render.mjs';
import { githubSlug } from '../../lib/register.mjs';

const complete = {
  CONOMY_API_KEY: 'key',
  CONOMY_CLIENT_ID: 'id',
  CONOMY_CLIENT_SECRET: 'secret',
  CONOMY_IDENTITY_ID: 'identity',
  CONOMY_ACCOUNT_NUMBER: '123',
};

function problemsWith(baseUrl: string): string[] {
  const result = readSandboxConfig({ ...complete, CONOMY_BASE_URL: baseUrl });
  return result.ok ? [] : result.problems;
}

describe('readSandboxConfig', () => {
  it('defaults to the sandbox and CLP, and prefers an access token over client credentials', () => {
    expect(readSandboxConfig(complete)).toEqual({
      ok: true,
      config: {
        baseUrl: 'https://api.conomyhq.com/sandbox',
        apiKey: 'key',
        clientId: 'id',
        clientSecret: 'secret',
        identityId: 'identity',
        accountNumber: '123',
        currency: 'CLP',
        maxRequests: 100,
      },
    });
    const baseUrl = 'https://api.conomyhq.com/sandbox/';
    const withToken = readSandboxConfig({ ...complete, CONOMY_ACCESS_TOKEN: 'token', CONOMY_BASE_URL: baseUrl });
    expect(withToken.ok && withToken.config).toMatchObject({ accessToken: 'token', baseUrl: 'https://api.conomyhq.com/sandbox' });
    expect(withToken.ok && 'clientSecret' in withToken.config).toBe(false);
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
    'http://localhost:1',
    'http://[::1]:2/x',
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
      const result = readSandboxConfig({ ...complete, DRIFT_MAX_REQUESTS: text });
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
    const result = readSandboxConfig({ CONOMY_CLIENT_ID: 'id-value-123', CONOMY_CURRENCY: 'clp', CONOMY_API_KEY: '  ' });
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
    expect(curlFor({ method: 'GET', url: 'https://h/x' })).toBe("curl 'https://h/x'");
  });
});
