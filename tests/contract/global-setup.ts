// Global setup of the `contract` vitest project: brings the chosen target up once for all
// contract test files and tears it down at the end, pass or fail.
import type { TestProject } from 'vitest/node';
import { sandboxConfigOrThrow, type SandboxConfig } from '../../scripts/drift/config.mjs';
import { preflight } from '../../scripts/drift/preflight.mjs';
import { startPrism } from './support/prism.js';
import { DEFAULT_SPEC_PATH } from './support/spec.js';
import { contractTargetFromEnv, fixturesFor } from './support/target.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const target = contractTargetFromEnv();
  if (target === 'sandbox') {
    // Nothing to start: a real server. Refuse early, with one line per missing variable.
    const config = sandboxConfigOrThrow(process.env);
    if (!config.accessToken) await obtainAccessToken(config);
    project.provide('contractTarget', target);
    project.provide('contractBaseUrl', config.baseUrl);
    project.provide('contractFixtures', fixturesFor(target));
    return async () => {};
  }
  const prism = await startPrism({ specPath: DEFAULT_SPEC_PATH });
  project.provide('contractTarget', target);
  project.provide('contractBaseUrl', prism.baseUrl);
  project.provide('contractFixtures', fixturesFor(target));
  return () => prism.stop();
}

/**
 * Run directly (not through `npm run drift`, which does this itself) with client credentials:
 * get one token for the whole run, and hand it and the rest of the request budget (the config's
 * DRIFT_MAX_REQUESTS, parsed and capped like the runner does) to the test workers through their
 * environment (they start after this setup and inherit it).
 */
async function obtainAccessToken(config: SandboxConfig): Promise<void> {
  const { accessToken, requests } = await preflight(config);
  const left = config.maxRequests - requests;
  if (left < 1) {
    throw new Error(`DRIFT_MAX_REQUESTS=${config.maxRequests} leaves no request for the contract cases after the preflight`);
  }
  process.env.CONOMY_ACCESS_TOKEN = accessToken;
  process.env.DRIFT_MAX_REQUESTS = String(left);
}
