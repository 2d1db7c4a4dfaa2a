// Registers contract cases as vitest tests against the target the global setup started.
// Shared by the contract test files (operations, flow, negative, properties).
import { describe, expect, inject, it } from 'vitest';
import { crashFailure, describeOutcome, runCase, type ContractCase } from './cases.js';
import { loadSpec } from './spec.js';
import { clientOptionsFor, transportFor, type TargetFixtures } from './target.js';
import { responseValidatorFor } from './validator.js';

/** One `describe` per operation, one test per case; a case for another target is skipped with the reason. */
export function defineContractCases(cases: readonly ContractCase[]): void {
  const target = inject('contractTarget');
  const baseUrl = inject('contractBaseUrl');
  const spec = loadSpec();
  const validator = responseValidatorFor(spec);
  // Made once per run by the global setup, so every file creates under the same checkoutToken prefix.
  const fixtures = inject('contractFixtures') as TargetFixtures | undefined;
  if (!fixtures) {
    throw new Error(
      'contractFixtures was not provided: run the contract suite through its vitest project ' +
        '(`vitest run --project contract`), whose global setup provides it',
    );
  }
  const clientOptions = clientOptionsFor(target);
  // On the sandbox, the one transport that enforces the run's request budget.
  const transport = transportFor(target);

  const byOperation = new Map<string, ContractCase[]>();
  for (const contractCase of cases) {
    byOperation.set(contractCase.operationId, [...(byOperation.get(contractCase.operationId) ?? []), contractCase]);
  }
  for (const [operationId, operationCases] of byOperation) {
    describe(operationId, () => {
      for (const contractCase of operationCases) {
        it(`${contractCase.status}: ${contractCase.title}`, async ({ task, skip }) => {
          const { status } = contractCase;
          task.meta.contract = { target, operationId, status, findings: [] };
          if (!contractCase.targets.includes(target)) skip(`runs only on ${contractCase.targets.join(', ')}`);

          const outcome = await runCase(contractCase, { spec, validator, target, baseUrl, clientOptions, fixtures, transport });
          task.meta.contract.findings = outcome.findings;
          if (outcome.error) throw crashFailure(outcome.error, outcome);
          expect(outcome.problems.length + outcome.findings.length, describeOutcome(outcome)).toBe(0);
        });
      }
    });
  }
}
