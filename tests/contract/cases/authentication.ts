// Contract cases for the Authentication tag.
import type { ContractCase } from '../support/cases.js';
import { documentedResponses, withoutCredentials } from './builders.js';

export const authenticationCases: ContractCase[] = [
  ...documentedResponses('createAccessToken', [200, 400, 401, 403, 429, 500]),
  withoutCredentials('createAccessToken'),
];
