// The vitest adapter of the contract cases: one `describe` per operation and one test per case,
// run against the Prism mock the global setup started (inject('contractRun')). The cases, the
// runner and the validator are the library in src/contract/, which a drift run uses without a test
// runner; here a case passes when nothing is wrong with any answer.
import { describe, expect, inject, it } from 'vitest';
import type { ContractCase } from '../../../src/contract/run/case.js';
import { crashFailure, describeOutcome, runCase } from '../../../src/contract/run/runner.js';
import { responseValidatorFor } from '../../../src/contract/judge/validator.js';
import { loadSpec } from '../../../src/contract/spec/contract-spec.js';
import type { MockRun } from './mock-run.js';
import { prismViolations } from './prism.js';
import type { ContractMeta } from './task-meta.js';

declare module 'vitest' {
  // What the global setup hands to the test files.
  export interface ProvidedContext {
    contractRun: MockRun;
  }
}

/** One `describe` per operation, one test per case; a case meant for a real server only is skipped with the reason. */
export function defineContractCases(cases: readonly ContractCase[]): void {
  const run = inject('contractRun');
  const byOperation = new Map<string, ContractCase[]>();
  for (const contractCase of cases) {
    byOperation.set(contractCase.operationId, [...(byOperation.get(contractCase.operationId) ?? []), contractCase]);
  }
  for (const [operationId, operationCases] of byOperation) {
    describe(operationId, () => {
      for (const contractCase of operationCases) {
        it(`${contractCase.status}: ${contractCase.title}`, async ({ task, skip }) => {
          const { status } = contractCase;
          task.meta.contract = { target: 'mock', operationId, status, findings: [] } satisfies ContractMeta;
          if (!contractCase.targets.includes('mock')) skip(`runs only on ${contractCase.targets.join(', ')}`);
          const spec = loadSpec();
          const outcome = await runCase(contractCase, {
            spec,
            validator: responseValidatorFor(spec),
            target: 'mock',
            baseUrl: run.baseUrl,
            clientOptions: run.client,
            fixtures: run.fixtures,
            targetProblems: prismViolations,
          });
          task.meta.contract.findings = outcome.findings;
          if (outcome.error) throw crashFailure(outcome.error, outcome);
          expect(outcome.problems.length + outcome.findings.length, describeOutcome(outcome)).toBe(0);
        });
      }
    });
  }
}
