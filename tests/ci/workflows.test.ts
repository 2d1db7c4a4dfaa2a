// Every workflow in .github/workflows/ is valid for GitHub Actions, as GitHub's own workflow parser
// (@actions/workflow-parser, the one behind the Actions language service) reads it: a typo in a key,
// a wrong expression or a misplaced `vars` fails here instead of on the first push. The same package
// reads action.yml, the drift action, against GitHub's action schema.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const workflowsDir = fileURLToPath(new URL('../../.github/workflows/', import.meta.url));
const workflows = readdirSync(workflowsDir).filter((name) => /\.ya?ml$/.test(name));

/** Every problem the parser and the converter report, as text. */
async function problemsOf(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const problems = parsed.context.errors.getErrors().map((error) => error.message);
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    problems.push(...(template.errors ?? []).map((error) => error.Message));
  }
  return problems;
}

/** Every problem the parser and the converter report for an action manifest, as text. */
function actionProblemsOf(name: string, content: string): string[] {
  const parsed = parseAction({ name, content }, new NoOperationTraceWriter());
  if (parsed.value) convertActionTemplate(parsed.context, parsed.value);
  return parsed.context.errors.getErrors().map((error) => error.message);
}

describe('GitHub workflows', () => {
  it('are there', () => expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'drift.yml', 'mutation.yml', 'pages.yml', 'release.yml'])));

  for (const name of workflows) {
    it(`${name} parses without a problem`, async () => {
      expect(await problemsOf(name, readFileSync(`${workflowsDir}${name}`, 'utf8'))).toEqual([]);
    });
  }

  it('the check itself finds a misspelt key and a broken expression', async () => {
    const misspelt = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo\n';
    expect((await problemsOf('misspelt.yml', misspelt)).join('\n')).toMatch(/stepz/);
    const expression = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ vars.X ==  }}\n';
    expect(await problemsOf('expression.yml', expression)).not.toEqual([]);
  });

  // The action schema checks the keys of steps, runs and outputs, `using`, the expressions and
  // the contexts each place allows (no `secrets` in a composite action). It does not check the keys
  // of an input, that an output has a value, or that the inputs and step ids an expression names
  // exist: tests/drift/action.test.ts evaluates every expression of action.yml against its declared
  // inputs and step ids.
  it('action.yml parses without a problem as an action', () => {
    expect(actionProblemsOf('action.yml', readFileSync(new URL('../../action.yml', import.meta.url), 'utf8'))).toEqual([]);
  });

  it('the action check itself finds a misspelt step key, a context an action lacks and a broken condition', () => {
    const action = (step: string) => `name: a\ndescription: b\nruns:\n  using: composite\n  steps:\n    - shell: bash\n${step}`;
    expect(actionProblemsOf('ok.yml', action('      run: echo "$X"\n      env:\n        X: ${{ github.action_path }}\n'))).toEqual([]);
    expect(actionProblemsOf('misspelt.yml', action('      run: echo\n      enf: {}\n')).join('\n')).toMatch(/enf/);
    expect(actionProblemsOf('secrets.yml', action('      run: echo\n      env:\n        X: ${{ secrets.X }}\n')).join('\n')).toMatch(/secrets/);
    expect(actionProblemsOf('condition.yml', action('      run: echo\n      if: always( && x\n'))).not.toEqual([]);
    expect(actionProblemsOf('no-runs.yml', 'name: a\ndescription: b\n').join('\n')).toMatch(/runs/);
  });

  it('mutation.yml runs npm run mutation weekly and on demand, on Node 20, and keeps reports/mutation/ even when it fails', () => {
    type Step = { run?: string; uses?: string; if?: string; with?: Record<string, unknown> };
    const workflow = parse(readFileSync(`${workflowsDir}mutation.yml`, 'utf8')) as {
      on: { schedule: Array<{ cron: string }>; workflow_dispatch: unknown };
      jobs: { mutation: { steps: Step[] } };
    };
    expect(workflow.on.schedule).toHaveLength(1);
    expect(workflow.on.schedule[0]?.cron).toMatch(/^\d+ \d+ \* \* \d$/);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    const steps = workflow.jobs.mutation.steps;
    expect(steps.find((step) => step.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe(20);
    expect(steps.map((step) => step.run).filter(Boolean)).toEqual(['npm ci', 'npm run mutation']);
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact'));
    expect(upload).toMatchObject({ if: 'always()', with: { path: 'reports/mutation/' } });
  });
});
