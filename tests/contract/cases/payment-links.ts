// Contract cases for the Payment links tag.
import type { ContractCase } from '../../../src/contract/run/case.js';
import { documentedResponses } from './builders.js';

export const paymentLinkCases: ContractCase[] = [
  ...documentedResponses('listPaymentLinks', [200, 400, 401, 403, 429, 500]),
  ...documentedResponses('createPaymentLink', [201, 400, 401, 403, 409, 429, 500]),
  ...documentedResponses('getPaymentLink', [200, 400, 401, 403, 404, 429, 500]),
  ...documentedResponses('deletePaymentLink', [204, 400, 401, 403, 404, 422, 429, 500]),
  ...documentedResponses('activatePaymentLink', [200, 400, 401, 403, 404, 422, 429, 500]),
  ...documentedResponses('createCheckoutSessionFromPaymentLink', [201, 400, 401, 403, 404, 422, 429, 500]),
];
