// The Verdict step of .github/workflows/drift.yml, run with bash on reports of each kind: its
// annotation must tell missing secrets, a misconfiguration, an unreachable URL, refused
// credentials and an incomplete run apart, and the step must exit with the run's code.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const workflow = parse(readFileSync(new URL('../../.github/workflows/drift.yml', import.meta.url), 'utf8')) as {
  jobs: { drift: { steps: { name?: string; run?: string }[] } };
};
const script = workflow.jobs.drift.steps.find((step) => step.name === 'Verdict')?.run ?? '';
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function verdict(exitCode: number, report?: object): { status: number | null; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'drift-verdict-'));
  dirs.push(dir);
  if (report) {
    mkdirSync(join(dir, 'reports'));
    writeFileSync(join(dir, 'reports/drift.json'), JSON.stringify(report));
  }
  const run = spawnSync('bash', ['-e', '-c', script], { cwd: dir, env: { PATH: process.env.PATH, EXIT_CODE: String(exitCode) }, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout };
}

describe('the drift workflow verdict', () => {
  it('is found in the workflow', () => expect(script).toContain('reasonCode'));

  it.each([
    ['config-missing', 'Drift check not configured: secrets missing', 'CONOMY_API_KEY is not set: the API key'],
    ['config-invalid', 'Drift check misconfigured', 'CONOMY_BASE_URL must use https'],
    ['target-unreachable', 'Sandbox unreachable (check CONOMY_BASE_URL)', 'target unreachable: POST /auth'],
    ['auth-refused', 'Sandbox refused the credentials', 'authentication refused'],
    ['spec-invalid', 'openapi.yaml is not a usable contract (npm run lint)', 'openapi.yaml:1390:13 no-unresolved-refs'],
    ['incomplete', 'Drift check incomplete', '2 operation(s) not reached'],
    ['runner-failed', 'Drift check could not run', 'the preflight failed unexpectedly'],
  ])('exit 2 with reasonCode %s is annotated "%s"', (reasonCode, title, detail) => {
    const listed = reasonCode.startsWith('config') || reasonCode === 'spec-invalid';
    const problems = listed ? [detail] : [];
    const { status, stdout } = verdict(2, { reasonCode, reason: listed ? 'could not run, see problems' : detail, problems });
    expect(status).toBe(2);
    expect(stdout).toMatch(new RegExp(`^::error title=${title.replace(/[()]/g, '\\$&')}::.*${detail.replace(/[()]/g, '\\$&')}`, 'm'));
  });

  it('fails on 1, passes on 0, and says so without a report too', () => {
    expect(verdict(1, { verdict: 'breaking' })).toMatchObject({ status: 1, stdout: expect.stringMatching(/^::error title=Drift::/) });
    expect(verdict(0, { verdict: 'warning' })).toMatchObject({ status: 0 });
    expect(verdict(2)).toMatchObject({ status: 2, stdout: expect.stringMatching(/^::error title=Drift check could not run::see the log/) });
  });
});
