// Which API the contract suite judges. Chosen explicitly, never guessed:
// CONTRACT_TARGET=mock (default) runs Prism from openapi.yaml; CONTRACT_TARGET=sandbox
// calls the Conomy sandbox.

export const CONTRACT_TARGETS = ['mock', 'sandbox'] as const;
export type ContractTarget = (typeof CONTRACT_TARGETS)[number];

declare module 'vitest' {
  // Values the global setup hands to the test files (`inject('contractBaseUrl')`).
  export interface ProvidedContext {
    contractTarget: ContractTarget;
    contractBaseUrl: string;
  }
}

export function contractTargetFromEnv(env: NodeJS.ProcessEnv = process.env): ContractTarget {
  const value = env.CONTRACT_TARGET?.trim() || 'mock';
  if (!(CONTRACT_TARGETS as readonly string[]).includes(value)) {
    throw new Error(`CONTRACT_TARGET must be one of ${CONTRACT_TARGETS.join(', ')}; got "${value}"`);
  }
  return value as ContractTarget;
}

/**
 * Headers every authenticated call sends. Prism checks only that they are present, so the
 * mock gets obvious placeholders; the sandbox target will read real ones from the environment.
 */
export function credentialsFor(target: ContractTarget): Record<string, string> {
  if (target === 'sandbox') throw new Error('CONTRACT_TARGET=sandbox: sandbox credentials are not implemented yet');
  return {
    'x-api-key': 'mock-api-key',
    authorization: 'Bearer mock-access-token',
    'user-agent': 'conomy-contract-tests/0.1',
  };
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

/** Mock fixtures are the spec's example values, so Prism's examples and the requests agree. */
export function fixturesFor(target: ContractTarget, env: NodeJS.ProcessEnv = process.env): TargetFixtures {
  if (target === 'sandbox') {
    return {
      identityId: env.CONOMY_IDENTITY_ID ?? '',
      accountNumber: env.CONOMY_ACCOUNT_NUMBER ?? '',
      currency: env.CONOMY_CURRENCY?.trim() || 'CLP',
      checkoutTokenPrefix: `drift-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
    };
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
    return {
      apiKey: env.CONOMY_API_KEY ?? '',
      userAgent: 'conomy-contract-drift/0.1',
      ...(env.CONOMY_ACCESS_TOKEN
        ? { accessToken: env.CONOMY_ACCESS_TOKEN }
        : { clientId: env.CONOMY_CLIENT_ID ?? '', clientSecret: env.CONOMY_CLIENT_SECRET ?? '' }),
    };
  }
  return { apiKey: 'mock-api-key', userAgent: 'conomy-contract-tests/0.1', accessToken: 'mock-access-token' };
}
