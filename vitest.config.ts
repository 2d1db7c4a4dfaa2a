import { configDefaults, defineConfig } from 'vitest/config';
import { DriftReporter } from './tests/contract/drift/reporter.js';
import { ContractSummaryReporter } from './tests/contract/support/run/summary-reporter.js';

const sandbox = process.env.CONTRACT_TARGET?.trim() === 'sandbox';

export default defineConfig({
  test: {
    // Against a real server the drift reporter alone writes the reports and prints the verdict
    // (masked, each finding once). Otherwise the contract summary comes first, so that the last lines
    // of a run are always vitest's own count of the tests that passed and failed.
    reporters: sandbox ? [new DriftReporter()] : [new ContractSummaryReporter(), 'default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          // GitHub's workflow parser imports its schema JSON without an import attribute, which Node
          // refuses; run through vite instead of Node's loader, it loads.
          server: { deps: { inline: ['@actions/workflow-parser'] } },
          // The contract suite is the test files directly in tests/contract/ (they need a target);
          // tests/contract/unit/ holds plain unit tests of the suite's own machinery.
          exclude: [...configDefaults.exclude, 'tests/contract/*.test.ts'],
        },
      },
      {
        test: {
          name: 'contract',
          include: ['tests/contract/*.test.ts'],
          // Starts the target chosen by CONTRACT_TARGET (default: Prism mock) once, stops it at the end.
          globalSetup: ['tests/contract/global-setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 60_000,
          // Against a real server (npm run drift): every file in one worker, one after another, so
          // one transport enforces the run's request budget and in-flight limit for all of them;
          // a slow server gets time (a case ends itself before this, see support/run/suite.ts).
          ...(sandbox ? { fileParallelism: false, isolate: false, testTimeout: 300_000 } : {}),
        },
      },
    ],
  },
});
