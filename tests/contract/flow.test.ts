// The checkout flow end to end, once per documented payment body shape, and the lifecycle of a link
// that is never activated (created, read back, deleted, gone): cases/flow.ts.
import { flowCases } from './cases/flow.js';
import { defineContractCases } from './support/run/suite.js';

defineContractCases(flowCases);
