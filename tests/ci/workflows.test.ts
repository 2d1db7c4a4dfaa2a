// Every workflow in .github/workflows/ is valid for GitHub Actions, as GitHub's own workflow parser
// (@actions/workflow-parser, the one behind the Actions language service) reads it: a typo in a key,
// a wrong expression or a misplaced `vars` fails here instead of on the first push.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
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
