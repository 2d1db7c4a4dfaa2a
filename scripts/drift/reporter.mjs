// Vitest reporter of a drift run (the runner passes it with --reporter): when the run ends it
// writes what every contract test left behind (state, skip note, error, `meta.contract` with
// its findings) and every error outside a test to DRIFT_RESULTS_FILE, as JSON. The runner
// turns that into the reports; this file only collects.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export default class DriftResultsReporter {
  onTestRunEnd(testModules, unhandledErrors, reason) {
    const file = process.env.DRIFT_RESULTS_FILE;
    if (!file) return;
    const tests = [];
    const problems = [];
    for (const testModule of testModules) {
      const name = relative(process.cwd(), testModule.moduleId);
      for (const error of testModule.errors()) problems.push(`${name}: ${firstLines(error)}`);
      for (const test of testModule.children.allTests()) {
        const result = test.result();
        tests.push({
          file: name,
          name: test.fullName,
          state: result.state,
          note: result.state === 'skipped' ? result.note : undefined,
          errors: (result.errors ?? []).map(firstLines),
          contract: test.meta().contract,
        });
      }
    }
    for (const error of unhandledErrors) problems.push(`unhandled error: ${firstLines(error)}`);
    writeFileSync(file, JSON.stringify({ reason, tests, problems }));
  }
}

/** The message without stack frames, at most 20 lines. */
function firstLines(error) {
  const text = `${error?.name && error.name !== 'Error' ? `${error.name}: ` : ''}${error?.message ?? String(error)}`;
  return text.split('\n').filter((line) => !/^\s+at\s/.test(line)).slice(0, 20).join('\n');
}
