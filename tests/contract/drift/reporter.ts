// The vitest reporter of a run on the sandbox target (vitest.config.ts uses it, alone, when
// CONTRACT_TARGET=sandbox): it takes the record every case left in its task meta (read by
// support/run/task-meta.ts, which says why this is not the mock's summary reporter), hands them to
// finishDriftRun (cleanup, the three reports, the verdict lines) and prints nothing else, so each
// finding is printed once and every line is masked.
import type { Reporter, SerializedError, TestModule, Vitest } from 'vitest/node';
import { createMasker } from '../../../src/internal/secrets.js';
import { contractTests } from '../support/run/task-meta.js';
import { secretsInEnvironment } from './config.js';
import { firstLines, type CaseRecord } from './records.js';
import { finishDriftRun } from './session.js';

export class DriftReporter implements Reporter {
  #vitest: Vitest | undefined;
  #mask = createMasker(secretsInEnvironment(process.env));

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
  }

  onTestModuleEnd(testModule: TestModule): void {
    const ran = contractTests([testModule]).filter(({ driftRecord }) => driftRecord).length;
    if (ran > 0) process.stdout.write(`drift: ${testModule.relativeModuleId}: ${ran} case(s) checked the server\n`);
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): Promise<void> {
    const run = this.#vitest?.getProjectByName('contract').getProvidedContext().contractRun;
    if (run?.target !== 'sandbox') {
      process.stderr.write('drift: the contract project did not set up a sandbox run (its global setup failed); no report written\n');
      process.exitCode = 2;
      return;
    }
    const records: CaseRecord[] = [];
    const problems: string[] = [];
    for (const testModule of testModules) {
      for (const error of testModule.errors()) problems.push(`${testModule.relativeModuleId}: ${firstLines(error)}`);
      for (const { test, driftRecord } of contractTests([testModule])) {
        if (driftRecord) records.push(driftRecord);
        else if (test.result().state === 'failed') problems.push(`${test.fullName}: ${firstLines(test.result().errors?.[0])}`);
      }
    }
    for (const error of unhandledErrors) problems.push(`unhandled error: ${firstLines(error)}`);
    await finishDriftRun(run.drift, records, { problems: problems.map(this.#mask), env: process.env });
  }
}
