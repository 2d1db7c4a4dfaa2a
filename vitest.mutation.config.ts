// The tests a mutation run (npm run mutation, stryker.config.mjs) judges src/ by: the client's unit
// tests and the per-operation client calls, all on injected fetches and 127.0.0.1 servers. Not the
// contract suite (it needs Prism) nor anything that reads src/ as text (portability.test.ts runs tsc
// over the files, which a mutant's instrumented copy would only slow down).
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/client/**/*.test.ts', 'tests/contract/unit/client-calls.test.ts'],
    exclude: [...configDefaults.exclude, 'tests/client/portability.test.ts'],
  },
});
