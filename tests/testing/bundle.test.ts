// The testing entry as the package ships it (lib/testing-bundle.mjs, as scripts/build.mjs builds
// it): one self-contained file per module format, with the spec inside, that imports nothing up
// front, no Node module included (browsers running MSW load it); node:http is only a dynamic
// import in listen(), of a variable, which bundlers leave to the runtime. Run from a directory with no openapi.yaml
// and no node_modules, each format answers as the mock does. The MSW entry imports msw, its optional
// peer dependency, and nothing else: not the mock, which the consumer passes in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleTesting } from '../../lib/testing-bundle.mjs';
import type * as Testing from '../../src/testing/index.js';
import { importedModules } from '../support/imports.js';
import { spec } from './support.js';

const scratch = mkdtempSync(join(tmpdir(), 'testing-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const bundles = { esm: await bundleTesting({ format: 'esm', document: spec.document }), cjs: await bundleTesting({ format: 'cjs', document: spec.document }) };

describe.each(['esm', 'cjs'] as const)('the %s bundle of the testing entry', (format) => {
  const text = bundles[format];

  it('imports and requires nothing; the one Node module it names is node:http, imported when listen() runs', () => {
    expect(text.match(/^\s*import\s[^(]*?from\s*["'][^"']+["']/gm) ?? []).toEqual([]);
    // ajv keeps require("ajv/dist/runtime/...") as the text of code it could generate for a standalone build: a quoted string, no call.
    expect(text.match(/(?<!['"`])\brequire\(["'][^"']+["']\)/g) ?? []).toEqual([]);
    expect(text.match(/["']node:[^"']*["']/g)).toEqual(['"node:http"']);
    // Imported through a variable: a browser build (tests/testing/msw-browser.test.ts) must not try to resolve it.
    expect(text).toMatch(/await import\(\s*\/\* webpackIgnore: true \*\/\s*\/\* @vite-ignore \*\/\s*NODE_HTTP\s*\)/);
    expect(text).not.toMatch(/import\(\s*(\/\*[^*]*\*\/\s*)*["']node:/);
    expect(text).not.toMatch(/readFileSync|openapi\.yaml"/);
  });

  it('runs on its own: a mock with the spec inside, in process and over HTTP', async () => {
    const file = join(scratch, format === 'esm' ? 'testing.mjs' : 'testing.cjs');
    writeFileSync(file, text);
    const testing = (format === 'esm' ? await import(file) : createRequire(import.meta.url)(file)) as typeof Testing;
    const mock = testing.createConomyMock({ credentials: { apiKey: 'apikey-bundle-01', clientId: 'client-bundle-01', clientSecret: 'secret-bundle-01', accessToken: 'token-bundle-01' } });
    const headers = { 'x-api-key': 'apikey-bundle-01', authorization: 'Bearer token-bundle-01' };
    const refused = await mock.fetch('https://conomy.test/sandbox/checkout-sessions', { method: 'POST', headers, body: JSON.stringify({ checkoutToken: 'x', customer: null }) });
    expect(refused.status).toBe(400);
    const server = await mock.listen();
    try {
      const answer = await fetch(`${server.url}/sandbox/payments?limit=1`, { headers });
      expect(await answer.json()).toEqual({ pagination: { count: 0, next: 0, previous: 0, total: 0 }, results: [] });
    } finally {
      await server.close();
    }
  });
});

describe.each(['esm', 'cjs'] as const)('the %s bundle of the MSW entry', (format) => {
  it('imports msw and nothing else, and holds nothing of the mock', async () => {
    const text = await bundleTesting({ entry: 'testing/msw', format, document: spec.document });
    expect(importedModules(text)).toEqual(['msw']);
    expect(text).not.toMatch(/createConomyMock|ajv|openapi/i);
  });
});
