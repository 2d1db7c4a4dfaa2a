// No credential value in anything a drift run prints or writes, even against a server that
// sends every credential it receives back: in an undocumented field (which the report quotes),
// in an error detail (which the client's error message quotes) and in a header.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectReportsAgree } from './agreement.js';
import { allOutput, configFor, leakedSecrets, runDrift, SECRETS, type DriftRun } from './harness.js';
import { startDriftServer, type DriftServer } from './server.js';

let server: DriftServer;
let run: DriftRun;

beforeAll(async () => {
  server = await startDriftServer('echoes-credentials', SECRETS);
  run = await runDrift(configFor(server.baseUrl));
}, 120_000);
afterAll(() => server.close());

it('finds the echoed credentials as drift, and quotes them masked', () => {
  const report = expectReportsAgree(run);
  const echoes = report.findings.filter((finding) => finding.kind === 'undocumented-field' && finding.location.endsWith('/echo'));
  expect(echoes.length, 'the server did echo the credentials into the answers').toBeGreaterThan(0);
  expect(echoes.some((finding) => finding.actual.includes('***')), 'a quoted echo shows the mask').toBe(true);
  expect(run.files['drift.md']).toMatch(/-H 'x-api-key: \*\*\*'/);
  expect(run.files['drift.md']).toMatch(/-H 'authorization: Bearer \*\*\*'/);
});

it('shows no credential, whole or in part, in stdout, stderr or any report file', () => {
  expect(leakedSecrets(allOutput(run))).toEqual([]);
  // The check itself can fail: the secrets are in what the server received.
  expect(leakedSecrets(JSON.stringify(SECRETS))).toEqual(Object.values(SECRETS));
});
