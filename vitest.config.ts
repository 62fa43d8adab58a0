import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/helpers/sequencer.ts';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: '@kitajs/html' } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default in a run is one worker less than the cores: one worker on CI's two cores, so the
    // suite ran file after file. Much of a database test's time is spent waiting (PostgreSQL's own
    // processes, timers, sockets), so two workers use the two cores (decision 015).
    maxWorkers: 2,
    // Longest files first, also on a fresh clone without vitest's cache of durations (test/helpers/durations.json).
    sequence: { sequencer: LongestFirstSequencer },
    globalSetup: ['test/helpers/global-setup.ts'],
    // Cheap password hashes in tests (src/accounts/passwords.ts; test/accounts/passwords.test.ts holds the production cost).
    env: { VAARDIG_TEST_PASSWORD_COST: '1024' },
  },
});
