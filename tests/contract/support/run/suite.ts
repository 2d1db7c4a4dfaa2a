// Registers contract cases as vitest tests against the target the global setup started, and runs
// one case the same way for the tests and for a drift run in a test's own process.
import { describe, expect, inject, it } from 'vitest';
import { caseRecord, type CaseRecord } from '../../drift/records.js';
import { responseValidatorFor } from '../judge/validator.js';
import { loadSpec } from '../spec/contract-spec.js';
import type { CaseOutcome, ContractCase } from './case.js';
import { crashFailure, describeOutcome, runCase } from './runner.js';
import { transportFor, type ContractRun, type TargetTransport } from './target.js';
import type { ContractMeta } from './task-meta.js';

/** A case still running after this long on a real server ends with what it saw (below the test timeout). */
const SANDBOX_CASE_DEADLINE_MS = 240_000;
/** A real server may answer slowly; each attempt of the client gets this long. */
const SANDBOX_TIMEOUT_MS = 60_000;

/** The case's name in reports: `operationId status: title`. */
export function caseName(contractCase: ContractCase): string {
  return `${contractCase.operationId} ${contractCase.status}: ${contractCase.title}`;
}

/** One `describe` per operation, one test per case; a case for another target is skipped with the reason. */
export function defineContractCases(cases: readonly ContractCase[]): void {
  const run = inject('contractRun');
  const transport = transportFor(run);
  const unready = run.target === 'sandbox' && run.drift.state !== 'ready' ? `the drift run could not run: ${run.drift.reason}` : undefined;

  const byOperation = new Map<string, ContractCase[]>();
  for (const contractCase of cases) {
    byOperation.set(contractCase.operationId, [...(byOperation.get(contractCase.operationId) ?? []), contractCase]);
  }
  for (const [operationId, operationCases] of byOperation) {
    describe(operationId, () => {
      for (const contractCase of operationCases) {
        it(`${contractCase.status}: ${contractCase.title}`, async ({ task, skip }) => {
          const { status } = contractCase;
          task.meta.contract = { target: run.target, operationId, status, findings: [] } satisfies ContractMeta;
          if (!contractCase.targets.includes(run.target)) skip(`runs only on ${contractCase.targets.join(', ')}`);
          if (unready) skip(unready);

          const { outcome, record } = await runContractCase(contractCase, run, transport);
          task.meta.contract.findings = record?.findings ?? outcome.findings;
          if (record) {
            // On a real server the findings are the drift report's business; only a case that broke fails.
            task.meta.driftRecord = record;
            if (record.error) throw new Error(record.error);
            return;
          }
          if (outcome.error) throw crashFailure(outcome.error, outcome);
          expect(outcome.problems.length + outcome.findings.length, describeOutcome(outcome)).toBe(0);
        });
      }
    });
  }
}

/** Runs one case on the run's target; on the sandbox also its masked record for the report. */
export async function runContractCase(
  contractCase: ContractCase,
  run: ContractRun,
  transport: TargetTransport,
): Promise<{ outcome: CaseOutcome; record?: CaseRecord }> {
  const spec = loadSpec();
  const sandbox = run.target === 'sandbox';
  const before = transport.requests();
  const exhausted = transport.exhausted();
  if (exhausted) {
    // Nothing more can be sent: the case is not reached, and costs no client retries.
    const outcome: CaseOutcome = { exchanges: [], findings: [], problems: [], notes: [{ operationId: contractCase.operationId, result: 'not-reached', reason: exhausted }] };
    const record = caseRecord(caseName(contractCase), contractCase, outcome, { requests: { sent: 0, rateLimited: 0 }, baseUrl: run.baseUrl, mask: transport.mask });
    return { outcome, record };
  }
  const outcome = await runCase(contractCase, {
    spec,
    validator: responseValidatorFor(spec),
    target: run.target,
    baseUrl: run.baseUrl,
    clientOptions: run.client,
    fixtures: run.fixtures,
    transport: transport.fetch,
    // The client's retry warnings are not printed: what matters of them is in the report.
    ...(sandbox ? { clientTuning: { timeoutMs: SANDBOX_TIMEOUT_MS, logLevel: 'off' }, deadlineMs: SANDBOX_CASE_DEADLINE_MS } : {}),
  });
  if (!sandbox) return { outcome };
  const record = caseRecord(caseName(contractCase), contractCase, outcome, {
    requests: { sent: transport.requests().sent - before.sent, rateLimited: transport.requests().rateLimited - before.rateLimited },
    baseUrl: run.baseUrl,
    mask: transport.mask,
  });
  return { outcome, record };
}
