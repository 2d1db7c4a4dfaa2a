// The coverage gate: every (operation, status) pair openapi.yaml documents needs a contract
// case, and every case must cover a documented pair. A new operation or status cannot land
// untested. The run summary (support/summary-reporter.ts) prints the coverage table.
import { describe, expect, it } from 'vitest';
import { contractCases } from './cases/index.js';
import { loadSpec } from './support/spec.js';

const spec = loadSpec();

function coveredKey(operationId: string, status: number): string | undefined {
  const operation = spec.operations.find((candidate) => candidate.operationId === operationId);
  const response = operation && spec.responseFor(operation, status);
  return response && `${operationId} ${response.key}`;
}

describe('contract coverage', () => {
  it('every documented (operation, status) pair has at least one case', () => {
    const covered = new Set(contractCases.map((c) => coveredKey(c.operationId, c.status)));
    const uncovered = spec
      .operationPairs()
      .map(({ operationId, status }) => `${operationId} ${status}`)
      .filter((pair) => !covered.has(pair));
    expect(uncovered, 'pairs without a case (add one in tests/contract/cases/)').toEqual([]);
  });

  it('every case covers an operation and status the spec documents', () => {
    const stale = contractCases
      .filter((c) => coveredKey(c.operationId, c.status) === undefined)
      .map((c) => `${c.operationId} ${c.status}: ${c.title}`);
    expect(stale, 'cases for undocumented operations or statuses').toEqual([]);
  });
});
