// Contract cases for the Checkout sessions tag.
import type { ContractCase } from '../../../src/contract/run/case.js';
import { documentedResponses } from './builders.js';

export const checkoutSessionCases: ContractCase[] = [
  ...documentedResponses('listCheckoutSessions', [200, 400, 401, 403, 429, 500]),
  ...documentedResponses('createCheckoutSession', [201, 400, 401, 403, 404, 409, 422, 429, 500]),
  ...documentedResponses('getCheckoutSession', [200, 400, 401, 403, 404, 429, 500]),
  ...documentedResponses('deleteCheckoutSession', [200, 400, 401, 403, 404, 429, 500]),
  ...documentedResponses('createCheckoutSessionPayment', [200, 400, 401, 403, 404, 422, 429, 500]),
  ...documentedResponses('refreshCheckoutSession', [201, 400, 401, 403, 404, 422, 429, 500]),
];
