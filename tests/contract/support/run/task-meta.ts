// What a contract test leaves in its vitest task meta (suite.ts writes it), and the one reader of
// it for the reporters. Two reporters read it because a run has one of two outputs: against the
// mock, summary-reporter.ts prints the coverage table before vitest's own report and fails a full
// run with an uncovered pair; against the sandbox, tests/contract/drift/reporter.ts is the only
// reporter (it writes the drift reports and prints masked lines, each finding once).
import type { TestCase, TestModule } from 'vitest/node';
import type { CaseRecord } from '../../drift/records.js';
import type { Finding } from '../judge/findings.js';
import type { ContractTarget } from './target.js';

/** Every case, on every target: the pair it covers and what the validator found. */
export interface ContractMeta {
  target: ContractTarget;
  operationId: string;
  status: number;
  findings: Finding[];
}

declare module 'vitest' {
  interface TaskMeta {
    contract?: ContractMeta;
    /** On the sandbox: what the case leaves for the drift report. */
    driftRecord?: CaseRecord;
  }
}

export interface ContractTest {
  test: TestCase;
  contract?: ContractMeta | undefined;
  driftRecord?: CaseRecord | undefined;
}

/** Every test of the modules, in order, with what it left in its meta. */
export function contractTests(testModules: ReadonlyArray<TestModule>): ContractTest[] {
  return testModules.flatMap((testModule) =>
    [...testModule.children.allTests()].map((test) => {
      const { contract, driftRecord } = test.meta();
      return { test, contract, driftRecord };
    }),
  );
}
