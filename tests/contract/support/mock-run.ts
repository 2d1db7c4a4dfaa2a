// The contract suite's target: the Prism mock the global setup starts from openapi.yaml.
import { VERSION } from '../../../src/generated/version.js';
import type { TargetClientOptions, TargetFixtures } from '../../../src/contract/run/target.js';

export interface MockRun {
  baseUrl: string;
  fixtures: TargetFixtures;
  client: TargetClientOptions;
}

/** Mock fixtures are the spec's example values, so Prism's examples and the requests agree. */
export const MOCK_FIXTURES: TargetFixtures = {
  identityId: '679c482ee4420cb5b0966c9a',
  accountNumber: '173854531105176050117',
  accountHolder: 'Comercial Andes SpA',
  currency: 'CLP',
  checkoutTokenPrefix: 'contract-',
};

/** What the suite sends as its User-Agent to the mock: the kit's version, as a drift run's does. */
const MOCK_USER_AGENT = `conomy-contract-tests/${VERSION}`;

export function mockRun(baseUrl: string): MockRun {
  const client = { apiKey: 'mock-api-key', userAgent: MOCK_USER_AGENT, accessToken: 'mock-access-token' };
  return { baseUrl, fixtures: MOCK_FIXTURES, client };
}
