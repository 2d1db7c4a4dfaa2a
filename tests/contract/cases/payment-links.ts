// Contract cases for the Payment links tag.
import type { ContractCase } from '../support/cases.js';
import { documentedResponses, withoutCredentials } from './builders.js';

export const paymentLinkCases: ContractCase[] = [
  ...documentedResponses('listPaymentLinks', [200, 400, 401, 403, 429, 500]),
  withoutCredentials('listPaymentLinks'),
  ...documentedResponses('createPaymentLink', [201, 400, 401, 403, 409, 429, 500]),
  withoutCredentials('createPaymentLink'),
  ...documentedResponses('getPaymentLink', [200, 400, 401, 403, 404, 429, 500]),
  withoutCredentials('getPaymentLink'),
  ...documentedResponses('deletePaymentLink', [204, 400, 401, 403, 404, 422, 429, 500]),
  withoutCredentials('deletePaymentLink'),
  ...documentedResponses('activatePaymentLink', [200, 400, 401, 403, 404, 422, 429, 500]),
  withoutCredentials('activatePaymentLink'),
  ...documentedResponses('createCheckoutSessionFromPaymentLink', [201, 400, 401, 403, 404, 422, 429, 500]),
  withoutCredentials('createCheckoutSessionFromPaymentLink'),
];
