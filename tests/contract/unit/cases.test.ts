// The case runner with an injected transport: what it records, judges and refuses.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCase, type CaseContext, type ContractCase } from '../support/cases.js';
import { loadSpec } from '../support/spec.js';
import { summaryLines } from '../support/summary-reporter.js';
import { responseValidatorFor } from '../support/validator.js';

const spec = loadSpec(fileURLToPath(new URL('../fixtures/mini-api.yaml', import.meta.url)));
const validator = responseValidatorFor(spec);
const goodThing = { id: 'th_1', amount: '1', status: 'ACTIVE', createdAt: '2025-01-01T00:00:00Z', owner: { identityId: 'i' } };

function reply(status: number, body: unknown, headers: Record<string, string> = {}): typeof fetch {
  return async () =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', 'x-request-id': 'r', ...headers },
    });
}

function getThingCase(status: number, invalidRequest = false): ContractCase {
  return {
    operationId: 'getThing',
    status,
    title: 'test',
    targets: ['mock'],
    invalidRequest,
    run: async (context: CaseContext) => {
      await (await context.fetch(`${context.baseUrl}/things/th_1`, { headers: context.credentials })).text();
    },
  };
}

function run(contractCase: ContractCase, transport: typeof fetch, baseUrl = 'http://mock.test') {
  return runCase(contractCase, { spec, validator, target: 'mock', baseUrl, credentials: { 'x-api-key': 'k' }, transport });
}

describe('runCase', () => {
  it('records each exchange against its operation and passes a conforming one', async () => {
    const outcome = await run(getThingCase(200), reply(200, goodThing));
    expect(outcome.problems).toEqual([]);
    expect(outcome.findings).toEqual([]);
    expect(outcome.exchanges.map(({ operationId, path, status }) => ({ operationId, path, status }))).toEqual([
      { operationId: 'getThing', path: '/things/th_1', status: 200 },
    ]);
  });

  it('strips the base path of a target such as /sandbox', async () => {
    const outcome = await run(getThingCase(200), reply(200, goodThing), 'http://api.test/sandbox');
    expect(outcome.exchanges[0]?.path).toBe('/things/th_1');
    expect(outcome.problems).toEqual([]);
  });

  it('judges strictly and reports findings', async () => {
    const outcome = await run(getThingCase(200), reply(200, { ...goodThing, extra: true }));
    expect(outcome.findings.map((f) => `${f.kind} ${f.location}`)).toEqual(['undocumented-field response.body/extra']);
  });

  it('fails when the promised status was not observed', async () => {
    const outcome = await run(getThingCase(404), reply(200, goodThing));
    expect(outcome.problems).toEqual(['expected getThing to answer 404; observed: getThing 200']);
  });

  it('fails on a call to a path the spec does not have', async () => {
    const contractCase: ContractCase = { ...getThingCase(200), run: async (context) => void (await context.fetch(`${context.baseUrl}/nope`)) };
    const outcome = await run(contractCase, reply(200, {}));
    expect(outcome.problems).toEqual([
      'GET /nope matches no operation in openapi.yaml',
      'expected getThing to answer 200; observed: GET /nope 200',
    ]);
  });

  it("fails on Prism's violations, except request violations of an invalid-request case", async () => {
    const violations = JSON.stringify([
      { location: ['request', 'query', 'limit'], severity: 'Error', message: 'limit must be integer' },
      { location: ['response', 'body', 'id'], severity: 'Error', message: 'id must be string' },
    ]);
    const transport = reply(200, goodThing, { 'sl-violations': violations });
    expect((await run(getThingCase(200), transport)).problems).toEqual([
      'Prism: request.query.limit: limit must be integer',
      'Prism: response.body.id: id must be string',
    ]);
    expect((await run(getThingCase(200, true), transport)).problems).toEqual(['Prism: response.body.id: id must be string']);
  });
});

describe('summaryLines', () => {
  it('prints one row per documented pair, marks pairs without a case, and totals', () => {
    const findings = validator.validateResponse({ operationId: 'getThing', status: 404, headers: {}, bodyText: '' });
    const lines = summaryLines(spec, 'mock', [
      { operationId: 'getThing', status: 200, state: 'passed', findings: [] },
      { operationId: 'getThing', status: 404, state: 'failed', findings },
      { operationId: 'createThing', status: 201, state: 'skipped', findings: [] },
    ]);
    expect(lines).toContain('Contract summary (target: mock)');
    expect(lines.find((line) => line.startsWith('getThing     200'))).toMatch(/ok$/);
    expect(lines.find((line) => line.startsWith('getThing     404'))).toMatch(/FAIL$/);
    expect(lines.find((line) => line.startsWith('createThing  201'))).toMatch(/skipped$/);
    expect(lines.find((line) => line.startsWith('deleteThing  204'))).toMatch(/NO CASE$/);
    expect(lines).toContain(
      'operations: 3, documented statuses: 6 (3 without a case), cases: 3 (1 passed, 1 failed, 1 skipped), ' +
        'findings: 1 (1 breaking, 0 additive)',
    );
    expect(lines).toContain('  getThing 404 content-type-mismatch at response.header/content-type: content type (none) is not documented');
  });
});
