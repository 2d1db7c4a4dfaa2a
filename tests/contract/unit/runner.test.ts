// The case runner with an injected transport: what it records, judges, reports and refuses.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crashFailure, runCase } from '../../../src/contract/run/runner.js';
import { RequestNotSent, type CaseContext, type ContractCase } from '../../../src/contract/run/case.js';
import { loadSpec } from '../../../src/contract/spec/contract-spec.js';
import { summaryLines } from '../support/summary-reporter.js';
import { MOCK_FIXTURES } from '../support/mock-run.js';
import { prismViolations } from '../support/prism.js';
import { responseValidatorFor } from '../../../src/contract/judge/validator.js';

const spec = loadSpec(fileURLToPath(new URL('../fixtures/mini-api.yaml', import.meta.url)));
const validator = responseValidatorFor(spec);
const goodThing = { id: 'th_1', amount: '1', status: 'ACTIVE', createdAt: '2025-01-01T00:00:00Z', owner: { identityId: 'i' } };
const clientOptions = { apiKey: 'unit-api-key', userAgent: 'unit-tests/1', accessToken: 'unit-access-token' };

type Transport = (request: Request) => Promise<Response>;

function reply(status: number, body: unknown, headers: Record<string, string> = {}): Transport {
  return async () =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', 'x-request-id': 'r', ...headers },
    });
}

/** The fixture's paths are not the client's declared ones; the runtime client takes any path. */
function untyped(client: CaseContext['client']) {
  return client as unknown as {
    GET(path: string, init: object): Promise<{ data: unknown }>;
    POST(path: string, init: object): Promise<{ data: unknown }>;
  };
}

/** GET /things/th_1 through the context's client; an API error is the answer, not a failure. */
async function getThing(context: CaseContext) {
  await untyped(context.client).GET('/things/{thingId}', { params: { path: { thingId: 'th_1' } } }).catch(() => undefined);
}

function getThingCase(status: number, options: Partial<ContractCase> = {}): ContractCase {
  return { operationId: 'getThing', status, title: 'test', targets: ['mock'], run: getThing, ...options };
}

function run(contractCase: ContractCase, transport: Transport, baseUrl = 'http://127.0.0.1:4010') {
  return runCase(contractCase, { spec, validator, target: 'mock', baseUrl, clientOptions, fixtures: MOCK_FIXTURES, transport, targetProblems: prismViolations });
}

describe('runCase', () => {
  it('records each exchange of the typed client against its operation and passes a conforming one', async () => {
    const outcome = await run(getThingCase(200), reply(200, goodThing));
    expect(outcome.problems).toEqual([]);
    expect(outcome.findings).toEqual([]);
    expect(outcome.exchanges.map(({ operationId, path, status }) => ({ operationId, path, status }))).toEqual([
      { operationId: 'getThing', path: '/things/th_1', status: 200 },
    ]);
    const sent = outcome.exchanges[0]?.requestHeaders;
    expect([sent?.get('x-api-key'), sent?.get('authorization'), sent?.get('user-agent')]).toEqual([
      'unit-api-key',
      'Bearer unit-access-token',
      'unit-tests/1',
    ]);
  });

  it('records the query and the body of a request', async () => {
    const contractCase: ContractCase = {
      ...getThingCase(201),
      operationId: 'createThing',
      run: async (context) => {
        await untyped(context.client).POST('/things', { params: { query: { dryRun: 'yes' } }, body: { amount: '2' } });
      },
    };
    const outcome = await run(contractCase, reply(201, goodThing));
    expect(outcome.exchanges.map(({ query, requestBody }) => ({ query, requestBody }))).toEqual([
      { query: 'dryRun=yes', requestBody: '{"amount":"2"}' },
    ]);
  });

  it('strips the base path of a target such as /sandbox', async () => {
    const outcome = await run(getThingCase(200), reply(200, goodThing), 'http://127.0.0.1:4010/sandbox');
    expect(outcome.exchanges[0]?.path).toBe('/things/th_1');
    expect(outcome.problems).toEqual([]);
  });

  it('judges strictly and reports findings', async () => {
    const outcome = await run(getThingCase(200), reply(200, { ...goodThing, extra: true }));
    expect(outcome.findings.map((f) => `${f.kind} ${f.location}`)).toEqual(['undocumented-field response.body/extra']);
  });

  it('fails when the promised status was not observed, and accepts an alternative status', async () => {
    const notFound = reply(404, { status: 404, code: '31', type: 'notFound' });
    expect((await run(getThingCase(200), notFound)).problems).toEqual(['expected getThing to answer 200; observed: getThing 404']);
    expect((await run(getThingCase(200, { alternativeStatuses: [404] }), notFound)).problems).toEqual([]);
  });

  it('does not retry on the mock, so a forced 429 is observed once', async () => {
    const outcome = await run(getThingCase(200), reply(429, { statusCode: 429, error: 'Too Many Requests', message: 'm' }));
    expect(outcome.exchanges.map((e) => e.status)).toEqual([429]);
  });

  it('fails on a call to a path the spec does not have', async () => {
    const contractCase = getThingCase(200, {
      run: async (context) => void (await untyped(context.client).GET('/nope', {}).catch(() => undefined)),
    });
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
    expect((await run(getThingCase(200, { invalidRequest: true }), transport)).problems).toEqual([
      'Prism: response.body.id: id must be string',
    ]);
  });

  it('lets a case judge one exchange as the runner will', async () => {
    let judged: string[] = [];
    const contractCase = getThingCase(200, {
      run: async (context) => {
        await getThing(context);
        judged = context.judge(context.exchanges[0] as (typeof context.exchanges)[number]);
      },
    });
    await run(contractCase, reply(200, { ...goodThing, status: 'GONE' }));
    expect(judged).toEqual([expect.stringMatching(/^getThing 200 enum-mismatch at response.body\/status: .*\[D7\]$/)]);
  });

  it('turns a reported behaviour into a finding with the operation and its discrepancy ids', async () => {
    const contractCase: ContractCase = {
      ...getThingCase(204),
      operationId: 'deleteThing',
      run: async (context) => {
        const details = { operationId: 'deleteThing', status: 200, expected: '404', actual: '200', message: 'still there' };
        context.report('available-after-delete', details);
      },
    };
    const outcome = await run(contractCase, reply(200, goodThing));
    expect(outcome.findings).toEqual([
      {
        operationId: 'deleteThing',
        method: 'DELETE',
        path: '/things/{thingId}',
        status: 200,
        kind: 'available-after-delete',
        severity: 'breaking',
        location: 'response.status',
        expected: '404',
        actual: '200',
        message: 'still there',
        discrepancy: ['D9'],
      },
    ]);
    // The finding explains why no 204 was observed; that is not reported twice.
    expect(outcome.problems).toEqual([]);
  });

  it('still judges the calls of a case that throws, and fails it with the error and their findings', async () => {
    const crash = new Error('the case broke after its call');
    const contractCase = getThingCase(204, {
      run: async (context) => {
        await getThing(context);
        const details = { operationId: 'getThing', status: 200, expected: '404', actual: '200', message: 'still there' };
        context.report('available-after-delete', details);
        throw crash;
      },
    });
    const outcome = await run(contractCase, reply(200, { ...goodThing, extra: true }));
    expect(outcome.error).toBe(crash);
    expect(outcome.findings.map((f) => `${f.kind} ${f.location}`)).toEqual([
      'undocumented-field response.body/extra',
      'available-after-delete response.status',
    ]);
    // The crash explains the missing 204; it is not reported as a problem of its own.
    expect(outcome.problems).toEqual([]);

    const failure = crashFailure(crash, outcome);
    expect(failure.cause).toBe(crash);
    expect(failure.message.split('\n')).toEqual([
      'the case broke after its call',
      "Before it, the case's calls showed:",
      expect.stringMatching(/^getThing 200 undocumented-field at response.body\/extra: /),
      expect.stringMatching(/^getThing 200 available-after-delete at response.status: still there/),
    ]);
    expect(crashFailure(crash, { ...outcome, findings: [] }).message).toBe('the case broke after its call');
  });

  it('gives a client whose requests lack the named headers, without obtaining a token for it', async () => {
    const seen: Request[] = [];
    const contractCase = getThingCase(401, {
      run: async (context) => {
        await untyped(context.clientWithout(['x-api-key', 'authorization'])).GET('/things/{thingId}', {
          params: { path: { thingId: 'th_1' } },
        }).catch(() => undefined);
      },
    });
    const outcome = await runCase(contractCase, {
      spec,
      validator,
      target: 'mock',
      baseUrl: 'http://127.0.0.1:4010',
      clientOptions: { apiKey: 'apikey-test-0001', userAgent: 'u', clientId: 'clientid-test-01', clientSecret: 'secret-test-0001' },
      fixtures: MOCK_FIXTURES,
      transport: async (request) => (seen.push(request), reply(401, { statusCode: 401, error: 'Unauthorized', message: 'm' })(request)),
    });
    expect(seen.map((request) => new URL(request.url).pathname)).toEqual(['/things/th_1']);
    expect([seen[0]?.headers.get('x-api-key'), seen[0]?.headers.get('authorization'), seen[0]?.headers.get('user-agent')]).toEqual([
      null,
      null,
      'u',
    ]);
    expect(outcome.exchanges.map((e) => e.status)).toEqual([401]);
  });
});

describe('runCase: judging once, notes, deadlines', () => {
  it('judges every answer once, when it arrives, and keeps the findings on the exchange', async () => {
    let judgedAtTheTime: number | undefined;
    const contractCase = getThingCase(200, {
      run: async (context) => {
        await getThing(context);
        judgedAtTheTime = context.exchanges[0]?.findings.length;
      },
    });
    const outcome = await run(contractCase, reply(200, { ...goodThing, extra: true }));
    expect(judgedAtTheTime).toBe(1);
    expect(outcome.findings).toEqual(outcome.exchanges[0]?.findings);
    expect(outcome.exchanges[0]?.judged).toBe(true);
  });

  it("does not judge a 2xx answer to a request the case sent invalid on purpose: the case reports the acceptance", async () => {
    const contractCase = getThingCase(400, {
      invalidRequest: true,
      run: async (context) => {
        await getThing(context);
        const details = { operationId: 'getThing', status: 200, expected: '400', actual: '200', message: 'accepted' };
        context.report('request-accepted', details);
      },
    });
    const outcome = await run(contractCase, reply(200, { undocumented: 'whatever it made of the request' }));
    expect(outcome.exchanges.map(({ judged, findings }) => ({ judged, findings }))).toEqual([{ judged: false, findings: [] }]);
    expect(outcome.findings.map((finding) => `${finding.kind} ${finding.severity}`)).toEqual(['request-accepted warning']);
  });

  it('records why an operation could not be judged, and then does not ask for the promised status', async () => {
    const contractCase = getThingCase(200, {
      run: async (context) => context.note('getThing', 'not-reached', 'createThing answered 400'),
    });
    const outcome = await run(contractCase, reply(200, goodThing));
    expect(outcome.notes).toEqual([{ operationId: 'getThing', result: 'not-reached', reason: 'createThing answered 400' }]);
    expect(outcome.problems).toEqual([]);
  });

  it('turns a request refused for the budget into a step not reached, not an error', async () => {
    const exhausted = new RequestNotSent('request budget used up: the run may send 3 requests');
    const contractCase = getThingCase(200, {
      run: async (context) => void (await untyped(context.client).GET('/things/{thingId}', { params: { path: { thingId: 'th_1' } } })),
    });
    const outcome = await run(contractCase, async () => Promise.reject(exhausted));
    expect(outcome.error).toBeUndefined();
    expect(outcome.notes).toEqual([
      { operationId: 'getThing', result: 'not-reached', reason: 'request budget used up: the run may send 3 requests', unsent: true },
    ]);
  });

  it('ends a case that outlives its deadline with what it observed so far, and sends nothing for it after', async () => {
    let sentAfterDeadline: unknown;
    const contractCase = getThingCase(200, {
      run: async (context) => {
        await getThing(context);
        await new Promise((resolve) => setTimeout(resolve, 150));
        sentAfterDeadline = await untyped(context.client).GET('/things/{thingId}', { params: { path: { thingId: 'th_1' } } }).catch((error: Error) => error);
      },
    });
    const sent: string[] = [];
    const transport: Transport = async (request) => (sent.push(request.url), reply(200, goodThing)(request));
    const options = { spec, validator, target: 'mock' as const, baseUrl: 'http://127.0.0.1:4010', clientOptions, fixtures: MOCK_FIXTURES };
    const outcome = await runCase(contractCase, { ...options, transport, deadlineMs: 50 });
    expect(outcome.error?.message).toBe('the case did not finish within 0.05 s');
    expect(outcome.exchanges.map((exchange) => exchange.status)).toEqual([200]);
    await expect.poll(() => sentAfterDeadline).toBeInstanceOf(Error);
    expect(sent).toHaveLength(1);
  });

  it("does not judge an answer the client repeated the request after (a transient 503), only the one it kept", async () => {
    const answers = [reply(503, { statusCode: 503, error: 'Service Unavailable', message: 'm' }), reply(200, goodThing)];
    const transport: Transport = async (request) => (answers.shift() ?? reply(200, goodThing))(request);
    const options = { spec, validator, target: 'sandbox' as const, baseUrl: 'http://127.0.0.1:4010', fixtures: MOCK_FIXTURES };
    const outcome = await runCase(getThingCase(200), {
      ...options,
      clientOptions,
      transport,
      clientTuning: { logLevel: 'off' },
    });
    expect(outcome.exchanges.map(({ status, judged, superseded }) => ({ status, judged, superseded }))).toEqual([
      { status: 503, judged: false, superseded: true },
      { status: 200, judged: true, superseded: undefined },
    ]);
    expect(outcome.findings).toEqual([]);
  }, 10_000);
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
        'findings: 1 (1 breaking, 0 warning, 0 additive)',
    );
    expect(lines).toContain('  getThing 404 content-type-mismatch at response.header/content-type: content type (none) is not documented');
  });
});
