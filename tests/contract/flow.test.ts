// The checkout flow end to end, once per documented payment body shape (cases/flow.ts).
import { flowCases } from './cases/flow.js';
import { defineContractCases } from './support/suite.js';

defineContractCases(flowCases);
