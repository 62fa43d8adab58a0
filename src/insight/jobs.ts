import type { AppContext } from '../platform/context.ts';
import { refreshDemand, refreshSupply } from './rollups.ts';

export const REFRESH_JOB = 'insight.refresh';
/** Every hour: demand partitions whose vacancies changed, and supply (badges expire with time). */
export const REFRESH_CRON = '7 * * * *';

/**
 * One refresh of every rollup. Safe to run twice (unchanged partitions are skipped; supply is
 * rebuilt whole) and to kill halfway (each partition commits in one transaction of its own).
 */
export async function runRefresh(ctx: AppContext, data: { organisationId?: string; force?: boolean } = {}) {
  const demand = await refreshDemand(ctx, data);
  const supply = await refreshSupply(ctx);
  return { ...demand, supply };
}

/** The rollup jobs (docs/decisions/017-insight-rollups.md): on a schedule, and on request (one at a time). */
export async function insightJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.define<{ organisationId?: string; force?: boolean }>(REFRESH_JOB, async (data) => {
    const report = await runRefresh(ctx, data ?? {});
    ctx.log.info({ report }, 'insight: rollups refreshed');
  });
  try {
    await ctx.jobs.boss.schedule(REFRESH_JOB, REFRESH_CRON);
  } catch (error) {
    ctx.log.warn({ err: error }, 'insight: the refresh schedule could not be set');
  }
}

/** Asks for a refresh now (one waiting at a time). */
export async function requestRefresh(ctx: AppContext): Promise<void> {
  await ctx.jobs.send(REFRESH_JOB, {}, { singletonKey: 'insight-refresh' });
}
