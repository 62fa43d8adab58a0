import { sql } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import { executeRun, TAG_JOB } from './harvest.ts';
import { queueRun, RUN_JOB } from './runs.ts';
import type { Schedule } from './schema.ts';
import { tagPending } from './tagging.ts';

export { RUN_JOB, TAG_JOB };
export const SCHEDULE_JOB = 'labour-market.schedule';
/** Every quarter of an hour: sources whose schedule says a run is due get one. */
export const SCHEDULE_CRON = '*/15 * * * *';

const INTERVAL: Record<Exclude<Schedule, 'manual'>, string> = { daily: '1 day', weekly: '7 days' };

/** Starts a run of every scheduled source whose last run began longer ago than its interval (and none is active). */
export async function startDueRuns(ctx: AppContext): Promise<number> {
  let started = 0;
  for (const [schedule, interval] of Object.entries(INTERVAL)) {
    const { rows } = await sql<{ id: string }>`
      select s.id from vacancy_sources s
      where s.schedule = ${schedule} and s.kind <> 'api'
        and not exists (select 1 from vacancy_runs r where r.source_id = s.id
          and (r.status in ('queued', 'running') or r.created_at > now() - ${interval}::interval))`.execute(ctx.db);
    for (const { id } of rows) {
      const source = await ctx.db.selectFrom('vacancy_sources').selectAll().where('id', '=', id).executeTakeFirst();
      if (!source) continue;
      try {
        await queueRun(ctx, source, null);
        started++;
      } catch (error) {
        ctx.log.warn({ err: error, source: id }, 'labour-market: a scheduled run could not start');
      }
    }
  }
  return started;
}

/**
 * The module's jobs, each safe to run twice: a run of a source (resumable: a run stopped halfway
 * goes on from its frontier), the tag step (tags what is still untagged), and the schedule.
 */
export async function labourMarketJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.define<{ runId: string }>(RUN_JOB, (data) => executeRun(ctx, data.runId), { resumable: true });
  await ctx.jobs.define<{ organisationId?: string }>(TAG_JOB, async (data) => {
    await tagPending(ctx, { organisationId: data.organisationId });
  });
  await ctx.jobs.define(SCHEDULE_JOB, async () => {
    await startDueRuns(ctx);
  });
  try {
    await ctx.jobs.boss.schedule(SCHEDULE_JOB, SCHEDULE_CRON);
  } catch (error) {
    ctx.log.warn({ err: error }, 'labour-market: the source schedule could not be set');
  }
}
