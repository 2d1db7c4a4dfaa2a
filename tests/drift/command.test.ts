// `npm run drift` end to end: scripts/drift.mjs bundles the conomy-drift command from src/ and
// runs it, which prints masked lines and exits with the report's code. Against the local drifting
// server: conforming, eight deviations at once, a lenient server with --fail-on warning, a server
// that echoes every credential it receives, no configuration at all, and arguments the command
// does not take.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectReportsAgree } from './agreement.js';
import { allOutput, configFor, leakedSecrets, runDriftCommand, runDriftMain, SECRETS, type DriftRun } from './harness.js';
import { COMBINED, type DriftMode } from './modes.js';
import { startDriftServer, type DriftServer } from './server.js';
import { OPERATION_COUNT } from './agreement.js';

const TIMEOUT = 120_000;
const servers = new Map<DriftMode, DriftServer>();

beforeAll(async () => {
  for (const mode of ['conforming', 'combined', 'lenient', 'echoes-credentials'] as const) {
    servers.set(mode, await startDriftServer(mode, SECRETS));
  }
});
afterAll(() => Promise.all([...servers.values()].map((server) => server.close())));

const against = (mode: DriftMode, args: string[] = [], env: Record<string, string> = {}): Promise<DriftRun> =>
  runDriftCommand({ ...configFor(servers.get(mode)?.baseUrl ?? ''), ...env }, args);

/** The lines that print a finding, e.g. `drift: breaking type-mismatch: getPayment 200 at ...`. */
const findingLines = (run: DriftRun) => run.stdout.split('\n').filter((line) => /^drift: (breaking|warning|additive) /.test(line));

describe.concurrent('npm run drift', () => {
  it('on a conforming server: exit 0, every operation ok, nothing but its own lines, no credential', async () => {
    const run = await against('conforming');
    const report = expectReportsAgree(run);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(report.summary).toMatchObject({ ok: OPERATION_COUNT, checked: OPERATION_COUNT, breaking: 0, warning: 0, additive: 0 });
    expect(run.stdout.trim().split('\n').every((line) => line.startsWith('drift: ')), run.stdout).toBe(true);
    const checked = `${OPERATION_COUNT} of ${OPERATION_COUNT} operations checked`;
    expect(run.stdout).toMatch(new RegExp(`^drift: OK: no drift: 0 breaking, 0 warning, 0 additive finding\\(s\\); ${checked}; \\d+ request\\(s\\)`, 'm'));
    // Each case's line says what was answered: this refusal may be 422 or 400, and the server said 400.
    expect(run.stdout).toContain('; done: createCheckoutSession 400: refuses pinned: a complete offer without currency\n');
    expect(run.stderr).toBe('');
    expect(leakedSecrets(allOutput(run))).toEqual([]);
  }, TIMEOUT);

  it('with eight deviations at once: exit 1, each found and printed exactly once', async () => {
    const run = await against('combined');
    const report = expectReportsAgree(run);
    expect(run.code).toBe(1);
    expect(report.findings.map(({ kind, operationId, location }) => ({ kind, operationId, location }))).toEqual(
      expect.arrayContaining(COMBINED.map(({ kind, operationId, location }) => ({ kind, operationId, location }))),
    );
    const lines = findingLines(run);
    expect(lines).toHaveLength(report.findings.length);
    for (const { severity, kind, operationId, status, location } of report.findings) {
      expect(lines.filter((line) => line.startsWith(`drift: ${severity} ${kind}: ${operationId} ${status} at ${location}:`))).toHaveLength(1);
    }
  }, TIMEOUT);

  it('on a lenient server: warnings only, and exit 1 with --fail-on warning', async () => {
    const run = await against('lenient', ['--fail-on', 'warning']);
    const report = expectReportsAgree(run);
    expect(run.code).toBe(1);
    expect(report).toMatchObject({ verdict: 'warning', failOn: 'warning' });
    expect(report.summary).toMatchObject({ breaking: 0, additive: 0 });
    expect(report.summary.warning).toBeGreaterThan(0);
  }, TIMEOUT);

  it('against a server that echoes every credential: the echoes are found, and shown masked', async () => {
    const run = await against('echoes-credentials');
    const report = expectReportsAgree(run);
    const echoes = report.findings.filter((finding) => finding.kind === 'undocumented-field' && finding.location.endsWith('/echo'));
    expect(echoes.length, 'the server did echo the credentials into the answers').toBeGreaterThan(0);
    expect(echoes.some((finding) => finding.actual.includes('***')), 'a quoted echo shows the mask').toBe(true);
    expect(run.files['drift.md']).toMatch(/-H 'x-api-key: \*\*\*'/);
    // A sensitive header is written one way everywhere, its scheme included: the client's redactor's.
    expect(run.files['drift.md']).toMatch(/-H 'authorization: \*\*\*'/);
    expect(leakedSecrets(allOutput(run))).toEqual([]);
    // The check itself can fail: the secrets are in what the server received.
    expect(leakedSecrets(JSON.stringify(SECRETS))).toEqual(Object.values(SECRETS));
  }, TIMEOUT);

  it('without configuration: exit 2, one line per missing variable, the reports say the same', async () => {
    const run = await runDriftCommand({ CONOMY_BASE_URL: servers.get('conforming')?.baseUrl ?? '' });
    const report = expectReportsAgree(run);
    expect(run.code).toBe(2);
    expect(report).toMatchObject({ verdict: 'could-not-run', reasonCode: 'config-missing' });
    expect(run.stderr.split('\n').filter((line) => / is not set: /.test(line))).toHaveLength(5);
    expect(report.problems).toHaveLength(5);
  }, TIMEOUT);

  it('refuses a --fail-on value it does not take and arguments it does not know, before any run: the last reports stay', async () => {
    const bad = await against('conforming', ['--fail-on=everything']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('drift: DRIFT_FAIL_ON (or --fail-on) must be one of breaking, warning; got "everything"');
    expect(bad.files).toEqual({});

    const unknown = await against('conforming', ['--target', 'production']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n').slice(0, 2)).toEqual(['drift: unknown argument "--target"', 'usage: conomy-drift [--fail-on breaking|warning]']);
    expect(unknown.files).toEqual({});
    // The same parser without a process each: what does not go together is refused, naming why.
    for (const [args, problem] of [
      [['--accept', 'D1', '--replay', 'x.har'], '--accept cannot be combined with --replay or --fail-on'],
      [['--accept', 'D1', '--accept-all', 'D2'], '--accept and --accept-all cannot be combined'],
      [['--note', 'why'], '--note goes with --accept or --accept-all'],
      [['--replay'], '--replay needs a value'],
      [['--fail-on', 'warning', '--fail-on', 'breaking'], '--fail-on is given twice'],
    ] as const) {
      const refused = await runDriftMain(configFor(servers.get('conforming')?.baseUrl ?? ''), [...args]);
      expect({ code: refused.code, first: refused.stderr.split('\n')[0], files: refused.files }).toEqual({ code: 2, first: `drift: ${problem}`, files: {} });
    }
  }, TIMEOUT);
});
