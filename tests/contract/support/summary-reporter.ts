// Prints the contract run summary before the default reporter's (vitest.config.ts orders them):
// one row per documented (operation, status) pair with its cases and findings, then totals and
// every finding.
// It reads what each contract test leaves in its meta (task-meta.ts), and stays silent when no
// contract case ran (e.g. a unit-only run). A full run (operations.test.ts, no name filter) in
// which a documented pair got no case fails, with that comparison: a test file that could not
// load, or cases the spec no longer yields, never just make the table shorter.
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { formatFinding, SEVERITIES, type Finding } from '../../../src/contract/judge/findings.js';
import { loadSpec, type ContractSpec } from '../../../src/contract/spec/contract-spec.js';
import { contractTests } from './task-meta.js';

export interface CaseResult {
  operationId: string;
  status: number;
  state: string;
  findings: Finding[];
}

export class ContractSummaryReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const ran = contractTests(testModules).flatMap(({ test, contract }) => (contract ? [{ test, contract }] : []));
    const results: CaseResult[] = ran.map(({ test, contract: { operationId, status, findings } }) => ({
      operationId,
      status,
      state: test.result().state,
      findings,
    }));
    const target = ran.at(-1)?.contract.target;
    if (target === undefined) return;
    const log = (line = '') => (this.vitest ? this.vitest.logger.log(line) : console.log(line));
    const spec = loadSpec();
    for (const line of summaryLines(spec, target, results)) log(line);

    const fullRun = testModules.some((module) => module.moduleId.endsWith('/tests/contract/operations.test.ts')) && !this.vitest?.config.testNamePattern;
    const missing = fullRun ? pairsWithoutCase(spec, results) : [];
    if (missing.length > 0) {
      const pairs = spec.operationPairs().length;
      (this.vitest?.logger ?? console).error(
        `contract: FAIL: ${missing.length} of the ${pairs} documented (operation, status) pairs had no case in this run ` +
          `(${pairs - missing.length} had one): ${missing.join(', ')}`,
      );
      process.exitCode = 1;
    }
  }
}

/** The documented pairs no case result covers, as `operationId status`. */
export function pairsWithoutCase(spec: ContractSpec, results: CaseResult[]): string[] {
  return spec
    .operationPairs()
    .filter(({ operationId, status }) =>
      !results.some((r) => r.operationId === operationId && spec.responseFor(spec.operation(operationId), r.status)?.key === status))
    .map(({ operationId, status }) => `${operationId} ${status}`);
}

export function summaryLines(spec: ContractSpec, target: string, results: CaseResult[]): string[] {
  const rows = spec.operationPairs().map((pair) => {
    const operation = spec.operation(pair.operationId);
    const cases = results.filter(
      (r) => r.operationId === pair.operationId && spec.responseFor(operation, r.status)?.key === pair.status,
    );
    const count = (state: string) => cases.filter((r) => r.state === state).length;
    const findings = cases.reduce((sum, r) => sum + r.findings.length, 0);
    const verdict = cases.length === 0 ? 'NO CASE' : count('failed') > 0 ? 'FAIL' : count('passed') > 0 ? 'ok' : 'skipped';
    return [pair.operationId, pair.status, String(cases.length), String(count('passed')), String(count('failed')),
      String(count('skipped')), String(findings), verdict];
  });
  const header = ['operation', 'status', 'cases', 'passed', 'failed', 'skipped', 'findings', 'result'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();

  const findings = results.flatMap((r) => r.findings);
  const bySeverity = SEVERITIES.map((severity) => `${findings.filter((f) => f.severity === severity).length} ${severity}`);
  const state = (name: string) => results.filter((r) => r.state === name).length;
  const uncovered = rows.filter((row) => row[7] === 'NO CASE').length;
  return [
    '',
    `Contract summary (target: ${target})`,
    format(header),
    ...rows.map(format),
    '',
    `operations: ${spec.operations.length}, documented statuses: ${rows.length} (${uncovered} without a case), ` +
      `cases: ${results.length} (${state('passed')} passed, ${state('failed')} failed, ${state('skipped')} skipped), ` +
      `findings: ${findings.length} (${bySeverity.join(', ')})`,
    ...findings.map((finding) => `  ${formatFinding(finding)}`),
    '',
  ];
}
