import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import { ContractSummaryReporter } from './tests/contract/support/summary-reporter.js';

export default defineConfig({
  test: {
    // The contract summary comes first, so that the last lines of a run are always vitest's own
    // count of the tests that passed and failed.
    reporters: [new ContractSummaryReporter(), 'default'],
    // Much of the suite waits on other processes (npm installs, tsc, Chromium, local servers). vitest's
    // default of one worker fewer than the cores runs one file at a time on a two-core machine; two
    // there made \`npm test\` 11 % shorter (450 s to 401 s). Four cores (GitHub's runners) keep the default, three.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          // GitHub's workflow parser imports its schema JSON without an import attribute, which Node
          // refuses; run through vite instead of Node's loader, it loads.
          server: { deps: { inline: ['@actions/workflow-parser'] } },
          // The contract suite is the test files directly in tests/contract/ (they need the mock);
          // tests/contract/unit/ holds plain unit tests of the suite's own machinery.
          exclude: [...configDefaults.exclude, 'tests/contract/*.test.ts'],
        },
      },
      {
        test: {
          name: 'contract',
          include: ['tests/contract/*.test.ts'],
          // Starts the Prism mock once, stops it at the end.
          globalSetup: ['tests/contract/global-setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
