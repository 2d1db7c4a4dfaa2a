// `npm run drift` (scripts/drift.mjs, in a child process) against the local drifting server:
// nothing on the conforming server, and for each finding kind exactly the one planted
// deviation, with its kind, operation, location and severity. Every run's three reports must
// agree, its exit code must follow from them, and no credential may appear in anything it
// printed or wrote.
import { beforeAll, describe, expect, it } from 'vitest';
import { FINDING_KINDS } from '../contract/support/findings.js';
import { loadSpec } from '../contract/support/spec.js';
import { expectReportsAgree } from './agreement.js';
import { allOutput, configFor, leakedSecrets, runDrift, SECRETS, type DriftRun } from './harness.js';
import { PLANTED, type DriftMode } from './modes.js';
import { startDriftServer, type DriftServer } from './server.js';

const spec = loadSpec();
const RUN_TIMEOUT = 120_000;

/** One server per mode, one drift run against it. */
async function driftAgainst(mode: DriftMode, env: Record<string, string> = {}): Promise<{ run: DriftRun; server: DriftServer }> {
  const server = await startDriftServer(mode, SECRETS);
  try {
    return { run: await runDrift({ ...configFor(server.baseUrl), ...env }), server };
  } finally {
    await server.close();
  }
}

function expectSafeRun({ run, server }: { run: DriftRun; server: DriftServer }): void {
  expect(leakedSecrets(allOutput(run)), 'credentials in the output or reports').toEqual([]);
  expect(server.selfCheckFailures, 'the drifting server itself broke the contract').toEqual([]);
  expect(server.received.length, 'requests the server received').toBeLessThanOrEqual(100);
  expect(run.report?.requests.sent, 'the run counts every request it sent').toBe(server.received.length);
  expect(server.maxInFlight(), 'requests in flight at once').toBeLessThanOrEqual(2);
}

describe('the conforming server', () => {
  let result: { run: DriftRun; server: DriftServer };
  beforeAll(async () => {
    result = await driftAgainst('conforming');
  }, RUN_TIMEOUT);

  it('gives exit 0 and no finding; every operation that was called is checked and ok', () => {
    const report = expectReportsAgree(result.run);
    expect(report.findings).toEqual([]);
    expect(result.run.code, result.run.stdout + result.run.stderr).toBe(0);
    expect(report.verdict).toBe('ok');
    expect(report.problems).toEqual([]);
    const called = new Set(result.server.received.map((request) => request.operationId));
    for (const operation of report.operations) {
      const expected = called.has(operation.operationId) ? 'ok' : 'skipped';
      expect(operation.result, `${operation.operationId}: ${operation.reason ?? ''}`).toBe(expected);
    }
    expect(report.summary.checked).toBeGreaterThan(0);
  });

  it('runs safely: the budget, two in flight, no credential anywhere, only its own resources', () => {
    expectSafeRun(result);
    const prefix = (result.run.report as unknown as { checkoutTokenPrefix: string }).checkoutTokenPrefix;
    expect(prefix).toMatch(/^drift-\d{13}-[0-9a-f]{6}$/);
    const created = result.server.received.filter((request) => request.status === 201);
    expect(created.length, 'the flow created links and sessions').toBeGreaterThan(0);
    const { links, sessions } = result.server.api;
    expect([...sessions.values()], 'sessions left behind').toEqual([]);
    // The link that was never activated is deleted (204) and then reads as gone (404).
    const calls = result.server.received.map(({ operationId, status }) => `${operationId} ${status}`);
    const deleted = calls.indexOf('deletePaymentLink 204');
    expect(deleted, 'a deletePaymentLink answered 204').toBeGreaterThanOrEqual(0);
    expect(calls.slice(deleted + 1).find((call) => call.startsWith('getPaymentLink ')), 'the read after it').toBe('getPaymentLink 404');
    // An ACTIVE link cannot be deleted (D30); it expires after its short duration.
    for (const link of links.values()) {
      expect(link).toMatchObject({ status: 'ACTIVE', checkoutToken: expect.stringMatching(new RegExp(`^${prefix}`)) });
    }
  });
});

describe.concurrent('each planted deviation is found, alone, with its kind, operation, location and severity', () => {
  for (const kind of FINDING_KINDS) {
    it(kind, async () => {
      const result = await driftAgainst(kind);
      const report = expectReportsAgree(result.run);
      const planted = PLANTED[kind];
      const operation = spec.operation(planted.operationId);
      const found = report.findings.map(({ kind: foundKind, operationId, location, severity, method, path }) => ({
        kind: foundKind,
        operationId,
        location,
        severity,
        method,
        path,
      }));
      expect(found, result.run.stdout.slice(-3000)).toEqual([{ ...planted, method: operation.method, path: operation.path }]);
      // A case that failed because of the deviation failed because of drift, not with an error.
      expect(report.operations.filter((entry) => entry.result === 'error').map((entry) => entry.reason)).toEqual([]);
      expect(result.run.code).toBe(planted.severity === 'breaking' ? 1 : 0);
      expect(report.verdict).toBe(planted.severity === 'breaking' ? 'breaking' : 'additive');
      expectSafeRun(result);
    }, RUN_TIMEOUT);
  }
});

describe('the request budget', () => {
  it('holds for the whole run: what is over it is not sent, and the run is incomplete (exit 2)', async () => {
    const result = await driftAgainst('conforming', { DRIFT_MAX_REQUESTS: '12' });
    const report = expectReportsAgree(result.run);
    expect(result.server.received.length).toBeLessThanOrEqual(12);
    expect(report.requests).toEqual({ sent: result.server.received.length, max: 12, maxInFlight: 2 });
    expect(result.run.code).toBe(2);
    expect(report.verdict).toBe('incomplete');
    expect(report.findings).toEqual([]);
    const errors = report.operations.filter((operation) => operation.result === 'error');
    expect(errors.map((operation) => operation.reason).join('\n')).toMatch(/Request budget used up: the contract cases may send \d+ requests/);
    expect(leakedSecrets(allOutput(result.run))).toEqual([]);
  }, RUN_TIMEOUT);
});
