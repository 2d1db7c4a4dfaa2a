// Runs every contract case of the table (cases/index.ts) against the chosen target.
import { describe, expect, inject, it } from 'vitest';
import { contractCases } from './cases/index.js';
import { describeOutcome, runCase, type ContractCase } from './support/cases.js';
import { loadSpec } from './support/spec.js';
import { credentialsFor } from './support/target.js';
import { responseValidatorFor } from './support/validator.js';

const target = inject('contractTarget');
const baseUrl = inject('contractBaseUrl');
const spec = loadSpec();
const validator = responseValidatorFor(spec);
const credentials = credentialsFor(target);

const casesByOperation = new Map<string, ContractCase[]>();
for (const contractCase of contractCases) {
  casesByOperation.set(contractCase.operationId, [...(casesByOperation.get(contractCase.operationId) ?? []), contractCase]);
}

for (const [operationId, cases] of casesByOperation) {
  describe(operationId, () => {
    for (const contractCase of cases) {
      it(`${contractCase.status}: ${contractCase.title}`, async ({ task, skip }) => {
        const { status } = contractCase;
        task.meta.contract = { target, operationId, status, findings: [] };
        if (!contractCase.targets.includes(target)) skip(`runs only on ${contractCase.targets.join(', ')}`);

        const outcome = await runCase(contractCase, { spec, validator, target, baseUrl, credentials });
        task.meta.contract.findings = outcome.findings;
        expect(outcome.problems.length + outcome.findings.length, describeOutcome(outcome)).toBe(0);
      });
    }
  });
}
