// Global setup of the `contract` vitest project: brings the chosen target up once for all contract
// test files and provides the run (`inject('contractRun')`). On the mock it starts Prism and stops
// it at the end, pass or fail. On the sandbox it prepares the drift run: the configuration, read
// once, and the preflight; a run that cannot go ahead is provided all the same, so that every case
// is skipped with the reason and the drift reporter writes a report that says why.
//
// First of all, the spec gate (support/spec/spec-gate.ts): with an openapi.yaml the suite cannot judge
// by, the run stops here, before any test file loads, with the located problems: exit 1 on the
// mock; on the sandbox exit 2 with the could-not-run reports, and no request sent.
import type { TestProject } from 'vitest/node';
import { couldNotRun, finishDriftRun, prepareDriftRun } from './drift/session.js';
import { startPrism } from './support/run/prism.js';
import { DEFAULT_SPEC_PATH } from './support/spec/contract-spec.js';
import { specProblems } from './support/spec/spec-gate.js';
import { contractTargetFromEnv, mockRun, sandboxRun } from './support/run/target.js';

/** A broken $ref can yield hundreds of problems; the first ones are what to fix first. */
const SHOWN_PROBLEMS = 20;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (contractTargetFromEnv() === 'sandbox') {
    const problems = await specProblems();
    if (problems.length > 0) {
      const reason = `openapi.yaml is not a contract the suite can judge by (${problems.length} problem(s)); no request was sent`;
      await finishDriftRun(couldNotRun(process.env, 'spec-invalid', reason, problems), [], { env: process.env });
      return stop(2);
    }
    project.provide('contractRun', sandboxRun(await prepareDriftRun(process.env)));
    return async () => {};
  }
  // Prism starts while the gate looks (it needs a few seconds too); a failed gate stops it again.
  const [problems, prism] = await Promise.allSettled([specProblems(), startPrism({ specPath: DEFAULT_SPEC_PATH })]);
  const found = problems.status === 'fulfilled' ? problems.value : [`the spec gate failed: ${String(problems.reason)}`];
  if (found.length > 0) {
    if (prism.status === 'fulfilled') await prism.value.stop();
    process.stderr.write(
      `\ncontract: openapi.yaml is not a contract the suite can judge by; no case was run (npm run lint shows each problem in context):\n` +
        found.slice(0, SHOWN_PROBLEMS).map((line) => `  ${line}\n`).join('') +
        (found.length > SHOWN_PROBLEMS ? `  … and ${found.length - SHOWN_PROBLEMS} more (npm run lint lists them all)\n` : ''),
    );
    return stop(1);
  }
  if (prism.status === 'rejected') throw prism.reason;
  project.provide('contractRun', mockRun(prism.value.baseUrl));
  return () => prism.value.stop();
}

/**
 * Ends the run here: vitest has no way for a global setup to stop a run without printing the
 * thrown error's stack and "No test files found", which would bury the problems just printed.
 */
function stop(code: number): never {
  process.exit(code);
}
