// Drift runs (in this process: the same configuration, preflight, cases, cleanup and reports as
// `npm run drift`, see harness.ts) against the local drifting server in every mode: conforming,
// each finding kind alone, eight deviations at once, a lenient server, a rate-limited one, a slow
// one, and a budget too small for the run. The verdict, the findings and which operations were
// checked must follow from what the server did, and the run must stay within its limits.
import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/drift/report/build-report.js';
import { FINDING_KINDS } from '../../src/contract/judge/findings.js';
import { loadSpec } from '../../src/contract/spec/contract-spec.js';
import { OPERATIONS } from '../../src/generated/operations.js';
import { expectReportsAgree, OPERATION_COUNT } from './agreement.js';
import { accessTokenConfigFor, allOutput, configFor, leakedSecrets, runDriftInProcess, SECRETS, type DriftRun } from './harness.js';
import { COMBINED, PLANTED, type DriftMode } from './modes.js';
import { startDriftServer, type DriftServer, type ServerOptions } from './server.js';

const spec = loadSpec();

interface Result {
  run: DriftRun;
  report: DriftReport;
  server: DriftServer;
}

async function driftAgainst(
  mode: DriftMode,
  { env = {}, server: options = {}, accessToken = false }: { env?: Record<string, string>; server?: ServerOptions; accessToken?: boolean } = {},
): Promise<Result> {
  const server = await startDriftServer(mode, SECRETS, options);
  try {
    const config = accessToken ? accessTokenConfigFor(server.baseUrl) : configFor(server.baseUrl);
    const run = await runDriftInProcess({ ...config, ...env });
    return { run, report: expectReportsAgree(run), server };
  } finally {
    await server.close();
  }
}

/** What a run must hold to whatever the server does (a server that keeps what it deletes keeps sessions). */
function expectSafeRun({ run, report, server }: Result, mode: DriftMode = 'conforming', others: ReadonlySet<unknown> = new Set()): void {
  expect(leakedSecrets(allOutput(run)), 'credentials in the output or reports').toEqual([]);
  expect(server.selfCheckFailures, 'the drifting server itself broke the contract').toEqual([]);
  expect(server.received.length, 'requests the server received').toBeLessThanOrEqual(report.requests.max);
  expect(report.requests.sent, 'the run counts every request it sent').toBe(server.received.length);
  expect(server.maxInFlight(), 'requests in flight at once').toBeLessThanOrEqual(2);
  const ours = <T extends Record<string, unknown>>(resources: Iterable<T>) => [...resources].filter((resource) => !others.has(resource.id));
  if (mode !== 'available-after-delete') expect(ours(server.mock.state.checkoutSessions), 'sessions left behind').toEqual([]);
  for (const link of ours(server.mock.state.paymentLinks)) {
    // An ACTIVE link cannot be deleted (D30); it expires after its short duration. Nothing else stays.
    expect(link).toMatchObject({ status: 'ACTIVE', checkoutToken: expect.stringMatching(new RegExp(`^${report.checkoutTokenPrefix}`)) });
  }
}

/** What was found, as (kind, operation, location, severity), each once (a refused create is tried in both body shapes). */
const found = (report: DriftReport) => {
  const all = report.findings.map(({ kind, operationId, location, severity }) => ({ kind, operationId, location, severity }));
  return all.filter((finding, index) => all.findIndex((other) => JSON.stringify(other) === JSON.stringify(finding)) === index);
};

const results = (report: DriftReport) => Object.fromEntries(report.operations.map((operation) => [operation.operationId, operation.result]));

describe('a conforming server', () => {
  it('with client credentials: exit 0, no finding, every operation ok on a documented 2xx', async () => {
    const result = await driftAgainst('conforming');
    const { run, report, server } = result;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(report.verdict).toBe('ok');
    expect(report.findings).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(results(report)).toEqual(Object.fromEntries(Object.keys(OPERATIONS).map((operationId) => [operationId, 'ok'])));
    // The token call's own answer (the preflight) and the credential probes are among what was checked.
    expect(report.operations.find((operation) => operation.operationId === 'createAccessToken')?.statuses).toEqual([200, 401]);
    expect(report.operations.find((operation) => operation.operationId === 'createPaymentLink')?.statuses).toEqual([201, 400]);
    expectSafeRun(result);
    // The link that was never activated is deleted (204) and then reads as gone (404).
    const calls = server.received.map(({ operationId, status }) => `${operationId} ${status}`);
    const deleted = calls.indexOf('deletePaymentLink 204');
    expect(deleted, 'a deletePaymentLink answered 204').toBeGreaterThanOrEqual(0);
    expect(calls.slice(deleted + 1).find((call) => call.startsWith('getPaymentLink ')), 'the read after it').toBe('getPaymentLink 404');
  });

  it('with an access token only: the token call is skipped with the reason, every other one is ok', async () => {
    const result = await driftAgainst('conforming', { accessToken: true });
    const { run, report } = result;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const token = report.operations.find((operation) => operation.operationId === 'createAccessToken');
    expect(token).toMatchObject({ result: 'skipped', reason: expect.stringMatching(/CONOMY_ACCESS_TOKEN .* cannot succeed/) });
    expect(report.summary).toMatchObject({ ok: OPERATION_COUNT - 1, skipped: 1, checked: OPERATION_COUNT - 1, breaking: 0 });
    expect(report.preflight).toBe('GET /payments/available-products 200');
    expectSafeRun(result);
  });
});

describe('a conforming server with the variance of a real one', () => {
  it('charset, gzip, 25 to 100 ms per answer and 30 objects of another merchant: exit 0, every operation ok, none of theirs touched', async () => {
    const server = await startDriftServer('conforming', SECRETS, { gzip: true, delayMs: [25, 100], otherMerchants: 30 });
    try {
      const theirs = (): Record<string, unknown>[] => structuredClone([...server.mock.state.paymentLinks, ...server.mock.state.checkoutSessions, ...server.mock.state.payments]);
      const before = theirs();
      expect(before).toHaveLength(90);
      const run = await runDriftInProcess(configFor(server.baseUrl));
      const report = expectReportsAgree(run);
      const result = { run, report, server };
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(report.findings).toEqual([]);
      expect(report.summary).toMatchObject({ ok: OPERATION_COUNT, checked: OPERATION_COUNT });
      // Nothing of theirs was written to, or deleted: every request that writes names only what the run made.
      const ids = before.flatMap((resource) => [String(resource.id), String(resource.checkoutToken)]);
      const writes = server.received.filter((request) => request.method !== 'GET');
      expect(writes.filter((request) => ids.some((id) => request.path.includes(id)))).toEqual([]);
      const seeded = new Set(before.map((resource) => resource.id));
      expect(theirs().filter((resource) => seeded.has(resource.id))).toEqual(before);
      expectSafeRun(result, 'conforming', seeded);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe.concurrent('each planted deviation is found, alone, with its kind, operation, location and severity', () => {
  for (const kind of FINDING_KINDS) {
    it(kind, async () => {
      const result = await driftAgainst(kind);
      const { run, report } = result;
      const planted = PLANTED[kind];
      expect(found(report), run.stdout).toEqual([planted]);
      const operation = spec.operation(planted.operationId);
      expect(report.findings[0]).toMatchObject({ method: operation.method, path: operation.path });
      // A step kept from its input by the deviation says so; nothing fails for another reason.
      expect(report.operations.filter((entry) => entry.result === 'error').map((entry) => entry.reason)).toEqual([]);
      for (const entry of report.operations.filter((candidate) => candidate.result === 'not-reached')) {
        expect(entry.reason, entry.operationId).toContain(planted.operationId);
      }
      const breaking = planted.severity === 'breaking';
      expect(run.code).toBe(breaking ? 1 : 0);
      expect(report.verdict).toBe(breaking ? 'breaking' : planted.severity);
      expectSafeRun(result, kind);
    });
  }
});

describe('eight deviations at once, in eight operations', () => {
  it('are all found, each with its kind and location; every operation is still checked', async () => {
    const result = await driftAgainst('combined');
    const { run, report } = result;
    expect(found(report)).toEqual(expect.arrayContaining([...COMBINED]));
    expect(report.findings).toHaveLength(COMBINED.length);
    expect(run.code).toBe(1);
    expect(report.summary).toMatchObject({ checked: OPERATION_COUNT, notReached: 0, errors: 0, breaking: 7, additive: 1 });
    expectSafeRun(result);
  });

  it('and the same with a rate limit on top', async () => {
    const result = await driftAgainst('combined', { server: { rateLimitEvery: 5, retryAfter: '0' } });
    expect(found(result.report)).toEqual(expect.arrayContaining([...COMBINED]));
    expect(found(result.report)).toHaveLength(COMBINED.length);
    expect(result.report.requests.rateLimited).toBeGreaterThan(0);
    expectSafeRun(result);
  });
});

describe('a server that settles a register decision the other way', () => {
  const registerFindings = (report: DriftReport) =>
    report.findings.map(({ kind, operationId, expected, severity, discrepancy }) => ({ kind, operationId, expected, severity, discrepancy }));

  it('D6, refusing the guide\'s destination shape: one finding per create naming D6, and every operation still checked', async () => {
    const result = await driftAgainst('refuses-guide-destination');
    expect(registerFindings(result.report)).toEqual([
      { kind: 'request-rejected', operationId: 'createPaymentLink', expected: '2xx', severity: 'breaking', discrepancy: ['D6'] },
      { kind: 'request-rejected', operationId: 'createCheckoutSession', expected: '2xx', severity: 'breaking', discrepancy: ['D6'] },
    ]);
    expect(result.report.summary).toMatchObject({ checked: OPERATION_COUNT, notReached: 0, errors: 0 });
    expect(result.run.files['drift.md']).toMatch(/\[D6\]\(\.\.\/.*docs\/discrepancies\.md#d6-payment-link-destinations/);
    expectSafeRun(result);
  });

  it('D30, deleting an ACTIVE link: a 204 is a warning (the rule is not enforced), a 400 is refused where 422 is documented', async () => {
    const deletes = await driftAgainst('deletes-active-links');
    expect(registerFindings(deletes.report)).toEqual([
      { kind: 'request-accepted', operationId: 'deletePaymentLink', expected: '422', severity: 'warning', discrepancy: ['D30'] },
    ]);
    expect(deletes.run.code).toBe(0);
    const refuses = await driftAgainst('refuses-active-deletion-with-400');
    expect(registerFindings(refuses.report)).toEqual([
      { kind: 'request-rejected', operationId: 'deletePaymentLink', expected: '422', severity: 'breaking', discrepancy: ['D30'] },
    ]);
    expect(refuses.report.findings[0]?.message).toMatch(/^refused with 400, where the spec documents 422 for deleting an ACTIVE link: /);
  });
});

describe('a lenient server, which accepts requests the spec forbids', () => {
  it('gives warnings and exit 0 by default; with DRIFT_FAIL_ON=warning, exit 1', async () => {
    const lenient = await driftAgainst('lenient');
    expect(lenient.run.code, lenient.run.stdout).toBe(0);
    expect(lenient.report.verdict).toBe('warning');
    expect(lenient.report.summary).toMatchObject({ breaking: 0, additive: 0, checked: OPERATION_COUNT });
    expect(new Set(found(lenient.report).map(({ kind, severity }) => `${kind} ${severity}`))).toEqual(new Set(['request-accepted warning']));
    expect(lenient.report.summary.warning).toBeGreaterThanOrEqual(5);
    expectSafeRun(lenient);

    const strict = await driftAgainst('lenient', { env: { DRIFT_FAIL_ON: 'warning' } });
    expect(strict.run.code).toBe(1);
    expect(strict.report).toMatchObject({ verdict: 'warning', failOn: 'warning' });
    expect(found(strict.report)).toEqual(found(lenient.report));
  });
});

describe('a rate-limited server (429 with Retry-After on every 6th request)', () => {
  it('gives the verdict, findings and checked operations of the same server without the limit', async () => {
    const plain = await driftAgainst('conforming');
    // A quarter of a second each: that the run waits as long as Retry-After says is tests/drift/transport.test.ts's to show.
    const limited = await driftAgainst('conforming', { server: { rateLimitEvery: 6, retryAfter: '0.25' } });
    expect(limited.run.code, limited.run.stdout).toBe(plain.run.code);
    expect(limited.report.verdict).toBe(plain.report.verdict);
    expect(limited.report.findings).toEqual(plain.report.findings);
    expect(results(limited.report)).toEqual(results(plain.report));
    expect(limited.report.operations.map((operation) => operation.statuses)).toEqual(plain.report.operations.map((operation) => operation.statuses));
    // Every 429 was waited out and counted: the server saw them all, the report says so.
    expect(limited.server.received.filter((request) => request.status === 429)).toHaveLength(limited.report.requests.rateLimited);
    expect(limited.report.requests.rateLimited).toBeGreaterThanOrEqual(Math.floor(plain.report.requests.sent / 6));
    expectSafeRun(limited);
  }, 60_000);

  it('also when Retry-After is an HTTP date', async () => {
    const limited = await driftAgainst('conforming', { server: { rateLimitEvery: 7, retryAfter: new Date(Date.now() - 1000).toUTCString() } });
    expect(limited.run.code, limited.run.stdout).toBe(0);
    expect(limited.report.summary.ok).toBe(OPERATION_COUNT);
    expect(limited.report.requests.rateLimited).toBeGreaterThan(0);
  });

  it('and one that refuses everything cannot run: the preflight says 429, after a capped number of repeats', async () => {
    const server = await startDriftServer('conforming', SECRETS, { rateLimitEvery: 1, retryAfter: '0' });
    try {
      const run = await runDriftInProcess(configFor(server.baseUrl));
      const report = expectReportsAgree(run);
      expect(run.code).toBe(2);
      expect(report).toMatchObject({ verdict: 'could-not-run', reasonCode: 'preflight-failed' });
      expect(report.reason).toMatch(/POST \/auth answered 429/);
      expect(server.received).toHaveLength(6);
      expect(report.requests.sent).toBe(6);
    } finally {
      await server.close();
    }
  });
});

describe('a server that answers after a delay', () => {
  it('gives the same findings as one that answers at once', async () => {
    const slow = await driftAgainst('combined', { server: { delayMs: 25 } });
    const fast = await driftAgainst('combined');
    expect(found(slow.report)).toEqual(found(fast.report));
    expect(results(slow.report)).toEqual(results(fast.report));
    expect(slow.run.code).toBe(1);
  });
});

describe('a flaky gateway (503 on every 4th GET)', () => {
  it('is got over by the client\'s retries: no finding, every operation ok, the 503s not among the statuses', async () => {
    const result = await driftAgainst('conforming', { server: { unavailableEveryGet: 4 } });
    const { run, report, server } = result;
    expect(server.received.filter((request) => request.status === 503).length).toBeGreaterThan(3);
    expect(run.code, run.stdout).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.summary.ok).toBe(OPERATION_COUNT);
    expect(report.operations.flatMap((operation) => operation.statuses)).not.toContain(503);
    expectSafeRun(result);
  }, 30_000);
});

describe('the request budget', () => {
  it.each([8, 20, 34])('of %i requests still deletes what the run created, and never gives an ok it did not check', async (max) => {
    const result = await driftAgainst('auth-not-enforced', { env: { DRIFT_MAX_REQUESTS: String(max) } });
    const { report, server } = result;
    expect(server.received.length).toBeLessThanOrEqual(max);
    expectSafeRun(result);
    // Either the planted deviation was reached and found, or the run says it is incomplete.
    const found = report.findings.some((finding) => finding.kind === 'auth-not-enforced');
    expect(found || report.verdict === 'incomplete', `${report.verdict}: ${report.reason}`).toBe(true);
    expect(report.verdict).not.toBe('ok');
  }, 30_000);

  it('holds for the whole run: what is over it is not sent, the report names what was not reached, exit 2', async () => {
    const result = await driftAgainst('conforming', { env: { DRIFT_MAX_REQUESTS: '12' } });
    const { run, report, server } = result;
    expect(server.received.length).toBeLessThanOrEqual(12);
    expect(report.requests).toEqual({ sent: server.received.length, max: 12, maxInFlight: 2, rateLimited: 0 });
    expect(run.code).toBe(2);
    expect(report).toMatchObject({ verdict: 'incomplete', reasonCode: 'incomplete' });
    expect(report.findings).toEqual([]);
    const notReached = report.operations.filter((operation) => operation.result === 'not-reached');
    expect(notReached.length).toBeGreaterThan(0);
    for (const operation of notReached) expect(operation.reason, operation.operationId).toMatch(/request budget used up/);
    expect(report.reason).toMatch(/operation\(s\) not reached/);
    expectSafeRun(result);
  }, 30_000);
});
