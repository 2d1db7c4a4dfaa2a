// Global setup of the `contract` vitest project: starts the Prism mock once for all contract test
// files and provides the run (`inject('contractRun')`); stops it at the end, pass or fail.
//
// First of all, the spec gate (src/contract/spec/spec-gate.ts): with an openapi.yaml the suite
// cannot judge by, the run stops here with exit 1 and the located problems, before any test file
// loads. The gate derives every case the test files will register, so a spec the cases cannot be
// built from stops here too. (A drift run against a real server is `npm run drift`, src/drift/.)
import type { TestProject } from 'vitest/node';
import { DEFAULT_SPEC_PATH } from '../../src/contract/spec/contract-spec.js';
import { specProblems } from '../../src/contract/spec/spec-gate.js';
import { mockRun } from './support/mock-run.js';
import { startPrism } from './support/prism.js';

/** A broken $ref can yield hundreds of problems; the first ones are what to fix first. */
const SHOWN_PROBLEMS = 20;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Prism starts while the gate looks (it needs a few seconds too); a failed gate stops it again.
  const gate = specProblems(DEFAULT_SPEC_PATH, { deriveCases: () => import('./cases/index.js') });
  const [problems, prism] = await Promise.allSettled([gate, startPrism({ specPath: DEFAULT_SPEC_PATH })]);
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
