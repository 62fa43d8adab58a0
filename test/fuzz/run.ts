/**
 * `npm run fuzz -- --cases N [--seed S] [--only NAME] [--out FILE]`: the fuzz targets (targets.ts)
 * on one seed, the cases shared among them, on a server with an in-memory database. Prints a line
 * per target, writes every failing input (shrunk) to FILE (default: vaardig-fuzz-<seed>.txt in the
 * temp directory) and ends with `cases N crashes C hangs H`; exits 1 when C or H is above 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { modules } from '../../src/modules.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createContext } from '../../src/platform/context.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { runFuzz, writeFailures } from './harness.ts';
import { parserTargets, worldTargets } from './targets.ts';
import { buildWorld } from './world.ts';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const cases = Number(option('cases') ?? 1000);
const seed = Number(option('seed') ?? Date.now() % 2 ** 31);
const only = option('only');
const out = option('out') ?? join(tmpdir(), `vaardig-fuzz-${seed}.txt`);
if (!Number.isInteger(cases) || cases < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- --cases N [--seed S] [--only NAME] [--out FILE]');
  process.exit(2);
}

const home = mkdtempSync(join(tmpdir(), 'vaardig-fuzz-'));
const config = loadConfig({
  VAARDIG_HOME: home,
  VAARDIG_SECRET: 'fuzz-secret-0123456789abcdefghijklmnopqrstuvwxyz',
  BASE_URL: 'http://vaardig.test',
  LOG_LEVEL: 'silent',
});
const ctx = await createContext(config, modules, { database: await openDatabase({}), log: pino({ level: 'silent' }) });
let failed = false;
try {
  const world = await buildWorld(ctx);
  const targets = [...parserTargets, ...worldTargets(world)].filter((t) => !only || t.name.includes(only));
  console.log(`fuzz: ${targets.length} targets, ${cases} cases, seed ${seed}`);
  const report = await runFuzz(targets, {
    cases,
    seed,
    timeLimitMs: 2000,
    watchdogMs: 30_000,
    progress: (line) => console.log(`  ${line}`),
  });
  if (report.failures.length) {
    writeFailures(out, report);
    for (const f of report.failures) console.log(`${f.kind} in "${f.target}": ${f.error.split('\n')[0]}`);
    console.log(`failing inputs (shrunk): ${out}`);
  }
  await world.app.close();
  console.log(`cases ${report.cases} crashes ${report.crashes} hangs ${report.hangs}`);
  failed = report.crashes > 0 || report.hangs > 0;
} finally {
  await ctx.close();
  rmSync(home, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
