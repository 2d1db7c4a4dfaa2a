// Exit code 2: a drift run could not run (in this process, as harness.ts runs it). Missing
// configuration (one line per variable, nothing sent), a refused base URL, request budget or
// DRIFT_FAIL_ON, an unreachable target, a blocked port, refused credentials, a failing server, a
// budget the preflight uses up. Each still writes the three reports, names the problem in them
// (not only on stderr), and shows no credential.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDriftConfig } from '../../src/drift/config.js';
import { runDrift as runEngine } from '../../src/drift/run.js';
import { expectReportsAgree } from './agreement.js';
import { allOutput, configFor, leakedSecrets, runDriftInProcess as runDrift, SECRETS, type DriftRun } from './harness.js';
import { startDriftServer, type DriftServer } from './server.js';
import { OPERATION_COUNT } from './agreement.js';

const TIMEOUT = 30_000;
const servers: DriftServer[] = [];

/** A conforming server of the test's own, so it can count the requests it received. */
async function ownServer(): Promise<DriftServer> {
  const server = await startDriftServer('conforming', SECRETS);
  servers.push(server);
  return server;
}

const failingServers: Server[] = [];

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await Promise.all(failingServers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server that answers every request with a 500, and counts them. */
async function failingServer(): Promise<{ baseUrl: string; received: () => string[] }> {
  const received: string[] = [];
  const server = createHttpServer((incoming, outgoing) => {
    received.push(`${incoming.method} ${incoming.url}`);
    outgoing.writeHead(500, { 'content-type': 'application/json' }).end('{"statusCode":500,"error":"x","message":"down"}');
  });
  failingServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { baseUrl: `http://127.0.0.1:${port}/sandbox`, received: () => received };
}

function expectCouldNotRun(run: DriftRun, reason: RegExp, code?: string): void {
  const report = expectReportsAgree(run);
  expect(run.code).toBe(2);
  expect(report.verdict).toBe('could-not-run');
  expect(report.reason).toMatch(reason);
  if (code) expect(report.reasonCode).toBe(code);
  expect(report.summary).toEqual({
    operations: OPERATION_COUNT, checked: 0, ok: 0, drift: 0, notReached: 0, skipped: OPERATION_COUNT, errors: 0, breaking: 0, warning: 0, additive: 0, new: 0, known: 0, resolved: 0,
  });
  expect(report.operations.every((operation) => operation.reason?.startsWith('not run: '))).toBe(true);
  expect(leakedSecrets(allOutput(run))).toEqual([]);
}

describe.concurrent('a drift run exits 2 when it cannot run', () => {
  it('without any configuration: one line per missing variable, and no request sent', async () => {
    const server = await ownServer();
    const run = await runDrift({ CONOMY_BASE_URL: server.baseUrl });
    expectCouldNotRun(run, /configuration missing/, 'config-missing');
    const lines = run.stderr.trim().split('\n');
    const names = ['CONOMY_API_KEY', 'CONOMY_CLIENT_ID', 'CONOMY_CLIENT_SECRET', 'CONOMY_IDENTITY_ID', 'CONOMY_ACCOUNT_NUMBER'];
    for (const name of names) {
      expect(lines.filter((line) => line.startsWith(`drift: ${name} is not set`)), name).toHaveLength(1);
      // In the reports too, not only on stderr.
      expect(run.report?.problems.filter((problem) => problem.startsWith(`${name} is not set`)), name).toHaveLength(1);
      expect(run.files['drift.md']).toContain(`- ${name} is not set`);
    }
    expect(lines).toHaveLength(6); // and the verdict line
    expect(server.received, 'requests sent').toEqual([]);
    expect(run.report?.requests.sent).toBe(0);
  }, TIMEOUT);

  it('names only what is missing; an access token replaces the client id and secret', async () => {
    const server = await ownServer();
    const { CONOMY_CLIENT_SECRET: _secret, CONOMY_ACCOUNT_NUMBER: _account, ...partial } = configFor(server.baseUrl);
    const run = await runDrift(partial);
    expect(run.stderr.split('\n').filter((line) => / is not set/.test(line))).toEqual([
      expect.stringMatching(/^drift: CONOMY_CLIENT_SECRET is not set/),
      expect.stringMatching(/^drift: CONOMY_ACCOUNT_NUMBER is not set/),
    ]);
    expectCouldNotRun(run, /configuration missing/);

    const { CONOMY_CLIENT_ID: _id, CONOMY_CLIENT_SECRET: _unused, ...rest } = configFor(server.baseUrl);
    const withToken = await runDrift({ ...rest, CONOMY_ACCESS_TOKEN: 'not-the-token', CONOMY_ACCOUNT_NUMBER: '1' });
    expect(withToken.stderr).not.toMatch(/is not set/);
    expectCouldNotRun(withToken, /^authentication refused: GET \/payments\/available-products answered 401/, 'auth-refused');
  }, TIMEOUT);

  it.each([
    ['the production host', 'https://api.conomyhq.com', /points at Conomy production/],
    ['a production path', 'https://api.conomyhq.com/v1', /points at Conomy production/],
    ['plain http to another host', 'http://api.example.test/sandbox', /must use https/],
    ['a URL with credentials', 'https://user:pass@api.conomyhq.com/sandbox', /must not contain credentials/],
    ['a port above 65535', 'http://127.0.0.1:70000/sandbox', /its port 70000 is above 65535/],
    ['a URL without a scheme', '127.0.0.1:4010/sandbox', /does not start with a scheme/],
  ])('refuses %s before sending anything', async (_what, baseUrl, line) => {
    const run = await runDrift(configFor(baseUrl));
    expect(run.stderr).toMatch(line);
    expectCouldNotRun(run, /configuration missing or invalid/, 'config-invalid');
    expect(run.report?.problems.join('\n')).toMatch(line);
    expect(run.report?.requests.sent).toBe(0);
  }, TIMEOUT);

  it('refuses a DRIFT_FAIL_ON other than breaking or warning, naming it', async () => {
    const server = await ownServer();
    const run = await runDrift({ ...configFor(server.baseUrl), DRIFT_FAIL_ON: 'everything' });
    expectCouldNotRun(run, /configuration missing or invalid \(1 problem/, 'config-invalid');
    expect(run.report?.problems).toEqual(['DRIFT_FAIL_ON (or --fail-on) must be one of breaking, warning; got "everything"']);
    expect(server.received).toEqual([]);
  }, TIMEOUT);

  it('refuses a port that fetch refuses to use, before sending anything', async () => {
    const run = await runDrift(configFor('http://127.0.0.1:6000/sandbox'));
    expectCouldNotRun(run, /configuration missing or invalid/, 'config-invalid');
    expect(run.report?.problems).toEqual([
      'CONOMY_BASE_URL uses port 6000, which fetch refuses to connect to (a blocked port of the Fetch standard); use another port',
    ]);
    expect(run.report?.requests.sent).toBe(0);
  }, TIMEOUT);

  it.each([
    ['0', '"0"'],
    ['ten', '"ten"'],
    ['1.5', '"1.5"'],
  ])('refuses DRIFT_MAX_REQUESTS=%s before sending anything', async (budget, shown) => {
    const server = await ownServer();
    const run = await runDrift({ ...configFor(server.baseUrl), DRIFT_MAX_REQUESTS: budget });
    expect(run.stderr).toContain(`drift: DRIFT_MAX_REQUESTS must be a positive integer (at most 100 are sent); got ${shown}`);
    expectCouldNotRun(run, /configuration missing or invalid \(1 problem/);
    expect(server.received, 'requests sent').toEqual([]);
  }, TIMEOUT);

  it('when the preflight leaves nothing of the request budget (DRIFT_MAX_REQUESTS=1)', async () => {
    const server = await ownServer();
    const run = await runDrift({ ...configFor(server.baseUrl), DRIFT_MAX_REQUESTS: '1' });
    expectCouldNotRun(run, /^DRIFT_MAX_REQUESTS=1 leaves no request for the contract cases/);
    expect(server.received.map((request) => request.operationId)).toEqual(['createAccessToken']);
    expect(run.report?.requests).toEqual({ sent: 1, max: 1, maxInFlight: 2, rateLimited: 0 });
  }, TIMEOUT);

  it('when the server fails the preflight with a 500 (access token)', async () => {
    const server = await failingServer();
    const { CONOMY_CLIENT_ID: _id, CONOMY_CLIENT_SECRET: _secret, ...rest } = configFor(server.baseUrl);
    const run = await runDrift({ ...rest, CONOMY_ACCESS_TOKEN: SECRETS.accessToken });
    expect(run.stderr).toMatch(
      /^drift: could not run: preflight failed: GET \/payments\/available-products answered 500, not a success; the server is failing$/m,
    );
    expectCouldNotRun(run, /^preflight failed: GET \/payments\/available-products answered 500/, 'preflight-failed');
    expect(server.received()).toHaveLength(1);
  }, TIMEOUT);

  it('when the target is unreachable', async () => {
    const run = await runDrift(configFor(`http://127.0.0.1:${await closedPort()}/sandbox`));
    expect(run.stderr).toMatch(/^drift: could not run: target unreachable: POST \/auth to 127\.0\.0\.1:\d+ failed: nothing accepts connections on 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/m);
    expectCouldNotRun(run, /^target unreachable/, 'target-unreachable');
  }, TIMEOUT);

  it('when the credentials are refused, after exactly one request', async () => {
    const server = await ownServer();
    const run = await runDrift(configFor(server.baseUrl, { ...SECRETS, clientSecret: 'secret-LEAKCHECK-wrong00000' }));
    expect(run.stderr).toMatch(/^drift: could not run: authentication refused: POST \/auth answered 401/m);
    expectCouldNotRun(run, /^authentication refused/);
    expect(server.received.map((request) => `${request.operationId} ${request.status}`)).toEqual(['createAccessToken 401']);
    expect(leakedSecrets(allOutput(run), { ...SECRETS, clientSecret: 'secret-LEAKCHECK-wrong00000' })).toEqual([]);
  }, TIMEOUT);
});

describe('the reports directory', () => {
  it('is checked before any request: a file in its place stops the run, which says so and loses nothing', async () => {
    const server = await ownServer();
    const dir = mkdtempSync(join(tmpdir(), 'drift-reports-file-'));
    try {
      const file = join(dir, 'reports');
      writeFileSync(file, 'not a directory');
      const lines: string[] = [];
      const run = runEngine(readDriftConfig({ ...configFor(server.baseUrl), DRIFT_REPORTS_DIR: file }), { print: (line) => lines.push(line), lintSuggestions: false });
      await expect(run).rejects.toThrow(`the reports could not be written to ${file} (DRIFT_REPORTS_DIR): EEXIST`);
      expect(lines).toContain(`drift: DRIFT_REPORTS_DIR (${file}) is a file, not a directory`);
      expect(server.received, 'requests sent').toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, TIMEOUT);

  it('keeps nothing of an earlier run but the history: its drift.har is gone even when this run sends nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drift-reports-stale-'));
    try {
      writeFileSync(join(dir, 'drift.har'), 'an earlier run');
      writeFileSync(join(dir, 'drift-history.jsonl'), '');
      await runEngine(readDriftConfig({ DRIFT_REPORTS_DIR: dir }), { print: () => {}, lintSuggestions: false });
      expect(readFileSync(join(dir, 'drift.har'), 'utf8')).not.toContain('an earlier run');
      expect(readFileSync(join(dir, 'drift-history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, TIMEOUT);
});

/** A port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
