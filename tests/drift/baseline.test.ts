// The known-drift baseline: accepting a run's findings makes the same server pass with every
// finding known; one more deviation on it fails with only that one new; a conforming server lists
// the entries as resolved. A baseline that cannot be read stops the run before any request, naming
// the line; --accept refuses what it cannot record.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptLastRun } from '../../src/drift/accept.js';
import { readBaseline, type BaselineEntry } from '../../src/drift/report/baseline.js';
import { replayHar } from '../../src/drift/replay.js';
import type { DriftReport } from '../../src/drift/report/build-report.js';
import { expectReportsAgree } from './agreement.js';
import { configFor, runDriftInProcess, runDriftMain, SECRETS } from './harness.js';
import type { DriftMode } from './modes.js';
import { startDriftServer, type ServerOptions } from './server.js';

const TIMEOUT = 60_000;
const scratch = mkdtempSync(join(tmpdir(), 'drift-baseline-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

/** A fresh directory with a baseline file path in it (the file itself is not created). */
function workspace(): { dir: string; baselineFile: string; env: Record<string, string> } {
  const dir = join(scratch, `run-${(counter += 1)}`);
  mkdirSync(dir);
  const baselineFile = join(dir, 'drift-baseline.json');
  return { dir, baselineFile, env: { DRIFT_REPORTS_DIR: dir, DRIFT_BASELINE: baselineFile } };
}

async function driftRun(mode: DriftMode, env: Record<string, string>, options: ServerOptions = {}): Promise<DriftReport> {
  const server = await startDriftServer(mode, SECRETS, options);
  try {
    const run = await runDriftInProcess({ ...configFor(server.baseUrl), DRIFT_BASELINE: env.DRIFT_BASELINE ?? '' });
    // The last run's report, where --accept reads it.
    writeFileSync(join(env.DRIFT_REPORTS_DIR ?? '', 'drift.json'), run.files['drift.json'] ?? '');
    return expectReportsAgree(run);
  } finally {
    await server.close();
  }
}

const accept = (env: Record<string, string>, register: string, all = true, note?: string) =>
  acceptLastRun({ register, all, env, print: () => {}, date: '2026-12-01', ...(note ? { note } : {}) });

describe('the known-drift cycle on one drifting server', { timeout: TIMEOUT }, () => {
  it('accepted findings are known and pass; one more deviation fails alone; a conforming server resolves the entries', async () => {
    const { env, baselineFile } = workspace();
    const first = await driftRun('combined', env);
    expect(first.exitCode).toBe(1);
    expect(first.findings.every((finding) => finding.baseline === 'new')).toBe(true);
    const added = accept(env, 'D46', true, 'seen on the sandbox; the spec follows the reference until Conomy answers');
    const entries = readBaseline(baselineFile).entries;
    expect(entries).toHaveLength(added);
    expect(entries[0]).toMatchObject({ register: 'D46', date: '2026-12-01', note: expect.stringMatching(/^seen on the sandbox/) });
    // The list item's index is written as *: the same drift in another item is the same drift.
    expect(entries.map((entry) => entry.location)).toContain('response.body/results/*/createdAt');

    const again = await driftRun('combined', env);
    expect(again.exitCode, again.reason).toBe(0);
    expect(again.findings.length).toBe(first.findings.length);
    expect(again.findings.every((finding) => finding.baseline === 'known' && finding.acknowledged?.register === 'D46')).toBe(true);
    expect(again.summary).toMatchObject({ new: 0, known: first.findings.length, resolved: 0 });

    const more = await driftRun('combined', env, { also: ['format-mismatch'] });
    expect(more.exitCode).toBe(1);
    const fresh = more.findings.filter((finding) => finding.baseline === 'new');
    expect(fresh.map(({ kind, operationId, location }) => ({ kind, operationId, location }))).toEqual([
      { kind: 'format-mismatch', operationId: 'createPaymentLink', location: 'response.body/createdAt' },
    ]);

    // A run that never saw the place of an entry does not resolve it: an empty list has no item createdAt.
    const har = join(env.DRIFT_REPORTS_DIR ?? '', 'one.har');
    writeFileSync(har, JSON.stringify({ log: { version: '1.2', entries: [{
      request: { method: 'GET', url: 'http://127.0.0.1:1/sandbox/checkout-sessions?limit=5', headers: [] },
      response: { status: 200, headers: [{ name: 'content-type', value: 'application/json' }], content: { text: '{"results":[],"pagination":{"total":0,"limit":5,"offset":0}}' } },
    }] } }));
    expect(entries.some((entry) => entry.operationId === 'listCheckoutSessions')).toBe(true);
    expect((await replayHar(har, { env, print: () => {} })).report.baseline.resolved).toEqual([]);

    const clean = await driftRun('conforming', env);
    expect(clean.exitCode).toBe(0);
    expect(clean.baseline.resolved.map(key)).toEqual(entries.map(key));
    expect(clean.summary.resolved).toBe(entries.length);
  });

  it('an accepted value does not hide another one at the same place', async () => {
    const { env, baselineFile } = workspace();
    const accepted = (actual: string) => ({
      operationId: 'activatePaymentLink', status: 200, kind: 'enum-mismatch', location: 'response.body/status', actual, register: 'D7', note: 'n', date: '2026-12-01',
    });
    writeFileSync(baselineFile, JSON.stringify({ entries: [accepted('"PAUSED"')] }));
    const other = await driftRun('enum-mismatch', env);
    expect(other.findings.map(({ actual, baseline }) => ({ actual, baseline }))).toEqual([{ actual: '"ENABLED"', baseline: 'new' }]);
    expect(other.exitCode).toBe(1);
    writeFileSync(baselineFile, JSON.stringify({ entries: [accepted('"ENABLED"')] }));
    const same = await driftRun('enum-mismatch', env);
    expect(same.findings.map(({ baseline }) => baseline)).toEqual(['known']);
    expect(same.exitCode).toBe(0);
  });

  it('--accept Dn takes only the new findings the spec ties to Dn; --accept-all takes the rest', async () => {
    const { env, baselineFile } = workspace();
    const report = await driftRun('combined', env);
    const named = report.findings.find((finding) => finding.discrepancy?.length)?.discrepancy?.[0] ?? '';
    expect(named).toMatch(/^D\d+$/);
    const tied = report.findings.filter((finding) => finding.discrepancy?.includes(named)).length;
    expect(accept(env, named, false)).toBe(tied);
    expect(readBaseline(baselineFile).entries.every((entry) => entry.register === named)).toBe(true);
    // Accepting again adds nothing: the findings are in the baseline now.
    expect(() => accept(env, named, false)).toThrow(new RegExp(`no new finding of the last run names ${named}`));
    const rest = accept(env, 'D1', true);
    expect(tied + rest).toBe(report.findings.length);
  });
});

describe('--accept refuses what it cannot record, and writes nothing', () => {
  it('an id that is not in the register, a malformed id, or no last run', () => {
    const { env, baselineFile, dir } = workspace();
    expect(() => accept(env, 'D999')).toThrow(/D999 is no entry of the discrepancy register docs\/discrepancies\.md: record the decision there first/);
    expect(() => accept(env, 'seven')).toThrow(/--accept-all needs a register entry id such as D7; got "seven"/);
    expect(() => accept(env, 'D1')).toThrow(/there is no last run to accept findings from: .*drift\.json does not exist/);
    writeFileSync(join(dir, 'drift.json'), JSON.stringify({ verdict: 'could-not-run', findings: [] }));
    expect(() => accept(env, 'D1')).toThrow(/the last run .* could not run/);
    expect(() => readFileSync(baselineFile)).toThrow(/ENOENT/);
  });
});

describe('a baseline that cannot be read', { timeout: TIMEOUT }, () => {
  const entry: BaselineEntry = {
    operationId: 'getPayment', status: 200, kind: 'type-mismatch', location: 'response.body/totalAmount', actual: 'integer', register: 'D46', note: 'n', date: '2026-12-01',
  };
  const refusal = (text: string): string => {
    const { baselineFile } = workspace();
    writeFileSync(baselineFile, text);
    try {
      readBaseline(baselineFile);
    } catch (error) {
      return (error as Error).message.replace(baselineFile, 'drift-baseline.json');
    }
    return 'read without a problem';
  };

  it('names the file, line and column of each kind of problem', () => {
    const entries = (...items: unknown[]) => JSON.stringify({ entries: items }, null, 2);
    expect(refusal('{\n  "entries": [\n    {"operationId": "x",,}\n  ]\n}\n')).toMatch(/^drift-baseline\.json:3:\d+: not valid JSON: /);
    expect(refusal('{"entries": [')).toMatch(/^drift-baseline\.json:1:\d+: not valid JSON: /);
    expect(refusal('[]')).toBe('drift-baseline.json:1:1: the baseline must be a JSON object with an "entries" list');
    expect(refusal(entries(entry, { ...entry, location: 'x', register: 'D999' }))).toBe(
      'drift-baseline.json:13:5: entry 2: "register" "D999" names no entry of docs/discrepancies.md',
    );
    const { note: _note, ...noNote } = entry;
    expect(refusal(entries(noNote))).toBe('drift-baseline.json:3:5: entry 1: "note" missing');
    expect(refusal(entries({ ...entry, kind: 'drifty' }))).toMatch(/^drift-baseline\.json:3:5: entry 1: "kind" "drifty" is no finding kind/);
    expect(refusal(entries({ ...entry, date: '1 Dec' }))).toBe('drift-baseline.json:3:5: entry 1: "date" must be a date written YYYY-MM-DD');
    expect(refusal(entries({ ...entry, date: '2026-02-31' }))).toBe('drift-baseline.json:3:5: entry 1: "date" must be a date written YYYY-MM-DD');
    expect(refusal(entries(entry, { ...entry, location: 'response.body/totalAmount' }))).toBe('drift-baseline.json:13:5: entry 2: the same finding as entry 1');
    // What Node's JSON.parse would not locate: a trailing comma, a comment, a byte order mark; and a key given twice.
    expect(refusal('{\n  "entries": [\n    {"a": 1},\n  ]\n}\n')).toBe('drift-baseline.json:4:3: not valid JSON: a comma before "]" (JSON allows no trailing comma)');
    expect(refusal('{\n  "entries": [\n    // why\n  ]\n}\n')).toBe('drift-baseline.json:3:5: not valid JSON: expected a value, found a comment (JSON has none)');
    expect(refusal('\ufeff{"entries": []}')).toMatch(/^drift-baseline\.json:1:1: not valid JSON: .*byte order mark/);
    expect(refusal('{\n  "entries": [],\n  "entries": []\n}\n')).toBe('drift-baseline.json:3:3: Map keys must be unique');
    expect(refusal(entries(entry))).toBe('read without a problem');
  });

  it('stops a drift run before any request: exit 2, config-invalid, the located problem', async () => {
    const server = await startDriftServer('conforming', SECRETS);
    try {
      const { baselineFile } = workspace();
      writeFileSync(baselineFile, '{"entries": [}');
      const run = await runDriftMain({ ...configFor(server.baseUrl), DRIFT_BASELINE: baselineFile });
      expect(run.code).toBe(2);
      expect(run.report).toMatchObject({ verdict: 'could-not-run', reasonCode: 'config-invalid', reason: 'the drift baseline cannot be used; no request was sent' });
      expect(run.report?.problems[0]).toMatch(/drift-baseline\.json:1:\d+: not valid JSON/);
      expect(run.stderr).toMatch(/drift-baseline\.json:1:\d+: not valid JSON/);
      expect(server.received).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

function key(entry: Pick<BaselineEntry, 'operationId' | 'status' | 'kind' | 'location'>): string {
  return `${entry.operationId} ${entry.status} ${entry.kind} ${entry.location}`;
}
