// Contract cases for the Authentication tag.
import type { ContractCase } from '../../../src/contract/run/case.js';
import { documentedResponses } from './builders.js';

export const authenticationCases: ContractCase[] = [
  ...documentedResponses('createAccessToken', [200, 400, 401, 403, 429, 500]),
];
