import { defineConfig } from 'vitest/config';

/**
 * The fault-injection suite (`npm run test:faults`): kills and restarts workers, the API, the
 * Temporal dev server and PostgreSQL. Files end in `.fault.ts` so the main suite never runs them.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.fault.ts'],
    globalSetup: ['test/faults/global-setup.ts'],
    // The default summary, then one plain `tests: N passed, N failed` line for CI's reader.
    reporters: ['default', './test/harness/tally-reporter.ts'],
    pool: 'forks',
    // One file at a time: scenarios stop the shared PostgreSQL and load the machine on purpose.
    fileParallelism: false,
    maxWorkers: 1,
    // Generous: restarts on a loaded 2-core machine take seconds each; nothing here asserts on time.
    testTimeout: 240_000,
    hookTimeout: 180_000,
  },
});
