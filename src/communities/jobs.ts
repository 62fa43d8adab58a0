import type { AppContext } from '../platform/context.ts';
import { sendOverdueReminders } from './actions.ts';
import { evaluateRules } from './badges.ts';
import { sendSessionReminders } from './reminders.ts';

export const REMINDER_JOB = 'communities.reminders';
/** Every quarter of an hour: reminders of sessions starting within a day, overdue action items, badge rules. */
export const REMINDER_CRON = '*/15 * * * *';

/** Everything the quarter-hourly job does; each step is safe to run twice. Answers what each step did. */
export async function runCommunityJobs(
  ctx: AppContext,
  now = new Date(),
): Promise<{ reminders: number; overdue: number; badges: number; failed: number }> {
  const reminders = await sendSessionReminders(ctx, now);
  const overdue = await sendOverdueReminders(ctx, now);
  const badges = await evaluateRules(ctx, { now });
  return { reminders, overdue, badges: badges.issued, failed: badges.failed };
}

export async function communityJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.define(REMINDER_JOB, async () => {
    await runCommunityJobs(ctx);
  });
  try {
    await ctx.jobs.boss.schedule(REMINDER_JOB, REMINDER_CRON);
  } catch (error) {
    ctx.log.warn({ err: error }, 'communities: the reminder schedule could not be set');
  }
}
