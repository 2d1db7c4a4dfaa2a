// Property-based cases: generated request bodies must be accepted (cases/properties.ts).
import { propertyBasedCases, propertyRunSeed } from './cases/properties.js';
import { defineContractCases } from './support/suite.js';

console.info(`Property-based contract cases: seed ${propertyRunSeed} (set CONTRACT_SEED to run with another one)`);
defineContractCases(propertyBasedCases);
