// npm run chaos -- [--rows N] [--kills K] [--database-url URL] [--seed S] [--notify] [--keep]
// Starts the real server (bin/vaardig.js serve) in a temporary VAARDIG_HOME, issues N rows (default
// 10,000) in bulk through the API, kills the server with SIGKILL at K random moments (default 20)
// while the job runs, starts it again each time, and checks what is left (see chaos.ts). The last
// line is `rows N credentials C duplicates D unverified U max-resume S`; the exit code is 1 when a
// check failed. --database-url runs on that PostgreSQL database (an empty one) instead of the
// embedded PGlite.
import { parseArgs } from 'node:util';
import { runChaos } from './chaos.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    kills: { type: 'string', default: '20' },
    'database-url': { type: 'string' },
    seed: { type: 'string' },
    notify: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'max-p99': { type: 'string', default: '200' },
  },
});
const whole = (name: string, raw: string, min: number, max: number) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`chaos: --${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    process.exit(2);
  }
  return n;
};

try {
  const result = await runChaos({
    rows: whole('rows', values.rows, 1, 20_000),
    kills: whole('kills', values.kills, 0, 1000),
    databaseUrl: values['database-url'],
    seed: values.seed === undefined ? undefined : whole('seed', values.seed, 0, 2 ** 31),
    notify: values.notify,
    keep: values.keep,
    maxP99Ms: whole('max-p99', values['max-p99'], 1, 60_000),
    log: (line) => console.log(line),
  });
  console.log(result.line);
  process.exit(result.ok ? 0 : 1);
} catch (error) {
  console.error(`chaos: ${(error as Error).stack ?? error}`);
  process.exit(1);
}
