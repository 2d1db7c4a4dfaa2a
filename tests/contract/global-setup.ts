// Global setup of the `contract` vitest project: brings the chosen target up once for all contract
// test files and provides the run (`inject('contractRun')`). On the mock it starts Prism and stops
// it at the end, pass or fail. On the sandbox it prepares the drift run: the configuration, read
// once, and the preflight; a run that cannot go ahead is provided all the same, so that every case
// is skipped with the reason and the drift reporter writes a report that says why.
import type { TestProject } from 'vitest/node';
import { prepareDriftRun } from './drift/session.js';
import { startPrism } from './support/prism.js';
import { DEFAULT_SPEC_PATH } from './support/spec.js';
import { contractTargetFromEnv, mockRun, sandboxRun } from './support/target.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (contractTargetFromEnv() === 'sandbox') {
    project.provide('contractRun', sandboxRun(await prepareDriftRun(process.env)));
    return async () => {};
  }
  const prism = await startPrism({ specPath: DEFAULT_SPEC_PATH });
  project.provide('contractRun', mockRun(prism.baseUrl));
  return () => prism.stop();
}
