// What a contract case runs against: the Prism mock (the vitest suite in tests/contract/) or a real
// Conomy server (a drift run, src/drift/). The case model only needs to tell them apart and to know
// what its resources are created with; how each target is brought up is its runner's business.

export const CONTRACT_TARGETS = ['mock', 'sandbox'] as const;
export type ContractTarget = (typeof CONTRACT_TARGETS)[number];

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
