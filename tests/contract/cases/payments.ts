// Contract cases for the Payments tag.
import type { ContractCase } from '../../../src/contract/run/case.js';
import { documentedResponses } from './builders.js';

export const paymentCases: ContractCase[] = [
  ...documentedResponses('listPayments', [200, 400, 401, 403, 429, 500]),
  ...documentedResponses('getPayment', [200, 400, 401, 403, 404, 429, 500]),
  ...documentedResponses('listAvailableProducts', [200, 400, 401, 403, 429, 500]),
];
