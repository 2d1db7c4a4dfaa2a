// Which API the contract suite judges. Chosen explicitly, never guessed: CONTRACT_TARGET=mock
// (default) runs Prism from openapi.yaml; CONTRACT_TARGET=sandbox calls a real Conomy server
// (default the sandbox) configured by the CONOMY_* variables (tests/contract/drift/config.ts).
// The global setup brings the target up once and provides a ContractRun to the test files;
// on the sandbox that run carries the drift session (configuration, token, request budget).
import { VERSION } from '../../../../src/generated/version.js';
import { createMasker } from '../../../../src/internal/secrets.js';
import { DRIFT_USER_AGENT, MAX_IN_FLIGHT } from '../../drift/config.js';
import { budgetUsedUp, createBudget, createSandboxTransport } from '../../drift/http.js';
import type { RequestCount } from '../../drift/records.js';
import { createdKind } from '../spec/resources.js';
import type { DriftSession } from '../../drift/session.js';
import { loadSpec } from '../spec/contract-spec.js';

export const CONTRACT_TARGETS = ['mock', 'sandbox'] as const;
export type ContractTarget = (typeof CONTRACT_TARGETS)[number];

declare module 'vitest' {
  // What the global setup hands to the test files (`inject('contractRun')`).
  export interface ProvidedContext {
    contractRun: ContractRun;
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
  /** Named in a destination of the reference shape (see paymentLinkBody). */
  accountHolder: string;
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

interface RunBase {
  baseUrl: string;
  fixtures: TargetFixtures;
  client: TargetClientOptions;
}

export type ContractRun = (RunBase & { target: 'mock' }) | (RunBase & { target: 'sandbox'; drift: DriftSession });

/** Mock fixtures are the spec's example values, so Prism's examples and the requests agree. */
export const MOCK_FIXTURES: TargetFixtures = {
  identityId: '679c482ee4420cb5b0966c9a',
  accountNumber: '173854531105176050117',
  accountHolder: 'Comercial Andes SpA',
  currency: 'CLP',
  checkoutTokenPrefix: 'contract-',
};

/** What the suite sends as its User-Agent to the mock: the kit's version, as the drift run's does. */
const MOCK_USER_AGENT = `conomy-contract-tests/${VERSION}`;

export function mockRun(baseUrl: string): ContractRun {
  const client = { apiKey: 'mock-api-key', userAgent: MOCK_USER_AGENT, accessToken: 'mock-access-token' };
  return { target: 'mock', baseUrl, fixtures: MOCK_FIXTURES, client };
}

/** The run on a real server: fixtures, the token and the budget come from the drift session. */
export function sandboxRun(drift: DriftSession): ContractRun {
  if (drift.state !== 'ready') {
    const client = { apiKey: 'not-configured', userAgent: DRIFT_USER_AGENT, accessToken: 'not-configured' };
    return { target: 'sandbox', baseUrl: drift.baseUrl, fixtures: { ...MOCK_FIXTURES, checkoutTokenPrefix: 'drift-' }, client, drift };
  }
  const { baseUrl, apiKey, identityId, accountNumber, accountHolder, currency } = drift.config;
  const fixtures = { identityId, accountNumber, accountHolder, currency, checkoutTokenPrefix: drift.checkoutTokenPrefix };
  return { target: 'sandbox', baseUrl, fixtures, client: { apiKey, userAgent: DRIFT_USER_AGENT, accessToken: drift.accessToken }, drift };
}

/** The fetch every case sends through, and how many requests it has sent so far. */
export interface TargetTransport {
  fetch: (request: Request) => Promise<Response>;
  requests(): RequestCount;
  /** Why nothing more can be sent (the budget is used up), else undefined. */
  exhausted(): string | undefined;
  /** Masks the run's credentials (identity on the mock, whose credentials are made up). */
  mask: (text: string) => string;
}

/**
 * On the sandbox: the run's one limited transport in this process (budget, in-flight limit,
 * base URL fence, 429s waited out; tests/contract/drift/http.ts), made once however many test
 * files ask, because the budget is for the whole run. On the mock: plain fetch.
 */
export function transportFor(run: ContractRun): TargetTransport {
  if (run.target === 'mock' || run.drift.state !== 'ready') {
    return { fetch: (request) => fetch(request), requests: () => ({ sent: 0, rateLimited: 0 }), exhausted: () => undefined, mask: (text) => text };
  }
  const shared = globalThis as typeof globalThis & { [SANDBOX_TRANSPORT]?: TargetTransport };
  shared[SANDBOX_TRANSPORT] ??= newSandboxTransport(run.drift, run.baseUrl);
  return shared[SANDBOX_TRANSPORT];
}

/** A transport of its own for a drift run (`transportFor` shares one per process). */
export function newSandboxTransport(
  session: Extract<DriftSession, { state: 'ready' }>,
  baseUrl: string,
  send?: (request: Request) => Promise<Response>,
): TargetTransport {
  const budget = createBudget(session.maxRequests, session.requestsSent);
  const spec = loadSpec();
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  const creates = (request: Request) => {
    const operation = spec.findOperation(request.method, new URL(request.url).pathname.slice(basePath.length));
    return createdKind(operation?.operationId) !== undefined;
  };
  const transport = createSandboxTransport({ baseUrl, maxInFlight: MAX_IN_FLIGHT, budget, creates, ...(send ? { fetch: send } : {}) });
  const requests = (): RequestCount => ({ sent: budget.sent, rateLimited: budget.rateLimited });
  // What is left is kept for deleting what the run created: no case can start.
  const exhausted = () => (budget.sent + budget.owed >= budget.max ? budgetUsedUp(budget) : undefined);
  return { fetch: transport, requests, exhausted, mask: createMasker(session.secrets) };
}

const SANDBOX_TRANSPORT = Symbol.for('conomy.contract.sandboxTransport');
