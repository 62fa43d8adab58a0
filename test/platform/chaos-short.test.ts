// The chaos run in its short form (issue 14): `npm run chaos` with few rows and two kills, in the
// test suite. A real server (bin/vaardig.js serve, embedded database) runs a bulk issue through the
// API, is killed with SIGKILL twice while the job runs and started again each time; at the end every
// row has exactly one credential, none is doubled, every one verifies and the job's report matches
// what is stored. The timings the acceptance run checks (every resume within 30 s, /health's p99)
// are recorded by the long run in docs/benchmarks.md, not asserted here: tests assert no timings.
import { tmpdir } from 'node:os';
import { expect, test } from 'vitest';
import { runChaos } from '../../bench/chaos/chaos.ts';

/** Several chunks of a bulk issue (250 rows are committed together), so a kill can land between them. */
const ROWS = 1200;
const KILLS = 2;

test(`chaos, short: ${ROWS} rows, ${KILLS} kills of the server during a bulk issue, one credential per row that verifies`, {
  timeout: 300_000,
}, async () => {
  const log: string[] = [];
  const result = await runChaos({
    rows: ROWS,
    kills: KILLS,
    seed: 14,
    // Timings are not this test's to judge (see above).
    maxResumeSeconds: 3600,
    maxP99Ms: 60_000,
    // tsx's cache of compiled sources outlives the run (the test run's own temp folder must end empty).
    serverEnv: { TMPDIR: process.env.VAARDIG_BENCH_CACHE_DIR ?? tmpdir() },
    log: (line) => log.push(line),
  });
  const failed = result.checks.filter((c) => !c.ok);
  expect(failed, log.join('\n')).toEqual([]);
  expect(result).toMatchObject({ rows: ROWS, credentials: ROWS, duplicates: 0, unverified: 0, killsLanded: KILLS });
  expect(result.line).toMatch(new RegExp(`^rows ${ROWS} credentials ${ROWS} duplicates 0 unverified 0 max-resume \\d+(\\.\\d)?$`));
});
