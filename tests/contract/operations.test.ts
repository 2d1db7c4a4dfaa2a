// Every operation, every documented status: each case of the table (cases/index.ts) forces one
// documented response on the mock and checks what the real client makes of it.
import { contractCases } from './cases/index.js';
import { defineContractCases } from './support/suite.js';

defineContractCases(contractCases);
