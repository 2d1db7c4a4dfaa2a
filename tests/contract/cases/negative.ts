// Negative cases: a request the spec forbids must be refused, and the client must surface the
// refusal as the error class of the status. The pinned refusals and the requests without
// credentials run on any target (src/contract/cases/refusals.ts); on the mock, one more case per
// constraint of the spec's request examples, derived by breaking it
// (support/generate/request-mutations.ts).
import type { ContractCase } from '../../../src/contract/run/case.js';
import { refusalCases, refusedRequest } from '../../../src/contract/cases/refusals.js';
import { bodyMutations, parameterMutations, type SchemaCheck } from '../support/generate/request-mutations.js';
import { loadSpec } from '../../../src/contract/spec/contract-spec.js';
import type { ContractTarget } from '../../../src/contract/run/target.js';
import { responseValidatorFor } from '../../../src/contract/judge/validator.js';

const spec = loadSpec();
const validator = responseValidatorFor(spec);
const isValid: SchemaCheck = (pointer, value) => validator.schemaAt(pointer)(value) === true;
const MOCK: readonly ContractTarget[] = ['mock'];

/** Requests with one constraint of the spec broken each, derived from the spec. */
export const derivedNegatives: ContractCase[] = derivedNegativeCases();
export const negativeCases: ContractCase[] = [...refusalCases, ...derivedNegatives];

/** Every request derived from the spec with one constraint broken (mock only: dozens of requests). */
function derivedNegativeCases(): ContractCase[] {
  return spec.operations.flatMap(({ operationId }) =>
    [...bodyMutations(spec, operationId, isValid), ...parameterMutations(spec, operationId, isValid)].map((mutation) =>
      refusedRequest(operationId, `${mutation.title} [${mutation.constraint}]`, () => mutation.input, MOCK),
    ),
  );
}
