// The drift workflow's issue: the decision (scripts/drift-issue.mjs) for each kind of run, and the
// workflow step that carries it out, run with bash as a runner would (tests/drift/github-steps.ts)
// against a stand-in `gh` that records its calls. The step finds the report through the drift
// action's `report` output (action.yml), which is empty when the run wrote none.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decideDriftIssue } from '../../scripts/drift-issue.mjs';
import { condition, runStep, type Step } from './github-steps.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

const finding = (baseline: 'new' | 'known', severity = 'breaking') => ({
  operationId: 'getCheckoutSession', status: 200, kind: 'enum-mismatch', location: 'response.body/status', severity, baseline,
  suggestion: { change: 'add "ON_HOLD"', pointer: '#/components/schemas/CheckoutSessionStatus/enum' },
});
const report = (exitCode: number, findings: object[], summary: Record<string, number> = {}) => ({ verdict: 'x', exitCode, findings, summary });
const RUN = 'https://github.com/conomyhq/checkout-contract/actions/runs/7';

const ours = (number: number, findings: object[] = [finding('new')]) => ({ number, body: decideDriftIssue(report(1, findings), [], RUN).body });

describe('the drift issue decision', () => {
  it('opens an issue for new breaking findings, with each one and its suggested change', () => {
    const decision = decideDriftIssue(report(1, [finding('new'), finding('known'), finding('new', 'warning')]), [], RUN);
    expect(decision).toMatchObject({ action: 'open', title: 'Drift: 1 new breaking finding(s) between the sandbox and openapi.yaml' });
    expect(decision.body).toContain('| getCheckoutSession | 200 | enum-mismatch | `response.body/status` | add "ON_HOLD" at `#/components/schemas/CheckoutSessionStatus/enum` |');
    expect(decision.body).toContain(`[this run](${RUN})`);
    expect(decision.body.match(/^\| getCheckoutSession/gm)).toHaveLength(1);
  });

  it('updates its own open issue (the oldest, should there be two), commenting only when the new findings changed', () => {
    const same = decideDriftIssue(report(1, [finding('new')]), [ours(12), ours(9)], RUN);
    expect(same).toMatchObject({ action: 'update', number: 9 });
    expect(same.comment).toBeUndefined();
    // The same drift in another list item is the same finding (finding-identity.js): no change, no comment.
    const moved = decideDriftIssue(report(1, [{ ...finding('new'), location: 'response.body/results/3/status' }]), [ours(9, [{ ...finding('new'), location: 'response.body/results/0/status' }])], RUN);
    expect(moved).toMatchObject({ action: 'update', number: 9 });
    expect(moved.comment).toBeUndefined();
    const other = { ...finding('new'), location: 'response.body/results/0/status' };
    const changed = decideDriftIssue(report(1, [finding('new'), other]), [ours(9)], RUN);
    expect(changed).toMatchObject({ action: 'update', number: 9, comment: expect.stringMatching(/^The new breaking findings changed/) });
  });

  it('never touches an issue a person opened with the label', () => {
    expect(decideDriftIssue(report(1, [finding('new')]), [{ number: 3, body: 'a question about drift' }], RUN).action).toBe('open');
    expect(decideDriftIssue(report(0, []), [{ number: 3, body: 'a question about drift' }], RUN).action).toBe('nothing');
  });

  it('closes it when a run judged everything without a new breaking finding, known findings or failing warnings left', () => {
    const decision = decideDriftIssue(report(0, [finding('known')], { known: 1 }), [ours(9)], RUN);
    expect(decision).toMatchObject({ action: 'close', number: 9 });
    expect(decision.comment).toContain('1 known finding(s) remain, acknowledged in drift-baseline.json');
    expect(decideDriftIssue(report(1, [finding('new', 'warning')]), [ours(9)], RUN).action).toBe('close');
  });

  it('does nothing for known findings alone, or for a run that could not judge', () => {
    expect(decideDriftIssue(report(0, [finding('known')]), [], RUN).action).toBe('nothing');
    expect(decideDriftIssue(report(2, []), [ours(9)], RUN)).toMatchObject({ action: 'nothing', why: expect.stringContaining('stays as it is') });
  });
});

describe('the workflow step that carries the decision out', { timeout: 30_000 }, () => {
  const workflow = parse(readFileSync(join(root, '.github/workflows/drift.yml'), 'utf8')) as { jobs: { drift: { steps: Step[] } } };
  const issueStep = workflow.jobs.drift.steps.find((step) => step.name === 'Drift issue');
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  /** What the step's expressions may read: the drift action's outputs, and the job's token. */
  const contexts = (report: string) => ({ steps: { drift: { report } }, github: { token: 'test-token' } });

  /**
   * Runs the step in a scratch directory, the report at `reportPath` (elsewhere than reports/, so
   * that only the action's output can lead the step to it); `gh` answers `issue list` with `open`
   * and logs every call.
   */
  function step(driftReport: object, open: object[], reportPath = 'out/drift-run.json'): string[] {
    if (!issueStep) throw new Error('no step "Drift issue" in drift.yml');
    const dir = mkdtempSync(join(tmpdir(), 'drift-issue-'));
    dirs.push(dir);
    for (const sub of ['out', 'scripts', 'bin', 'steps']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, reportPath), JSON.stringify(driftReport));
    // The script and the one module it imports, at the same places as in the repository.
    for (const file of ['scripts/drift-issue.mjs', 'src/drift/report/finding-identity.js']) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), readFileSync(join(root, file)));
    }
    const gh = join(dir, 'bin/gh');
    const log = join(dir, 'gh.log');
    writeFileSync(join(dir, 'open.json'), JSON.stringify(open));
    writeFileSync(gh, `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >> '${log}'\nif [ "$1 $2" = "issue list" ]; then cat '${join(dir, 'open.json')}'; fi\n`);
    chmodSync(gh, 0o755);
    writeFileSync(log, '');
    expect(condition(issueStep.if, contexts(reportPath), true)).toBe(true);
    const run = runStep(issueStep, {
      cwd: dir,
      scratch: join(dir, 'steps'),
      env: { PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`, RUNNER_TEMP: dir },
      contexts: contexts(reportPath),
      index: 0,
    });
    expect(run.status, run.stderr).toBe(0);
    return readFileSync(log, 'utf8').trimEnd().split('\n').slice(1);
  }

  it('is found in the workflow', () => expect(issueStep?.run).toContain('scripts/drift-issue.mjs'));

  it("runs after a failed drift step too, but only when the action's report output names a report", () => {
    expect(condition(issueStep?.if, contexts('reports/drift.json'), true)).toBe(true);
    expect(condition(issueStep?.if, contexts(''), true)).toBe(false);
    expect(condition(issueStep?.if, contexts(''), false)).toBe(false);
  });

  it('creates the label and the issue, comments on an open one, closes it, or leaves it', () => {
    const opened = step(report(1, [finding('new')]), []);
    expect(opened[0]).toMatch(/^label create drift /);
    expect(opened[1]).toMatch(/^issue create --title Drift: 1 new breaking finding\(s\) between the sandbox and openapi\.yaml --label drift --body-file .*drift-issue\.md$/);
    expect(step(report(1, [finding('new')]), [ours(4)])).toEqual([expect.stringMatching(/^issue edit 4 --body-file /)]);
    expect(step(report(1, [finding('new')]), [ours(4, [{ ...finding('new'), kind: 'type-mismatch' }])])).toEqual([
      expect.stringMatching(/^issue edit 4 --body-file /),
      expect.stringMatching(/^issue comment 4 --body-file .*drift-comment\.md$/),
    ]);
    expect(step(report(0, []), [ours(4)])).toEqual([expect.stringMatching(/^issue close 4 --comment A drift run found no new breaking drift\./)]);
    expect(step(report(0, [finding('known')]), [])).toEqual([]);
  });

  it('reads the report wherever the output says it is, a path with a space included', () => {
    expect(step(report(1, [finding('new')]), [ours(4)], 'out/drift report.json')).toEqual([expect.stringMatching(/^issue edit 4 --body-file /)]);
  });
});
