// Every workflow in .github/workflows/ is valid for GitHub Actions, as GitHub's own workflow parser
// (@actions/workflow-parser, the one behind the Actions language service) reads it: a typo in a key,
// a wrong expression or a misplaced `vars` fails here instead of on the first push.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';

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
  it('are there', () => expect(workflows.length).toBeGreaterThanOrEqual(3));

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
});
