// @ts-check
// Mutation testing of the client (npm run mutation): StrykerJS changes the client one small edit at a time
// and runs the tests of vitest.mutation.config.ts against each change; a change no test notices is a
// behaviour nothing pins down. See "Mutation testing" in the README.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // Every file of the client (src/index.ts, src/core/, src/internal/) but the generated ones
  // (regenerated from openapi.yaml, never edited). The contract library and the drift engine are
  // judged by their own tests (tests/contract/, tests/drift/), which need servers and Prism.
  mutate: ['src/index.ts', 'src/core/**/*.ts', 'src/internal/**/*.ts', 'src/internal/**/*.js'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // Mutants that do not compile are discarded before any test runs (tsconfig.build.json: the portable
  // code, the client and the testing entry's mock and MSW handlers).
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.build.json',
  coverageAnalysis: 'perTest',
  // The machine has two cores, shared.
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // The score over the client must stay at 90 % or more: below it the run fails.
  thresholds: { high: 90, low: 85, break: 90 },
};
