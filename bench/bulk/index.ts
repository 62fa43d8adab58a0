// Bulk issuing from CSV, end to end (issue 13 target: 10,000 rows in ≤ 20 s): from handing the CSV
// to the service the upload routes call (startBulkIssue: parse, check, store, queue) to the last
// credential stored and the job marked done, through the real pg-boss queue on embedded PGlite.
//   npm run bench -- bulk                   10,000 rows (BENCH_BULK_ROWS=n to change)
//   BENCH_BULK_NOTIFY=1                     also mail every recipient (to the outbox; no SMTP)
// The reference in the same run: the same job on the full path (the fast lane off, rows one by one
// as before issue 13), on BENCH_BULK_REFERENCE_ROWS rows (default 300), as rows per second.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { createOrganisation, type CurrentUser } from '../../src/accounts/api.ts';
import { createAchievement } from '../../src/credentials/issuing/achievements.ts';
import { bulkProgress, startBulkIssue, useBulkBatches } from '../../src/credentials/issuing/bulk.ts';
import { useFastLane } from '../../src/credentials/issuing/engine.ts';
import { modules } from '../../src/modules.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { type AppContext, createContext } from '../../src/platform/context.ts';

const operator: CurrentUser = {
  id: '00000000-0000-0000-0000-000000000000',
  email: 'bench@localhost',
  name: 'bench',
  isOperator: true,
  emailConfirmed: true,
  locale: null,
} as CurrentUser;

function csvOf(rows: number, offset = 0): string {
  const lines = ['email,name,issue date,evidence,score'];
  for (let i = 0; i < rows; i++) {
    const n = offset + i;
    lines.push(
      i === Math.floor(rows / 2)
        ? 'broken@,Broken,,,'
        : `r${n}@example.org,Recipient ${n},2026-0${(n % 9) + 1}-1${n % 10},${n % 3 === 0 ? `https://example.org/work/${n}` : ''},${n % 10}`,
    );
  }
  return lines.join('\n');
}

async function runJob(ctx: AppContext, achievementId: string, rows: number, offset: number, notify: boolean) {
  const started = Date.now();
  const id = await startBulkIssue(ctx, operator, 'bench-bulk', achievementId, csvOf(rows, offset), { notify });
  for (;;) {
    // As the progress page does (it asks every 2 s).
    const progress = await bulkProgress(ctx, operator, 'bench-bulk', id);
    if (progress.status === 'done' || progress.status === 'failed') {
      if (progress.status !== 'done' || progress.issued !== rows - 1 || progress.failed !== 1)
        throw new Error(`bulk issue ended ${progress.status}: ${progress.issued} issued, ${progress.failed} failed of ${rows}`);
      // Until the job marked itself done, after its last credential was stored.
      return (progress.finishedAt as Date).getTime() - started;
    }
    if (process.env.BENCH_DEBUG) console.log(progress.status, progress.done, progress.error);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function run(): Promise<void> {
  const rows = Number(process.env.BENCH_BULK_ROWS ?? 10_000);
  const referenceRows = Number(process.env.BENCH_BULK_REFERENCE_ROWS ?? 300);
  const notify = process.env.BENCH_BULK_NOTIFY === '1';
  const home = mkdtempSync(join(tmpdir(), 'vaardig-bench-bulk-'));
  const config = loadConfig(
    {
      VAARDIG_HOME: home,
      VAARDIG_SECRET: 'bench-secret-0123456789abcdefghijklmnop',
      BASE_URL: 'https://bench.vaardig.test',
      LOG_LEVEL: 'silent',
    },
    { demo: false },
  );
  const ctx = await createContext(config, modules, { log: pino({ level: 'silent' }) });
  try {
    await createOrganisation(ctx.db, { slug: 'bench-bulk', name: 'Bench Bulk', kind: 'school', description: 'Bulk issuer' });
    const achievement = await createAchievement(ctx, operator, 'bench-bulk', {
      name: 'Bench bulk badge',
      description: 'Given to many at once.',
      criteriaNarrative: 'Took part.',
      resultDescriptions: [{ name: 'score' }],
      tags: ['bench'],
    });
    await ctx.jobs.work();

    useFastLane(false);
    useBulkBatches(false);
    const referenceMs = referenceRows > 0 ? await runJob(ctx, achievement.id, referenceRows, 1_000_000, notify) : 0;
    useFastLane(true);
    useBulkBatches(true);
    const ms = await runJob(ctx, achievement.id, rows, 0, notify);

    const rate = (n: number, t: number) => (n / t) * 1000;
    console.log(
      `bulk: CSV rows → credentials stored, one process, embedded PGlite, pg-boss queue${notify ? ', every recipient mailed (outbox)' : ''}`,
    );
    if (referenceRows > 0)
      console.log(
        `  reference  full path, row by row (before issue 13): ${referenceRows} rows in ${(referenceMs / 1000).toFixed(1)} s = ${rate(referenceRows, referenceMs).toFixed(1)} rows/s`,
      );
    console.log(
      `  fast lane  batched, signed on the fast lane:          ${rows} rows in ${(ms / 1000).toFixed(1)} s = ${rate(rows, ms).toFixed(1)} rows/s` +
        (referenceRows > 0 ? `   ×${(rate(rows, ms) / rate(referenceRows, referenceMs)).toFixed(1)}` : '') +
        `   (target: 10,000 rows ≤ 20 s)`,
    );
  } finally {
    useFastLane(true);
    useBulkBatches(true);
    await ctx.close();
    rmSync(home, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
