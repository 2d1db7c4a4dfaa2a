// Every contract case, one file per spec tag. The coverage gate (coverage.test.ts) fails
// when openapi.yaml documents an (operation, status) pair that no case here covers.
import type { ContractCase } from '../support/cases.js';
import { authenticationCases } from './authentication.js';
import { checkoutSessionCases } from './checkout-sessions.js';
import { paymentCases } from './payments.js';
import { paymentLinkCases } from './payment-links.js';

export const contractCases: ContractCase[] = [
  ...authenticationCases,
  ...paymentLinkCases,
  ...checkoutSessionCases,
  ...paymentCases,
];
