import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/helpers/sequencer.ts';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: '@kitajs/html' } },
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time on CI's two cores: each starts its own server (own port, VAARDIG_HOME and
    // database) and its own Chromium, and much of a browser test is waiting on the other process
    // (decision 015). Longest files first, so the two finish together.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirstSequencer },
    globalSetup: ['test/helpers/global-setup.ts'],
    // Cheap password hashes in tests (src/accounts/passwords.ts; test/accounts/passwords.test.ts holds the production cost).
    env: { VAARDIG_TEST_PASSWORD_COST: '1024' },
  },
});
