import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSession, type CurrentUser } from '../../../src/accounts/api.ts';
import { createAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { BULK_ISSUE_JOB, bulkProgress, runBulkIssue, startBulkIssue } from '../../../src/credentials/issuing/bulk.ts';
import type { AppContext } from '../../../src/platform/context.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { organisationWith, person } from './helpers.ts';

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const t0 = performance.now();
    const value = await probe();
    if (process.env.DEBUG_PROBE) console.log(what, Math.round(performance.now() - t0), value);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function issuedCount(ctx: AppContext, bulkIssueId: string): Promise<number> {
  const { n } = await ctx.db
    .selectFrom('issued_credentials')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('bulk_issue_id', '=', bulkIssueId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

describeEachDatabase('bulk issue jobs: served while running, resumed after a crash', (ctx) => {
  let app: FastifyInstance;
  let user: CurrentUser;
  let achievementId: string;
  let cookie: string;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    user = await person(ctx(), 'Jo');
    await organisationWith(ctx(), 'jobs-org', [[user, 'issuer']]);
    achievementId = (
      await createAchievement(ctx(), user, 'jobs-org', { name: 'Attended', description: 'Was there.', criteriaNarrative: 'Came.' })
    ).id;
    cookie = `vaardig_session=${(await createSession(ctx().db, user.id)).token}`;
    // A started server: its routes registered and the pages' code loaded, before any timing.
    await app.ready();
    for (const url of ['/health', '/organisations/jobs-org/credentials']) await app.inject({ url, headers: { cookie } });
  });
  afterAll(async () => app?.close());

  it('resumes a job left active by a process that died within 30 s of the restart, with exact counts', async () => {
    const csv = ['email,name', ...Array.from({ length: 60 }, (_, i) => `crash${i}@example.org,Crash ${i}`)].join('\n');
    const id = await startBulkIssue(ctx(), user, 'jobs-org', achievementId, csv, { notify: true });
    // A worker of the old process took the job: pg-boss shows it active, its heartbeat a minute old.
    const taken = await ctx().database.executeSql(
      `update pgboss.job set state = 'active', started_on = now() - interval '1 minute', heartbeat_on = now() - interval '1 minute'
        where name = $1 and data->>'bulkIssueId' = $2 returning id`,
      [BULK_ISSUE_JOB, id],
    );
    expect(taken.rows).toHaveLength(1);
    // ... and died after its 20th credential was stored, before that one was mailed or its row marked:
    // the run stops dead there (no catch, no cleanup), as a killed process does.
    const send = ctx().mail.send.bind(ctx().mail);
    let mails = 0;
    ctx().mail.send = (mail) => (++mails === 20 ? new Promise<never>(() => undefined) : send(mail));
    void runBulkIssue(ctx(), { bulkIssueId: id, notify: true });
    await waitFor('the old process issues 20', 60_000, async () => ((await issuedCount(ctx(), id)) >= 20 ? true : undefined));
    ctx().mail.send = send;
    const before = await bulkProgress(ctx(), user, 'jobs-org', id);
    expect(before).toMatchObject({ status: 'running', issued: 20, done: 20 });

    // The restart: the new process starts its workers.
    const restarted = performance.now();
    await ctx().jobs.work();
    const done = await waitFor('the job resumes and ends', 60_000, async () => {
      const progress = await bulkProgress(ctx(), user, 'jobs-org', id);
      return progress.status === 'done' ? progress : undefined;
    });
    expect(performance.now() - restarted).toBeLessThan(30_000);
    expect(done).toMatchObject({ status: 'done', total: 60, done: 60, issued: 60, failed: 0 });
    const stored = await ctx()
      .db.selectFrom('issued_credentials')
      .select(['recipient_email', 'status_index'])
      .where('bulk_issue_id', '=', id)
      .execute();
    expect(stored).toHaveLength(60);
    expect(new Set(stored.map((c) => c.recipient_email)).size).toBe(60);
    expect(new Set(stored.map((c) => c.status_index)).size).toBe(60);
    const outbox = await ctx()
      .db.selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('to_address', 'like', 'crash%@example.org')
      .executeTakeFirstOrThrow();
    // One mail per recipient, except the one the dead process was sending.
    expect(Number(outbox.n)).toBe(59);
  }, 180_000);

  it('answers pages within 1 s while a bulk issue of 1,500 rows runs', async () => {
    // 1,500 rows: since bulk issues work in batches on the fast lane (issue 13) 300 rows are done
    // before ten requests could be timed.
    const csv = ['email,name', ...Array.from({ length: 1500 }, (_, i) => `busy${i}@example.org,Busy ${i}`)].join('\n');
    const id = await startBulkIssue(ctx(), user, 'jobs-org', achievementId, csv, { notify: true });
    await ctx().jobs.work();
    await waitFor('the job starts', 30_000, async () => ((await issuedCount(ctx(), id)) > 0 ? true : undefined));
    const slowest = { health: 0, page: 0 };
    let requests = 0;
    for (;;) {
      const progress = await bulkProgress(ctx(), user, 'jobs-org', id);
      if (progress.status === 'done' || progress.status === 'failed') break;
      for (const [kind, url] of [
        ['health', '/health'],
        ['page', '/organisations/jobs-org/credentials'],
      ] as const) {
        const started = performance.now();
        const response = await app.inject({ url, headers: { cookie } });
        expect(response.statusCode).toBe(200);
        slowest[kind] = Math.max(slowest[kind], performance.now() - started);
        if (process.env.DEBUG_PROBE && performance.now() - started > 300)
          console.log('slow', kind, Math.round(performance.now() - started), await issuedCount(ctx(), id));
        requests++;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log('slowest during bulk', slowest, requests);
    expect(requests).toBeGreaterThan(10);
    // The issue asks for answers within 1 s during long work (they took 6.6 s during a 500-row job).
    expect(slowest.health).toBeLessThan(1000);
    expect(slowest.page).toBeLessThan(1000);
    expect(await issuedCount(ctx(), id)).toBe(1500);
  }, 240_000);
});

void BULK_ISSUE_JOB;
