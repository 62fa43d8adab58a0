import type { AppContext } from '../platform/context.ts';
import { issuePending } from './assessment.ts';
import { sendReminders } from './reminders.ts';

/** Expiry reminders, every hour (each credential and period mailed once, however often it runs). */
export const REMINDER_JOB = 'programmes.reminders';
export const REMINDER_CRON = '23 * * * *';
/** Module badges decided but not issued (a stop in between, a failure): issued by this sweep. */
export const ISSUE_JOB = 'programmes.issue';
export const ISSUE_CRON = '*/10 * * * *';

export async function programmeJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.define(REMINDER_JOB, async () => {
    const result = await sendReminders(ctx);
    if (result.sent) ctx.log.info(result, 'programmes: expiry reminders sent');
  });
  await ctx.jobs.define(ISSUE_JOB, async () => {
    const result = await issuePending(ctx);
    if (result.issued || result.failed) ctx.log.info(result, 'programmes: pending module badges issued');
  });
  for (const [queue, cron] of [
    [REMINDER_JOB, REMINDER_CRON],
    [ISSUE_JOB, ISSUE_CRON],
  ] as const) {
    try {
      await ctx.jobs.boss.schedule(queue, cron);
    } catch (error) {
      ctx.log.warn({ err: error, queue }, 'programmes: a schedule could not be set');
    }
  }
}
