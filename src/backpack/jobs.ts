import type { AppContext } from '../platform/context.ts';
import { reverifyImported } from './imports.ts';
import { EXPORT_JOB, removeExpiredExports, runExport } from './personal-data.ts';

export const REVERIFY_JOB = 'backpack-reverify';
/** Every night: imported badges verified more than 20 hours ago are verified again. */
export const REVERIFY_CRON = '17 3 * * *';

/**
 * The backpack's jobs, each safe to run twice: the nightly re-verification of imported badges
 * (each run overwrites the last verdict; expired downloads are removed too) and building a
 * personal-data download (it starts over and overwrites).
 */
export async function backpackJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.define(REVERIFY_JOB, async () => {
    const count = await reverifyImported(ctx, { olderThan: new Date(Date.now() - 20 * 3_600_000) });
    if (count) ctx.log.info({ count }, 'backpack: imported badges verified again');
    await removeExpiredExports(ctx);
  });
  await ctx.jobs.define<{ exportId: string }>(EXPORT_JOB, (data) => runExport(ctx, data.exportId));
  try {
    await ctx.jobs.boss.schedule(REVERIFY_JOB, REVERIFY_CRON);
  } catch (error) {
    ctx.log.warn({ err: error }, 'backpack: the nightly re-verification could not be scheduled');
  }
}
