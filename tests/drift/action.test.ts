// action.yml, the drift check as a composite action, run step by step with bash as the runner would
// (tests/drift/github-steps.ts) against a stand-in conomy-drift that writes a given report and exits
// with a given code: the verdict and its annotation for each kind of report, the outputs and the job
// summary, the inputs as the tool sees them, and which conomy-drift is used. `uses:` steps are not
// run; their `if:` and `with:` are evaluated and checked instead. That action.yml is valid for
// GitHub is tests/ci/workflows.test.ts.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { condition, type Contexts, evaluate, runStep, type Step } from './github-steps.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
};
const steps = action.runs.steps;

const ACTION_VERSION = '9.8.7';
const CREDENTIALS = {
  CONOMY_API_KEY: 'key-5f1c9e0a7b',
  CONOMY_CLIENT_ID: 'client-3d8e21',
  CONOMY_CLIENT_SECRET: 'secret-a94b7c6d',
  CONOMY_IDENTITY_ID: 'identity-77',
  CONOMY_ACCOUNT_NUMBER: 'account-1234',
};

interface Tool {
  exitCode: number;
  report?: Record<string, unknown>;
  /** drift.json as text, instead of `report`: a cut-off write. */
  reportText?: string;
  markdown?: string;
}
interface Options {
  tool: Tool;
  /** Inputs as a caller's `with:`; the rest take action.yml's defaults. */
  inputs?: Record<string, string>;
  /** The calling step's `env:`. */
  env?: Record<string, string>;
  /** Which copies of conomy-drift exist (a stand-in npx is always on PATH). Default: installed. */
  installed?: boolean;
  dist?: boolean;
  /** The action's package.json; null: none (a broken action path). */
  actionPackage?: object | null;
  /** Called with the working directory before the action runs. */
  before?: (work: string) => void;
}
interface ToolCall {
  via: 'installed' | 'dist' | 'npx';
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The stand-in conomy-drift: logs how it was called, writes the fixture's reports, exits with its code. */
function standIn(via: ToolCall['via'], fixture: string, calls: string): string {
  return `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const tool = JSON.parse(fs.readFileSync(${JSON.stringify(fixture)}, 'utf8'));
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => /^(CONOMY|DRIFT)_/.test(name)));
fs.appendFileSync(${JSON.stringify(calls)}, JSON.stringify({ via: ${JSON.stringify(via)}, argv: process.argv.slice(2), cwd: process.cwd(), env }) + '\\n');
const dir = process.env.DRIFT_REPORTS_DIR || 'reports';
if (tool.report || tool.reportText || tool.markdown) fs.mkdirSync(dir, { recursive: true });
if (tool.report || tool.reportText) fs.writeFileSync(path.join(dir, 'drift.json'), tool.reportText ?? JSON.stringify(tool.report));
if (tool.markdown) fs.writeFileSync(path.join(dir, 'drift.md'), tool.markdown);
console.log('stand-in conomy-drift: exit code ' + tool.exitCode);
process.exit(tool.exitCode);
`;
}

function writeExecutable(file: string, text: string): void {
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

/** Runs action.yml's steps in a scratch workspace; what the job log, the outputs and the summary would show. */
function runAction(options: Options) {
  const scratch = mkdtempSync(join(tmpdir(), 'drift-action-'));
  dirs.push(scratch);
  const [work, actionPath, bin, temp, steps_] = ['work', 'action', 'bin', 'temp', 'steps'].map((name) => join(scratch, name)) as [string, string, string, string, string];
  for (const dir of [work, actionPath, bin, temp, steps_]) mkdirSync(dir);
  const fixture = join(scratch, 'tool.json');
  const calls = join(scratch, 'calls.jsonl');
  const npxLog = join(scratch, 'npx.jsonl');
  writeFileSync(fixture, JSON.stringify(options.tool));
  const actionPackage = options.actionPackage === undefined ? { name: '@conomy/checkout-contract', version: ACTION_VERSION } : options.actionPackage;
  if (actionPackage) writeFileSync(join(actionPath, 'package.json'), JSON.stringify(actionPackage));
  if (options.installed ?? true) {
    mkdirSync(join(work, 'node_modules/.bin'), { recursive: true });
    writeExecutable(join(work, 'node_modules/.bin/conomy-drift'), standIn('installed', fixture, calls));
  }
  if (options.dist) {
    mkdirSync(join(actionPath, 'dist'));
    writeFileSync(join(actionPath, 'dist/conomy-drift.js'), standIn('dist', fixture, calls));
  }
  // The registry's copy: npx records its arguments and runs the stand-in.
  writeFileSync(join(scratch, 'registry-conomy-drift.js'), standIn('npx', fixture, calls));
  writeExecutable(
    join(bin, 'npx'),
    `#!/usr/bin/env bash\nnode -e 'require("node:fs").appendFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)) + "\\n")' '${npxLog}' "$@"\nexec node '${join(scratch, 'registry-conomy-drift.js')}'\n`,
  );
  options.before?.(work);

  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([id, input]) => [id, input.default ?? '']));
  for (const [id, value] of Object.entries(options.inputs ?? {})) {
    if (!(id in inputs)) throw new Error(`action.yml declares no input ${id}`);
    inputs[id] = value;
  }
  const contexts: Contexts & { steps: Record<string, Record<string, string>> } = {
    inputs,
    steps: Object.fromEntries(steps.filter((step) => step.id).map((step) => [step.id!, {}])),
    github: { action_path: actionPath },
  };
  const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, GITHUB_ACTION_PATH: actionPath, RUNNER_TEMP: temp, ...options.env };
  let failed = false;
  const ran: { name: string; status: number | null }[] = [];
  const uploads: { if: boolean; with: Record<string, string> }[] = [];
  let log = '';
  let summary = '';
  steps.forEach((step, index) => {
    const runs = condition(step.if, contexts, failed);
    if (step.uses) {
      uploads.push({ if: runs, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, evaluate(String(value), contexts)])) });
      return;
    }
    if (!runs) return;
    const result = runStep(step, { cwd: work, scratch: steps_, env, contexts, index });
    ran.push({ name: step.name ?? step.id ?? String(index), status: result.status });
    if (result.status !== 0) failed = true;
    if (step.id) contexts.steps[step.id] = result.outputs;
    log += result.stdout + result.stderr;
    summary += result.summary;
  });
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([id, output]) => [id, evaluate(output.value, contexts)]));
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').filter(Boolean).map((line) => JSON.parse(line)) : []);
  const last = ran.at(-1);
  return {
    /** The exit status of the Verdict step, the action's own. */
    status: last?.name === 'Verdict' ? last.status : null,
    failedSteps: ran.filter((step) => step.status !== 0).map((step) => step.name),
    log,
    summary,
    outputs,
    uploads,
    tool: read(calls) as ToolCall[],
    npx: read(npxLog) as string[][],
    work,
    actionPath,
  };
}

const summaryOf = (counts: Record<string, number> = {}) => ({ operations: 16, checked: 16, breaking: 0, warning: 0, additive: 0, new: 0, known: 0, resolved: 0, ...counts });
const report = (verdict: string, exitCode: number, extra: Record<string, unknown> = {}) => ({
  verdict,
  exitCode,
  reason: `${verdict} reason`,
  problems: [],
  summary: summaryOf(),
  findings: [],
  ...extra,
});
/** A line of the log that is an error annotation with this title (regex-escaped). */
const annotation = (title: string, message: string | RegExp = /.*/) =>
  new RegExp(`^::error title=${title.replace(/[()]/g, '\\$&')}::${typeof message === 'string' ? message.replace(/[().]/g, '\\$&') : message.source}$`, 'm');

describe('action.yml', () => {
  it('is a composite action whose run steps are bash and carry no expression in their script', () => {
    expect(action.runs.using).toBe('composite');
    const runSteps = steps.filter((step) => step.run !== undefined);
    expect(runSteps.map((step) => step.name)).toEqual(['Run conomy-drift', 'Read the report', 'Report in the job summary', 'Verdict']);
    for (const step of runSteps) {
      expect(step.shell, step.name).toBe('bash');
      // Script injection: an input (or an output built from a server's answer) substituted into
      // the script text would be run as shell code. Values reach a script through env: only.
      expect(step.run, step.name).not.toContain('${{ inputs.');
      expect(step.run, step.name).not.toContain('${{');
    }
    expect(steps.at(-1)?.name).toBe('Verdict');
  });

  it('declares the inputs and the outputs of the interface', () => {
    expect(Object.keys(action.inputs)).toEqual(['base-url', 'fail-on', 'baseline', 'reports-dir', 'max-requests', 'artifact-name']);
    expect(action.inputs['reports-dir']?.default).toBe('reports');
    expect(action.inputs['artifact-name']?.default).toBe('drift-reports');
    for (const input of Object.values(action.inputs)) expect(input.required).toBe(false);
    expect(Object.keys(action.outputs)).toEqual(['exit-code', 'verdict', 'reason-code', 'breaking', 'new', 'report']);
  });

  it('says that credentials go through env: from secrets, not inputs', () => {
    expect((action as unknown as { description: string }).description).toMatch(/Credentials are not\s+inputs: pass CONOMY_API_KEY.* through env:, from secrets/s);
    expect(action.inputs['base-url']?.description).toMatch(/Not for credentials: those go through env: from secrets/);
  });

  it('uploads the reports directory under the artifact name whatever came before, warning when it is empty', () => {
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload).toMatchObject({ uses: 'actions/upload-artifact@v4', with: { 'if-no-files-found': 'warn' } });
    expect(upload?.if).toMatch(/^always\(\)/);
  });

  it("is read by an evaluator that refuses what it cannot evaluate (so a test cannot pass on one it didn't)", () => {
    const contexts = { inputs: { a: 'x' }, steps: { run: {} }, github: { action_path: '/a' } };
    expect(evaluate('${{ inputs.a }}-${{ steps.run.outputs.none }}-${{ github.action_path }}', contexts)).toBe('x--/a');
    for (const text of ['${{ secrets.TOKEN }}', "${{ inputs.a || 'b' }}", "${{ format('{0}', inputs.a) }}", '${{ inputs.b }}', '${{ steps.other.outputs.x }}', '${{ github.token }}', '${{ inputs.a']) {
      expect(() => evaluate(text, contexts), text).toThrow();
    }
    expect(condition(undefined, contexts, true)).toBe(false);
    expect(condition('always()', contexts, true)).toBe(true);
    expect(condition("always() && inputs.a != ''", contexts, true)).toBe(true);
    expect(condition("steps.run.outputs.none != ''", contexts, false)).toBe(false);
    for (const expression of ['failure()', 'success() || always()', "inputs.a != 'x'"]) expect(() => condition(expression, contexts, false), expression).toThrow();
  });
});

describe('the verdict', { timeout: 30_000 }, () => {
  it('passes on exit 0, with or without warnings', () => {
    for (const verdict of ['ok', 'warning']) {
      const run = runAction({ tool: { exitCode: 0, report: report(verdict, 0) } });
      expect(run.status, run.log).toBe(0);
      expect(run.failedSteps).toEqual([]);
      expect(run.log).toMatch(/^No drift that fails the job between the Conomy server and the contract, openapi\.yaml of the installed package/m);
      expect(run.log).not.toContain('::error');
      expect(run.outputs).toMatchObject({ 'exit-code': '0', verdict });
    }
  });

  it('fails on exit 1 (breaking drift), naming the artifact', () => {
    const run = runAction({ tool: { exitCode: 1, report: report('breaking', 1, { summary: summaryOf({ breaking: 2, new: 1 }) }) } });
    expect(run.status).toBe(1);
    expect(run.failedSteps).toEqual(['Verdict']);
    expect(run.log).toMatch(annotation('Drift', 'The Conomy server disagrees with the contract, openapi.yaml of the installed package. See the job summary and the drift-reports artifact.'));
  });

  it.each([
    ['config-missing', 'Drift check not configured: secrets missing', 'CONOMY_API_KEY is not set: the API key', /CONOMY_API_KEY is not set: the API key\. Add them as secrets .* through env: .*/],
    ['config-invalid', 'Drift check misconfigured', 'CONOMY_BASE_URL must use https', /CONOMY_BASE_URL must use https/],
    ['target-unreachable', 'Conomy server unreachable (check CONOMY_BASE_URL)', 'target unreachable: POST /auth', /target unreachable: POST \/auth/],
    ['auth-refused', 'The Conomy server refused the credentials', 'authentication refused', /authentication refused/],
    ['preflight-failed', 'Drift check could not run', 'the preflight answered 500', /the preflight answered 500/],
    ['spec-invalid', 'openapi.yaml of the installed package is not a usable contract (redocly lint)', 'openapi.yaml:1390:13 no-unresolved-refs', /openapi\.yaml:1390:13 no-unresolved-refs/],
    ['runner-failed', 'Drift check could not run', 'the drift run failed unexpectedly: TypeError', /the drift run failed unexpectedly: TypeError/],
    ['incomplete', 'Drift check incomplete', '2 operation(s) not reached', /2 operation\(s\) not reached\. The job summary lists what was not reached and why\./],
  ])('exits 2 on reasonCode %s, annotated "%s"', (reasonCode, title, detail, message) => {
    const listed = reasonCode.startsWith('config') || reasonCode === 'spec-invalid';
    const verdict = reasonCode === 'incomplete' ? 'incomplete' : 'could-not-run';
    const run = runAction({ tool: { exitCode: 2, report: report(verdict, 2, { reasonCode, reason: listed ? 'could not run, see problems' : detail, problems: listed ? [detail] : [] }) } });
    expect(run.status).toBe(2);
    expect(run.failedSteps).toEqual(['Verdict']);
    expect(run.log).toMatch(annotation(title, message));
    expect(run.outputs).toMatchObject({ 'exit-code': '2', verdict, 'reason-code': reasonCode });
  });

  it('lists every problem in one annotation, and keeps a line break or a % in a message inside it', () => {
    const problems = ['CONOMY_API_KEY is not set', 'CONOMY_IDENTITY_ID is not set'];
    const missing = runAction({ tool: { exitCode: 2, report: report('could-not-run', 2, { reasonCode: 'config-missing', problems }) } });
    expect(missing.log).toMatch(annotation('Drift check not configured: secrets missing', /CONOMY_API_KEY is not set; CONOMY_IDENTITY_ID is not set\. .*/));
    const reason = 'fetch failed: 100% gone\n::warning::not a command\r\nend';
    const run = runAction({ tool: { exitCode: 2, report: report('could-not-run', 2, { reasonCode: 'target-unreachable', reason }) } });
    expect(run.log).toMatch(annotation('Conomy server unreachable (check CONOMY_BASE_URL)', 'fetch failed: 100%25 gone%0A::warning::not a command%0D%0Aend'));
    expect(run.log).not.toMatch(/^::warning::/m);
  });

  it('fails with exit 1 when the tool crashed without a report, and says so', () => {
    const run = runAction({ tool: { exitCode: 3 } });
    expect(run.status).toBe(1);
    expect(run.failedSteps).toEqual(['Verdict']);
    expect(run.log).toMatch(annotation('Drift check failed', "conomy-drift did not finish (exit code '3')."));
    expect(run.outputs).toEqual({ 'exit-code': '3', verdict: '', 'reason-code': '', breaking: '0', new: '0', report: '' });
    expect(run.summary).toBe('');
  });

  it('exits 2 on an exit 2 without a report, pointing at the log', () => {
    const run = runAction({ tool: { exitCode: 2 } });
    expect(run.status).toBe(2);
    expect(run.log).toMatch(annotation('Drift check could not run', 'see the log of the step Run conomy-drift'));
  });

  it("ignores an earlier run's reports (a restored cache) when this run wrote none", () => {
    const run = runAction({
      tool: { exitCode: 3 },
      before: (work) => {
        mkdirSync(join(work, 'reports'));
        writeFileSync(join(work, 'reports/drift.json'), JSON.stringify(report('breaking', 1, { summary: summaryOf({ breaking: 4, new: 4 }) })));
        writeFileSync(join(work, 'reports/drift.md'), '# yesterday\n');
        const yesterday = new Date(Date.now() - 86_400_000);
        for (const name of ['drift.json', 'drift.md']) utimesSync(join(work, 'reports', name), yesterday, yesterday);
      },
    });
    expect(run.status).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: '', breaking: '0', report: '' });
    expect(run.summary).toBe('');
  });
});

describe('outputs and the job summary', { timeout: 30_000 }, () => {
  it('come from drift.json and drift.md of the run', () => {
    const markdown = '# Drift\n\nBREAKING DRIFT: 3 breaking, 1 warning, 0 additive finding(s); 16 of 16 operations checked. Exit code 1.\n';
    const run = runAction({ tool: { exitCode: 1, markdown, report: report('breaking', 1, { summary: summaryOf({ breaking: 3, warning: 1, new: 2, known: 2 }) }) } });
    expect(run.outputs).toEqual({ 'exit-code': '1', verdict: 'breaking', 'reason-code': '', breaking: '3', new: '2', report: 'reports/drift.json' });
    expect(run.summary).toBe(markdown);
    expect(run.uploads).toEqual([{ if: true, with: { name: 'drift-reports', path: 'reports', 'if-no-files-found': 'warn' } }]);
    expect(existsSync(join(run.work, run.outputs.report!))).toBe(true);
  });

  it('are only words and counts: a value with a line break cannot add an output', () => {
    const run = runAction({ tool: { exitCode: 0, report: report('ok\nreport=/etc/passwd', 0, { reasonCode: 'x\ny', summary: { breaking: '1\nnew=9', new: -1 } }) } });
    expect(run.outputs).toEqual({ 'exit-code': '0', verdict: '', 'reason-code': '', breaking: '0', new: '0', report: 'reports/drift.json' });
  });

  it('are empty and zero, with a warning, and the upload still runs, when drift.json is unreadable', () => {
    const run = runAction({ tool: { exitCode: 1, reportText: '{"verdict": "breaking", "summ' } });
    expect(run.outputs).toEqual({ 'exit-code': '1', verdict: '', 'reason-code': '', breaking: '0', new: '0', report: '' });
    expect(run.log).toMatch(/^::warning title=Drift report unreadable::reports\/drift\.json: /m);
    expect(run.uploads[0]).toMatchObject({ if: true, with: { path: 'reports' } });
    expect(run.status).toBe(1);
  });
});

describe('inputs and the environment of conomy-drift', { timeout: 30_000 }, () => {
  const ok = { exitCode: 0, report: report('ok', 0), markdown: '# ok\n' };

  it('every input reaches the tool as its variable, and the reports are read and uploaded from reports-dir', () => {
    const run = runAction({
      tool: ok,
      inputs: { 'base-url': 'http://127.0.0.1:4010/sandbox', 'fail-on': 'warning', baseline: 'contract/baseline.json', 'reports-dir': 'out/drift', 'max-requests': '7', 'artifact-name': 'contract-drift' },
    });
    expect(run.tool).toHaveLength(1);
    expect(run.tool[0]?.env).toEqual({
      CONOMY_BASE_URL: 'http://127.0.0.1:4010/sandbox',
      DRIFT_FAIL_ON: 'warning',
      DRIFT_BASELINE: 'contract/baseline.json',
      DRIFT_REPORTS_DIR: 'out/drift',
      DRIFT_MAX_REQUESTS: '7',
    });
    expect(run.tool[0]?.argv).toEqual([]);
    expect(run.tool[0]?.cwd).toBe(run.work);
    expect(run.outputs.report).toBe('out/drift/drift.json');
    expect(run.summary).toBe('# ok\n');
    expect(run.uploads[0]?.with).toMatchObject({ name: 'contract-drift', path: 'out/drift' });
  });

  it('an empty input leaves its variable unset, so the tool applies its own default', () => {
    const run = runAction({ tool: ok, inputs: { 'reports-dir': '' } });
    expect(run.tool[0]?.env).toEqual({});
    expect(run.outputs.report).toBe('reports/drift.json');
    expect(run.uploads[0]?.with.path).toBe('reports');
    const defaults = runAction({ tool: ok });
    expect(defaults.tool[0]?.env).toEqual({ DRIFT_REPORTS_DIR: 'reports' });
  });

  it("the calling step's env reaches the tool (credentials); an empty input keeps its variable, a set one wins", () => {
    const run = runAction({ tool: ok, env: { ...CREDENTIALS, DRIFT_FAIL_ON: 'warning', CONOMY_BASE_URL: 'https://api.conomyhq.com/sandbox' }, inputs: { 'base-url': 'http://localhost:4010' } });
    expect(run.tool[0]?.env).toEqual({ ...CREDENTIALS, DRIFT_FAIL_ON: 'warning', CONOMY_BASE_URL: 'http://localhost:4010', DRIFT_REPORTS_DIR: 'reports' });
  });

  it('an input is data, never shell code', () => {
    const hostile = `https://x.test/$(touch pwned)\`touch pwned2\`"; exit 0; '`;
    const run = runAction({ tool: ok, inputs: { 'base-url': hostile } });
    expect(run.tool[0]?.env.CONOMY_BASE_URL).toBe(hostile);
    expect(existsSync(join(run.work, 'pwned'))).toBe(false);
    expect(existsSync(join(run.work, 'pwned2'))).toBe(false);
  });

  it('no credential value shows in the log, the summary or the outputs', () => {
    for (const tool of [ok, { exitCode: 1, report: report('breaking', 1) }, { exitCode: 2, report: report('could-not-run', 2, { reasonCode: 'auth-refused' }) }, { exitCode: 3 }]) {
      const run = runAction({ tool, env: CREDENTIALS });
      const shown = run.log + run.summary + JSON.stringify(run.outputs);
      for (const value of Object.values(CREDENTIALS)) expect(shown).not.toContain(value);
    }
  });
});

describe('which conomy-drift runs', { timeout: 30_000 }, () => {
  const ok = { exitCode: 0, report: report('ok', 0) };

  it("the installed package's first, even when the action has its own build", () => {
    const run = runAction({ tool: ok, installed: true, dist: true });
    expect(run.tool.map((call) => call.via)).toEqual(['installed']);
    expect(run.npx).toEqual([]);
    expect(run.log).toMatch(/^conomy-drift: the installed package's, node_modules\/\.bin\/conomy-drift$/m);
  });

  it("else the action's own build (this repository, uses: ./ after npm ci)", () => {
    const run = runAction({ tool: ok, installed: false, dist: true });
    expect(run.tool.map((call) => call.via)).toEqual(['dist']);
    expect(run.npx).toEqual([]);
    expect(run.log).toContain(`conomy-drift: the action's own build, ${run.actionPath}/dist/conomy-drift.js`);
    expect(run.status).toBe(0);
  });

  it("else the package at the action's version through npx, with the command named by --package", () => {
    const run = runAction({ tool: { exitCode: 1, report: report('breaking', 1) }, installed: false, env: CREDENTIALS });
    expect(run.npx).toEqual([['--yes', `--package=@conomy/checkout-contract@${ACTION_VERSION}`, 'conomy-drift']]);
    expect(run.tool.map((call) => call.via)).toEqual(['npx']);
    expect(run.tool[0]?.env).toMatchObject(CREDENTIALS);
    expect(run.log).toMatch(new RegExp(`^conomy-drift: @conomy/checkout-contract@${ACTION_VERSION.replace(/\./g, '\\.')} from the npm registry \\(npx\\)`, 'm'));
    expect(run.status).toBe(1);
  });

  it('when the step that runs it fails itself, the later steps still run and the verdict says the tool did not finish', () => {
    const run = runAction({ tool: { exitCode: 0, report: report('ok', 0) }, installed: false, actionPackage: null });
    expect(run.failedSteps).toEqual(['Run conomy-drift', 'Verdict']);
    expect(run.tool).toEqual([]);
    expect(run.log).toMatch(annotation('Drift check failed', "conomy-drift did not finish (exit code '')."));
    expect(run.outputs).toEqual({ 'exit-code': '', verdict: '', 'reason-code': '', breaking: '0', new: '0', report: '' });
    expect(run.uploads[0]).toMatchObject({ if: true, with: { path: 'reports' } });
    expect(run.status).toBe(1);
  });
});

describe("this repository's drift workflow", () => {
  type WorkflowStep = Step & { uses?: string };
  const workflow = parse(readFileSync(join(root, '.github/workflows/drift.yml'), 'utf8')) as { jobs: { drift: { steps: WorkflowStep[] } } };
  const jobSteps = workflow.jobs.drift.steps;

  it('runs the action (uses: ./) after npm ci, with the secrets and variables through env', () => {
    const index = jobSteps.findIndex((step) => step.uses === './');
    const drift = jobSteps[index];
    expect(drift?.id).toBe('drift');
    expect(jobSteps.slice(0, index).some((step) => step.run?.includes('npm ci'))).toBe(true);
    expect(Object.keys(drift?.env ?? {}).sort()).toEqual(
      ['CONOMY_BASE_URL', 'CONOMY_API_KEY', 'CONOMY_CLIENT_ID', 'CONOMY_CLIENT_SECRET', 'CONOMY_ACCESS_TOKEN', 'CONOMY_IDENTITY_ID', 'CONOMY_ACCOUNT_NUMBER', 'CONOMY_CURRENCY', 'CONOMY_ACCOUNT_HOLDER', 'DRIFT_FAIL_ON'].sort(),
    );
    for (const [name, value] of Object.entries(drift?.env ?? {})) expect(value, name).toMatch(/^\$\{\{ (secrets|vars)\.[A-Z_]+ \}\}$/);
  });

  it('leaves the summary, the upload and the verdict to the action', () => {
    expect(jobSteps.some((step) => step.run?.includes('npm run drift'))).toBe(false);
    expect(jobSteps.some((step) => step.uses?.startsWith('actions/upload-artifact'))).toBe(false);
    expect(jobSteps.some((step) => step.run?.includes('GITHUB_STEP_SUMMARY'))).toBe(false);
    expect(jobSteps.map((step) => step.name)).not.toContain('Verdict');
  });
});
