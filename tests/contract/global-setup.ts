// Global setup of the `contract` vitest project: brings the chosen target up once for all
// contract test files and tears it down at the end, pass or fail.
import type { TestProject } from 'vitest/node';
import { startPrism } from './support/prism.js';
import { DEFAULT_SPEC_PATH } from './support/spec.js';
import { contractTargetFromEnv } from './support/target.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const target = contractTargetFromEnv();
  if (target === 'sandbox') {
    throw new Error('CONTRACT_TARGET=sandbox: the sandbox target is not implemented yet; use CONTRACT_TARGET=mock');
  }
  const prism = await startPrism({ specPath: DEFAULT_SPEC_PATH });
  project.provide('contractTarget', target);
  project.provide('contractBaseUrl', prism.baseUrl);
  return () => prism.stop();
}
