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
