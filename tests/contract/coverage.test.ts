// The coverage gate: every (operation, status) pair openapi.yaml documents needs a case in the
// documented-response table, and every case of every kind must cover a documented pair. A new
// operation or status cannot land untested, and flow, negative and property-based cases add
// to the table without standing in for it. The run summary prints the coverage table.
import { describe, expect, it } from 'vitest';
import { allContractCases as allCases, contractCases } from './cases/index.js';
import { derivedNegatives } from './cases/negative.js';
import { propertyBasedCases } from './cases/properties.js';
import type { ContractCase } from '../../src/contract/run/case.js';
import { loadSpec } from '../../src/contract/spec/contract-spec.js';

const spec = loadSpec();

function coveredKey(operationId: string, status: number): string | undefined {
  const operation = spec.operations.find((candidate) => candidate.operationId === operationId);
  const response = operation && spec.responseFor(operation, status);
  return response && `${operationId} ${response.key}`;
}

describe('contract coverage', () => {
  it('every documented (operation, status) pair has a documented-response case', () => {
    const covered = new Set(contractCases.map((c) => coveredKey(c.operationId, c.status)));
    const uncovered = spec
      .operationPairs()
      .map(({ operationId, status }) => `${operationId} ${status}`)
      .filter((pair) => !covered.has(pair));
    expect(uncovered, 'pairs without a case (add one in tests/contract/cases/)').toEqual([]);
  });

  it('every case covers an operation and status the spec documents', () => {
    const stale = allCases
      .filter((c) => [c.status, ...(c.alternativeStatuses ?? [])].some((status) => coveredKey(c.operationId, status) === undefined))
      .map((c) => `${c.operationId} ${c.status}: ${c.title}`);
    expect(stale, 'cases for undocumented operations or statuses').toEqual([]);
  });

  it('every request body has derived negative and property-based cases', () => {
    const withBody = spec.operations.filter((o) => o.node.requestBody !== undefined).map((o) => o.operationId);
    const casesFor = (cases: ContractCase[], id: string, title: RegExp) => cases.some((c) => c.operationId === id && title.test(c.title));
    expect(withBody.filter((id) => !casesFor(derivedNegatives, id, /^refuses body/)), 'bodies without negative cases').toEqual([]);
    expect(withBody.filter((id) => !casesFor(propertyBasedCases, id, /generated/)), 'bodies without property cases').toEqual([]);
  });
});
