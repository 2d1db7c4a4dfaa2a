// Replay: a run's drift.har judged again offline must give the run's findings exactly; with every
// suggested spec change applied to a copy of openapi.yaml it must give none of the suggested ones
// and nothing new; a HAR captured elsewhere (another base path, base64 bodies, credentials in its
// headers, calls of no operation) is judged without leaking; a malformed HAR is refused by name.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HarError } from '../../src/drift/report/har.js';
import { replayHar } from '../../src/drift/replay.js';
import type { DriftReport, ReportedFinding } from '../../src/drift/report/build-report.js';
import type { Suggestion } from '../../src/drift/report/suggest.js';
import { DEFAULT_SPEC_PATH } from '../../src/contract/spec/contract-spec.js';
import { expectReportsAgree } from './agreement.js';
import { applySuggestions } from '../../src/drift/report/apply-suggestions.js';
import { configFor, leakedSecrets, runDriftCommand, runDriftInProcess, runDriftMain, SECRETS, type DriftRun } from './harness.js';
import { startDriftServer, type ServerOptions } from './server.js';
import type { DriftMode } from './modes.js';

const scratch = mkdtempSync(join(tmpdir(), 'drift-replay-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

async function liveRun(mode: DriftMode, options: ServerOptions = {}): Promise<DriftRun> {
  const server = await startDriftServer(mode, SECRETS, options);
  try {
    return await runDriftInProcess(configFor(server.baseUrl));
  } finally {
    await server.close();
  }
}

/** Replays a HAR text into a reports directory of its own; returns the run as the harness reads it back. */
async function replay(harText: string, { specFile, env = {} }: { specFile?: string; env?: Record<string, string> } = {}): Promise<DriftRun> {
  const dir = join(scratch, `replay-${(counter += 1)}`);
  mkdirSync(dir);
  const file = join(dir, 'input.har');
  writeFileSync(file, harText);
  const reportsDir = join(dir, 'reports');
  const lines: string[] = [];
  const { report } = await replayHar(file, { env: { DRIFT_REPORTS_DIR: reportsDir, ...env }, print: (line) => lines.push(line), ...(specFile ? { specFile } : {}) });
  const files = Object.fromEntries(['drift.json', 'drift.md', 'drift.junit.xml'].map((name) => [name, readFileSync(join(reportsDir, name), 'utf8')]));
  return { code: report.exitCode, stdout: lines.join('\n'), stderr: '', files, report: JSON.parse(files['drift.json'] ?? '') as DriftReport };
}

/**
 * A finding without what only says where the run found it, and without the lint notes of its
 * suggestion, which the in-process live runs skip (harness.ts) and a replay always adds.
 */
const judged = ({ case: _case, occurrences: _occurrences, suggestion, ...finding }: ReportedFinding) => {
  const { lint: _lint, ...change } = suggestion ?? {};
  return suggestion ? { ...finding, suggestion: change } : finding;
};
const identity = (finding: ReportedFinding) => `${finding.operationId} ${finding.status} ${finding.kind} ${finding.location}`;

/** A drift run takes seconds; the command bundles and starts the command. */
const TIMEOUT = 60_000;

describe('replaying the HAR of a drift run', { timeout: TIMEOUT }, () => {
  // Eight deviations at once, plus a rate limit: the run's findings and its recorded exchanges.
  const recorded = liveRun('combined', { also: ['format-mismatch', 'constraint-violation'], rateLimitEvery: 7 });

  it('reproduces its findings exactly, sends nothing and lists every exchange', async () => {
    const run = await recorded;
    const live = run.report as DriftReport;
    expect(live.findings.length).toBeGreaterThanOrEqual(10);
    const replayed = await replay(run.files['drift.har'] ?? '');
    const report = expectReportsAgree(replayed, { replay: true });
    expect(report.findings.map(judged)).toEqual(live.findings.map(judged));
    expect(report.findings.map((finding) => finding.case)).toEqual(live.findings.map((finding) => finding.case));
    expect(report.exitCode).toBe(1);
    expect(report.requests.sent).toBe(0);
    const entries = (JSON.parse(run.files['drift.har'] ?? '') as { log: { entries: unknown[] } }).log.entries.length;
    expect(report.replay).toMatchObject({ entries, unmatched: [], unjudged: [] });
    // What the live run judged, the replay judged: every operation ok or drift in both.
    const results = (r: DriftReport) => r.operations.filter((o) => ['ok', 'drift'].includes(o.result)).map((o) => `${o.operationId} ${o.result}`);
    expect(results(report)).toEqual(results(live));
  });

  it('after every suggested spec change that passes lint is applied to a copy of openapi.yaml, none of those findings remains and none is new', async () => {
    const run = await recorded;
    const live = run.report as DriftReport;
    // The replay lints the spec with every suggestion applied; the live run here skipped that (harness.ts).
    const { report: replayed } = await replay(run.files['drift.har'] ?? '');
    const suggested = (replayed as DriftReport).findings.filter((finding) => finding.suggestion);
    // Every breaking finding has a suggestion or says why not; most of these have one.
    expect(live.findings.filter((finding) => finding.severity === 'breaking').every((f) => f.suggestion ?? f.noSuggestion)).toBe(true);
    expect(suggested.length).toBeGreaterThanOrEqual(8);
    const enumChange = suggested.find((finding) => finding.kind === 'enum-mismatch')?.suggestion;
    // The enum of a $ref'd component is changed where it is defined, not in a copy inlined by the operation.
    expect(enumChange).toMatchObject({ pointer: '#/components/schemas/PaymentLinkStatus/enum', register: { update: ['D7'] } });
    expect(enumChange?.yaml).toMatch(/^enum:\n(?: {2}- \w+\n)+ {2}- ENABLED\n$/);
    // An amount as a number is what the house rules forbid: the suggestion says so instead of hiding it.
    const amount = suggested.find((finding) => finding.operationId === 'getPayment' && finding.location === 'response.body/totalAmount');
    expect(amount?.suggestion?.lint?.join('\n')).toMatch(/^rule\/amount-is-decimal-string: /m);

    const clean = suggested.filter((finding) => !finding.suggestion?.lint);
    expect(clean.length).toBeGreaterThanOrEqual(6);
    const copy = join(scratch, 'openapi-with-suggestions.yaml');
    writeFileSync(copy, applySuggestions(readFileSync(DEFAULT_SPEC_PATH, 'utf8'), clean.map((f) => f.suggestion as Suggestion)));
    const report = (await replay(run.files['drift.har'] ?? '', { specFile: copy })).report as DriftReport;
    const remaining = new Set(report.findings.map(identity));
    for (const finding of clean) expect(remaining, `still found after its suggestion: ${identity(finding)}`).not.toContain(identity(finding));
    const before = new Set(live.findings.map(identity));
    expect(report.findings.map(identity).filter((key) => !before.has(key)), 'new findings after the changes').toEqual([]);
  });

  it('refuses to judge by a spec that the live run would refuse, naming its problems', async () => {
    const run = await recorded;
    const broken = join(scratch, 'openapi-broken.yaml');
    writeFileSync(broken, readFileSync(DEFAULT_SPEC_PATH, 'utf8').replace("$ref: '#/components/schemas/PaymentLinkStatus'", "$ref: '#/components/schemas/NoSuchSchema'"));
    await expect(replay(run.files['drift.har'] ?? '', { specFile: broken })).rejects.toThrow(
      /openapi-broken\.yaml is not a contract a run can judge by \(npm run lint\); nothing was replayed:\n {2}.*openapi-broken\.yaml:\d+:\d+ no-unresolved-refs/,
    );
  });
});

/** A HAR as a browser or proxy exports it, of a server under /v1 with real-looking credentials. */
function capturedHar(): string {
  const apiKey = 'captured-apikey-9f8e7d6c5b';
  const token = 'captured-bearer-1a2b3c4d5e';
  const entry = (method: string, url: string, status: number, content: Record<string, unknown>, headers: { name: string; value: string }[] = []) => ({
    startedDateTime: '2026-12-01T10:00:00.000Z',
    time: 12,
    request: { method, url, httpVersion: 'HTTP/2', headers: [{ name: 'x-api-key', value: apiKey }, { name: 'Authorization', value: `Bearer ${token}` }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: { status, statusText: '', httpVersion: 'HTTP/2', headers: [{ name: ':status', value: String(status) }, ...headers], cookies: [], content, redirectURL: '', headersSize: -1, bodySize: -1 },
    cache: {},
    timings: { send: 0, wait: 12, receive: 0 },
  });
  const json = [{ name: 'Content-Type', value: 'application/json' }];
  const products = JSON.stringify({ echoed: token, products: 'x' });
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'a browser', version: '1' },
      entries: [
        entry('GET', 'https://gateway.example/v1/payment-links/pl_404', 404, { size: 60, mimeType: 'application/json', text: JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'no link' }) }, json),
        entry('GET', 'https://gateway.example/v1/health?api_key=captured-apikey-9f8e7d6c5b', 200, { size: 2, mimeType: 'text/plain', text: 'ok' }),
        entry('GET', 'https://gateway.example/v1/payments/available-products', 200, { size: products.length, mimeType: 'application/json', text: Buffer.from(products).toString('base64'), encoding: 'base64' }, json),
        entry('GET', 'https://gateway.example/v1/payments', 200, { size: 120, mimeType: 'application/json' }, json),
        // Another host whose path looks like one of the API's: not a call of the target.
        entry('POST', 'https://accounts.example.net/oauth/auth', 200, { size: 2, mimeType: 'application/json', text: '{}' }, json),
        // No header list, the type only in mimeType; and a Content-Type line repeated by the exporter.
        entry('GET', 'https://gateway.example/v1/payment-links/pl_405', 404, { size: 60, mimeType: 'application/json', text: JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'no link' }) }),
        entry('GET', 'https://gateway.example/v1/payment-links/pl_406', 404, { size: 60, mimeType: 'application/json', text: JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'no link' }) }, [...json, ...json]),
      ],
    },
  });
}

describe('replaying a HAR captured elsewhere', { timeout: TIMEOUT }, () => {
  it('judges what matches an operation under any base path, lists the rest as unmatched or unjudged, and masks its credentials', async () => {
    const run = await replay(capturedHar());
    const report = expectReportsAgree(run, { replay: true });
    // A secret in a query is masked by its name too.
    expect(report.replay?.unmatched).toEqual([
      { entry: 2, method: 'GET', url: 'https://gateway.example/v1/health?api_key=***', status: 200, reason: 'no operation has this method and path' },
      { entry: 5, method: 'POST', url: 'https://accounts.example.net/oauth/auth', status: 200, reason: 'not a call of the target https://gateway.example/v1' },
    ]);
    expect(report.target.baseUrl).toBe('https://gateway.example/v1');
    expect(report.replay?.unjudged).toEqual([{ entry: 4, method: 'GET', url: 'https://gateway.example/v1/payments', reason: 'its response body was not recorded' }]);
    expect(report.replay?.judged).toBe(4);
    // The three 404s are documented error answers: no finding for getPaymentLink.
    expect(report.findings.filter((finding) => finding.operationId === 'getPaymentLink')).toEqual([]);
    // The base64 body was decoded and judged: a body of the wrong shape is drift of that operation.
    expect(report.findings.some((finding) => finding.operationId === 'listAvailableProducts')).toBe(true);
    expect(report.operations.find((operation) => operation.operationId === 'getPaymentLink')?.statuses).toEqual([404]);
    expect(run.stdout).toContain('drift: replay: 7 entries, 4 judged, 2 unmatched, 1 not judged');
    const everything = [run.stdout, ...Object.values(run.files)].join('\n');
    const captured = { apiKey: 'captured-apikey-9f8e7d6c5b', accessToken: 'captured-bearer-1a2b3c4d5e' };
    expect(leakedSecrets(everything, { ...captured, clientId: captured.apiKey, clientSecret: captured.accessToken })).toEqual([]);
  });
});

describe('a HAR that cannot be replayed', { timeout: TIMEOUT }, () => {
  const refused = async (text: string): Promise<string> => {
    const dir = join(scratch, `refused-${(counter += 1)}`);
    mkdirSync(join(dir, 'reports'), { recursive: true });
    writeFileSync(join(dir, 'reports', 'drift.json'), 'the previous report');
    writeFileSync(join(dir, 'input.har'), text);
    let message = '';
    try {
      await replayHar(join(dir, 'input.har'), { env: { DRIFT_REPORTS_DIR: join(dir, 'reports') }, print: () => {} });
    } catch (error) {
      expect(error).toBeInstanceOf(HarError);
      message = (error as Error).message;
    }
    // Nothing was written half-way: the previous report is untouched.
    expect(readFileSync(join(dir, 'reports', 'drift.json'), 'utf8')).toBe('the previous report');
    return message;
  };

  it('is refused with a message that names the problem, and nothing is written', async () => {
    const whole = capturedHar();
    expect(await refused(whole.slice(0, whole.length / 2))).toMatch(/input\.har is not a HAR file: it is not JSON \(the file looks truncated\)/);
    expect(await refused('{"log": {"version": "1.2"}}')).toMatch(/log\.entries is not a list/);
    // Where a broken file breaks, never a quote of it: a captured HAR carries credentials.
    const leaky = await refused('{"log": {"entries": [{"request": {"headers": [{"name": "x-api-key", "value": "captured-apikey-9f8e7d6c5b"} oops]}}]}}');
    expect(leaky).toMatch(/input\.har is not a HAR file: it is not JSON: at line 1, column \d+, expected "," or "\]", found unexpected "o"$/);
    expect(leakedSecrets(leaky, { apiKey: 'captured-apikey-9f8e7d6c5b', clientId: 'x'.repeat(8), clientSecret: 'y'.repeat(8), accessToken: 'z'.repeat(8) })).toEqual([]);
    expect(await refused('[]')).toMatch(/has no "log" object/);
    const broken = JSON.parse(whole) as { log: { entries: { response: Record<string, unknown>; request: Record<string, unknown> }[] } };
    delete broken.log.entries[2]?.response.status;
    if (broken.log.entries[3]) broken.log.entries[3].request.url = '/relative';
    const message = await refused(JSON.stringify(broken));
    expect(message).toMatch(/2 of its 7 entries are malformed/);
    expect(await refused('{"log": {"version": "1.2", "entries": []}}')).toMatch(/input\.har has no entries: there is nothing to replay/);
    expect(message).toContain('entry 3 (GET https://gateway.example/v1/payments/available-products): response.status is not an HTTP status: undefined');
    expect(message).toContain('entry 4: request.url is not an absolute URL: "/relative"');
  });

  it('through npm run drift -- --replay: exit 2 with the message, and a missing file is named', async () => {
    const file = join(scratch, 'truncated.har');
    writeFileSync(file, capturedHar().slice(0, 100));
    const truncated = await runDriftCommand({}, ['--replay', file]);
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/^drift: .*truncated\.har is not a HAR file: it is not JSON \(the file looks truncated\)/m);
    expect(truncated.files).toEqual({});
    const missing = await runDriftMain({}, ['--replay', join(scratch, 'nowhere.har')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nowhere\.har: ENOENT/);
  });
});
