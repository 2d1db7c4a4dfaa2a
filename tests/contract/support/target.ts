// Which API the contract suite judges. Chosen explicitly, never guessed:
// CONTRACT_TARGET=mock (default) runs Prism from openapi.yaml; CONTRACT_TARGET=sandbox
// calls a real Conomy server (default the sandbox) configured by the CONOMY_* variables
// (scripts/drift/config.mjs). `npm run drift` sets the sandbox target up and reports on it.
// Only `npm run drift` deletes what a run left behind and redacts credentials from the output:
// a direct `CONTRACT_TARGET=sandbox vitest run --project contract` (same request budget and
// in-flight limit) is for debugging.
import { DRIFT_USER_AGENT, MAX_IN_FLIGHT, randomSuffix, sandboxConfigOrThrow } from '../../../scripts/drift/config.mjs';
import { createLimitedTransport } from './drift-transport.js';
import { loadSpec } from './spec.js';
import { responseValidatorFor } from './validator.js';

export const CONTRACT_TARGETS = ['mock', 'sandbox'] as const;
export type ContractTarget = (typeof CONTRACT_TARGETS)[number];

declare module 'vitest' {
  // Values the global setup hands to the test files (`inject('contractBaseUrl')`).
  export interface ProvidedContext {
    contractTarget: ContractTarget;
    contractBaseUrl: string;
    /** Made once per run, so every test file creates resources under the same checkoutToken prefix. */
    contractFixtures: TargetFixtures;
  }
}

export function contractTargetFromEnv(env: NodeJS.ProcessEnv = process.env): ContractTarget {
  const value = env.CONTRACT_TARGET?.trim() || 'mock';
  if (!(CONTRACT_TARGETS as readonly string[]).includes(value)) {
    throw new Error(`CONTRACT_TARGET must be one of ${CONTRACT_TARGETS.join(', ')}; got "${value}"`);
  }
  return value as ContractTarget;
}

/** What the suite creates resources with, and under which checkoutToken prefix it may clean up. */
export interface TargetFixtures {
  identityId: string;
  accountNumber: string;
  currency: string;
  /** Every checkoutToken the suite creates starts with this; cleanup touches nothing else. */
  checkoutTokenPrefix: string;
}

/** Options for createConomyClient (src/) on a target, without the transport. */
export interface TargetClientOptions {
  apiKey: string;
  userAgent: string;
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
}

/**
 * Mock fixtures are the spec's example values, so Prism's examples and the requests agree.
 * Sandbox fixtures come from the environment; the prefix is `drift-<time>-<random>`, or the
 * one the runner chose (DRIFT_CHECKOUT_TOKEN_PREFIX). Call it once per run (the global setup
 * does, and provides the result as `contractFixtures`).
 */
export function fixturesFor(target: ContractTarget, env: NodeJS.ProcessEnv = process.env): TargetFixtures {
  if (target === 'sandbox') {
    const { identityId, accountNumber, currency } = sandboxConfigOrThrow(env);
    const checkoutTokenPrefix = env.DRIFT_CHECKOUT_TOKEN_PREFIX?.trim() || `drift-${Date.now()}-${randomSuffix()}`;
    return { identityId, accountNumber, currency, checkoutTokenPrefix };
  }
  return {
    identityId: '679c482ee4420cb5b0966c9a',
    accountNumber: '173854531105176050117',
    currency: 'CLP',
    checkoutTokenPrefix: 'contract-',
  };
}

export function clientOptionsFor(target: ContractTarget, env: NodeJS.ProcessEnv = process.env): TargetClientOptions {
  if (target === 'sandbox') {
    const { apiKey, accessToken, clientId, clientSecret } = sandboxConfigOrThrow(env);
    const credentials = accessToken ? { accessToken } : { clientId, clientSecret };
    return { apiKey, userAgent: DRIFT_USER_AGENT, ...credentials };
  }
  return { apiKey: 'mock-api-key', userAgent: 'conomy-contract-tests/0.1', accessToken: 'mock-access-token' };
}

/**
 * The fetch every case must send through (the case runner's `transport`). On the sandbox it
 * is the one limited transport of this process: at most DRIFT_MAX_REQUESTS requests (capped at
 * REQUEST_BUDGET, see config.mjs) and MAX_IN_FLIGHT at a time, only under the base URL, each
 * logged to DRIFT_EXCHANGES_FILE for the reports. On the mock it is plain fetch.
 */
export function transportFor(
  target: ContractTarget,
  env: NodeJS.ProcessEnv = process.env,
): (request: Request) => Promise<Response> {
  if (target !== 'sandbox') return (request) => fetch(request);
  const shared = globalThis as typeof globalThis & { [SANDBOX_TRANSPORT]?: (request: Request) => Promise<Response> };
  const { baseUrl, maxRequests } = sandboxConfigOrThrow(env);
  shared[SANDBOX_TRANSPORT] ??= createLimitedTransport({
    baseUrl,
    maxRequests,
    maxInFlight: MAX_IN_FLIGHT,
    spec: loadSpec(),
    validator: responseValidatorFor(loadSpec()),
    exchangeLog: env.DRIFT_EXCHANGES_FILE?.trim() || undefined,
  });
  return shared[SANDBOX_TRANSPORT];
}

/** One per process, whatever module instance asks: the request budget is for the whole run. */
const SANDBOX_TRANSPORT = Symbol.for('conomy.contract.sandboxTransport');
