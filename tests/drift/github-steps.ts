// Runs GitHub Actions `run` steps the way a Linux runner does, for tests/drift/action.test.ts and
// tests/drift/issue.test.ts: `shell: bash` as `bash --noprofile --norc -e -o pipefail <file>`, no
// shell (a workflow's default) as `bash -e <file>`, with the step's `env:` evaluated, and
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as files of their own per step.
//
// The expression evaluator is deliberately tiny: `${{ <context>.<name>… }}` for the contexts a test
// hands it, and in `if:` only `always()` and `<context path> != ''` / `== ''` joined by `&&`.
// Anything else (an operator, a function, a literal, a context the test did not give) throws, so a
// step can never pass here on an expression the test did not really evaluate.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

/** What expressions may read. Unknown inputs, step ids and github keys throw; a missing output is ''. */
export interface Contexts {
  inputs?: Record<string, string>;
  steps?: Record<string, Record<string, string>>;
  github?: Record<string, string>;
}

const PATH = /^[a-z_]+(?:\.[A-Za-z0-9_-]+)+$/;

function lookup(path: string, contexts: Contexts): string {
  if (!PATH.test(path)) throw new Error(`expression not supported by the test evaluator: ${path}`);
  const [root, ...rest] = path.split('.');
  if (root === 'inputs' && contexts.inputs && rest.length === 1) {
    const value = contexts.inputs[rest[0]!];
    if (value === undefined) throw new Error(`no input "${rest[0]}" is declared`);
    return value;
  }
  if (root === 'steps' && contexts.steps && rest.length === 3 && rest[1] === 'outputs') {
    const outputs = contexts.steps[rest[0]!];
    if (outputs === undefined) throw new Error(`no step has the id "${rest[0]}"`);
    return outputs[rest[2]!] ?? '';
  }
  if (root === 'github' && contexts.github && rest.length === 1) {
    const value = contexts.github[rest[0]!];
    if (value === undefined) throw new Error(`github.${rest[0]} is not given to the test evaluator`);
    return value;
  }
  throw new Error(`expression not supported by the test evaluator: ${path}`);
}

/** A value with `${{ … }}` in it, as the runner would substitute it. */
export function evaluate(text: string, contexts: Contexts): string {
  const replaced = text.replace(/\$\{\{(.*?)\}\}/gs, (_, inner: string) => lookup(inner.trim(), contexts));
  if (replaced.includes('${{')) throw new Error(`unbalanced expression: ${text}`);
  return replaced;
}

/** Whether a step with this `if:` runs; `failed`: whether an earlier step failed (no `if:` is success()). */
export function condition(expression: string | undefined, contexts: Contexts, failed: boolean): boolean {
  if (expression === undefined) return !failed;
  const terms = expression.replace(/^\$\{\{(.*)\}\}$/s, '$1').trim().split(/\s*&&\s*/);
  let always = false;
  let result = true;
  for (const term of terms) {
    const comparison = /^([a-z_][A-Za-z0-9_.-]*)\s*(!=|==)\s*''$/.exec(term);
    if (term === 'always()') always = true;
    else if (comparison) result &&= (lookup(comparison[1]!, contexts) === '') === (comparison[2] === '==');
    else throw new Error(`if: not supported by the test evaluator: ${term}`);
  }
  return (always || !failed) && result;
}

/** GITHUB_OUTPUT as the runner reads it: `name=value` lines and `name<<DELIMITER` blocks. */
export function readOutputs(file: string): Record<string, string> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const outputs: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no end of ${heredoc[1]}`);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else {
      const at = line.indexOf('=');
      if (at <= 0) throw new Error(`GITHUB_OUTPUT: not a name=value line: ${line}`);
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

export interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/**
 * Runs one `run` step in `cwd`. `env` is what the job or the calling step provides (the step's own
 * `env:` wins over it, as on GitHub); `scratch` holds the step's script and its GITHUB_* files.
 */
export function runStep(step: Step, options: { cwd: string; scratch: string; env: Record<string, string>; contexts: Contexts; index: number }): StepRun {
  if (step.run === undefined) throw new Error(`step ${step.name ?? options.index} has no run`);
  if (step.shell !== undefined && step.shell !== 'bash') throw new Error(`shell ${step.shell} is not what this runs`);
  const file = (name: string) => join(options.scratch, `step-${options.index}-${name}`);
  const [script, output, summary] = [file('script.sh'), file('output'), file('summary')];
  writeFileSync(script, step.run);
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, evaluate(String(value), options.contexts)]));
  const flags = step.shell === 'bash' ? ['--noprofile', '--norc', '-e', '-o', 'pipefail'] : ['-e'];
  const run = spawnSync('bash', [...flags, script], {
    cwd: options.cwd,
    env: { ...options.env, ...stepEnv, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, outputs: readOutputs(output), summary: readFileSync(summary, 'utf8') };
}
