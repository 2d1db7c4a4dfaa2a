// The mock over HTTP (mock.listen): the same state as through fetch, under any base path, and
// Conomy enough for the drift check, which finds nothing at all against it.
import { describe, expect, it } from 'vitest';
import { createConomyClient } from '../../src/index.js';
import { createConomyMock } from '../../src/testing/index.js';
import { expectReportsAgree, OPERATION_COUNT } from '../drift/agreement.js';
import { configFor, runDriftInProcess } from '../drift/harness.js';
import { CREDENTIALS, judgedClient, offer } from './support.js';

describe('mock.listen()', () => {
  it('serves the mock on 127.0.0.1, with or without a base path, over the state fetch sees; close() stops it', async () => {
    const mock = createConomyMock();
    const server = await mock.listen();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    try {
      for (const baseUrl of [`${server.url}/sandbox`, server.url]) {
        const client = createConomyClient({ ...CREDENTIALS, baseUrl, maxRetries: 0, logLevel: 'off' });
        await client.POST('/payment-links', { body: offer(`over-http-${baseUrl.length}`) });
      }
      const [link] = mock.state.paymentLinks;
      const { client } = judgedClient(mock);
      expect((await client.GET('/payment-links', {})).data.results).toEqual(mock.state.paymentLinks);
      const answer = await fetch(`${server.url}/sandbox/payment-links/${link?.id}`, { headers: { 'x-api-key': 'k' } });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/payments`)).rejects.toThrow();
  });

  it('is Conomy to a drift run: exit 0, every operation ok on a 2xx, no finding, no warning', async () => {
    const mock = createConomyMock();
    const server = await mock.listen();
    try {
      const run = await runDriftInProcess(configFor(`${server.url}/sandbox`));
      const report = expectReportsAgree(run);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(report).toMatchObject({ verdict: 'ok', findings: [], problems: [] });
      expect(report.summary).toMatchObject({ operations: OPERATION_COUNT, checked: OPERATION_COUNT, ok: OPERATION_COUNT, breaking: 0, warning: 0, additive: 0 });
      for (const operation of report.operations) {
        expect(operation.statuses.some((status) => status >= 200 && status < 300), operation.operationId).toBe(true);
      }
      // What the run made, it deleted; what it may not delete (the ACTIVE link, D30) is all that stays.
      expect(mock.state.checkoutSessions).toEqual([]);
      expect(mock.state.paymentLinks.map((link) => link.status)).toEqual(['ACTIVE']);
    } finally {
      await server.close();
    }
  }, 30_000);
});
