// The checkout flow end to end, once per documented payment body shape, and the lifecycle of a link
// that is never activated (created, read back, deleted, gone): cases/flow.ts.
import { flowCases } from '../../src/contract/cases/flow.js';
import { defineContractCases } from './support/suite.js';

defineContractCases(flowCases);
