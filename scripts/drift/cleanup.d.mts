// Types of cleanup.mjs for its unit tests.

export interface CreatedResource {
  kind: 'payment-link' | 'checkout-session';
  id: string;
  checkoutToken: string;
}

export declare function leftovers(
  exchanges: { operationId?: string; url: string; sent: boolean; status?: number; created?: CreatedResource }[],
  prefix: string,
): CreatedResource[];

export declare function cleanUp(
  resources: CreatedResource[],
  options: { baseUrl: string; headers: Record<string, string>; requestsLeft: number; fetch?: typeof fetch },
): Promise<{ outcomes: (CreatedResource & { outcome: string })[]; requests: number }>;
