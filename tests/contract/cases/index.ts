// The documented-response table, one file per spec tag: every operation, every documented
// status, through the client. The coverage gate (coverage.test.ts) fails when openapi.yaml
// documents an (operation, status) pair that no case here covers. The flow, negative and
// property-based cases (flow.ts, negative.ts, properties.ts) come on top of this table.
import type { ContractCase } from '../../../src/contract/run/case.js';
import { authenticationCases } from './authentication.js';
import { checkoutSessionCases } from './checkout-sessions.js';
import { flowCases } from '../../../src/contract/cases/flow.js';
import { negativeCases } from './negative.js';
import { paymentCases } from './payments.js';
import { paymentLinkCases } from './payment-links.js';
import { propertyBasedCases } from './properties.js';

export const contractCases: ContractCase[] = [
  ...authenticationCases,
  ...paymentLinkCases,
  ...checkoutSessionCases,
  ...paymentCases,
];

/** Every case of every kind, as the contract test files register them. */
export const allContractCases: ContractCase[] = [...contractCases, ...flowCases, ...negativeCases, ...propertyBasedCases];
