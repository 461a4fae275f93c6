import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The fault suite kills processes and servers on purpose: `npm run test:faults` runs it alone.
    exclude: ['test/faults/**', '**/node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    // The default summary, then one plain `tests: N passed, N failed` line for CI's reader.
    reporters: ['default', './test/harness/tally-reporter.ts'],
    // Forks, not threads: the Temporal worker's native addon is happiest one per process.
    pool: 'forks',
    // Two cores: two test files at a time beside the dev server.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
