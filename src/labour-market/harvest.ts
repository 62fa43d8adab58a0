import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { crawlSite } from './crawler/crawl.ts';
import { pullFeed } from './feeds.ts';
import { RunRecorder } from './runs.ts';
import type { FeedSettings, SiteSettings } from './schema.ts';

export const TAG_JOB = 'labour-market.tag';

/**
 * Carries out one run (the `labour-market.run` job). Safe to run twice and to be stopped halfway: a
 * finished run is left alone; a run found `running` was stopped and goes on where it was (a crawl
 * from its frontier, a feed after the records it had taken in), and taking a posting in twice only
 * sees it again. A coded failure (a feed that cannot be read) ends the run as failed, with its code.
 */
export async function executeRun(ctx: AppContext, runId: string): Promise<void> {
  const run = await ctx.db.selectFrom('vacancy_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run || run.status === 'done' || run.status === 'failed') return;
  const source = await ctx.db.selectFrom('vacancy_sources').selectAll().where('id', '=', run.source_id).executeTakeFirst();
  if (!source) return;
  const resumed = run.status === 'running';
  const started = await ctx.db
    .updateTable('vacancy_runs')
    .set({ status: 'running', started_at: run.started_at ?? new Date() })
    .where('id', '=', runId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const rec = new RunRecorder(ctx, started, source);
  await rec.log('info', resumed ? 'runResumed' : 'runStarted');
  try {
    if (source.kind === 'site') await crawlSite(ctx, source.settings as SiteSettings, rec);
    else if (source.kind === 'feed') await pullFeed(ctx, source.settings as FeedSettings, rec);
    await rec.log('info', 'runDone', null, {
      pages: rec.counts.pages ?? 0,
      records: rec.counts.records ?? 0,
      postings: rec.counts.postings ?? 0,
      new: rec.counts.new ?? 0,
      duplicates: (rec.counts.exact ?? 0) + (rec.counts.near ?? 0),
    });
    await ctx.db
      .updateTable('vacancy_runs')
      .set({ status: 'done', phase: 'done', counts: JSON.stringify(rec.counts), finished_at: new Date() })
      .where('id', '=', runId)
      .execute();
  } catch (error) {
    const coded = error instanceof AppError && error.status < 500;
    if (!coded) ctx.log.error({ err: error, run: runId }, 'labour-market: run failed');
    await rec.log('error', 'runFailed', null, coded ? {} : { detail: (error as Error).message?.slice(0, 200) ?? '' });
    await ctx.db
      .updateTable('vacancy_runs')
      .set({
        status: 'failed',
        counts: JSON.stringify(rec.counts),
        error_code: coded ? error.code : 'labour-market:errors.runCrashed',
        error_params: coded ? JSON.stringify(error.params) : null,
        finished_at: new Date(),
      })
      .where('id', '=', runId)
      .execute();
  }
  // New and changed vacancies wait for the tag step, a job of its own (safe to run twice).
  try {
    await ctx.jobs.send(TAG_JOB, { organisationId: source.organisation_id });
  } catch (error) {
    ctx.log.warn({ err: error }, 'labour-market: the tag step could not be queued');
  }
}
