// @ts-check
// Mutation testing of the client (npm run mutation): StrykerJS changes src/ one small edit at a time
// and runs the tests of vitest.mutation.config.ts against each change; a change no test notices is a
// behaviour nothing pins down. See "Mutation testing" in the README.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // Every file of src/ but the generated ones (regenerated from openapi.yaml, never edited).
  mutate: ['src/**/*.ts', 'src/**/*.js', '!src/generated/**'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // Mutants that do not compile are discarded before any test runs (tsconfig.build.json: src/ only).
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.build.json',
  coverageAnalysis: 'perTest',
  // The machine has two cores, shared.
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // The score over src/ must stay at 90 % or more: below it the run fails.
  thresholds: { high: 90, low: 85, break: 90 },
};
