// What a contract test leaves in its vitest task meta (suite.ts writes it), and the reader of it
// for the summary reporter, which prints the coverage table before vitest's own report and fails
// a full run with an uncovered pair.
import type { TestCase, TestModule } from 'vitest/node';
import type { Finding } from '../../../src/contract/judge/findings.js';
import type { ContractTarget } from '../../../src/contract/run/target.js';

/** Every case: the pair it covers and what the validator found. */
export interface ContractMeta {
  target: ContractTarget;
  operationId: string;
  status: number;
  findings: Finding[];
}

declare module 'vitest' {
  interface TaskMeta {
    contract?: ContractMeta;
  }
}

export interface ContractTest {
  test: TestCase;
  contract?: ContractMeta | undefined;
}

/** Every test of the modules, in order, with what it left in its meta. */
export function contractTests(testModules: ReadonlyArray<TestModule>): ContractTest[] {
  return testModules.flatMap((testModule) => [...testModule.children.allTests()].map((test) => ({ test, contract: test.meta().contract })));
}
