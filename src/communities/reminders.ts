import type { AppContext } from '../platform/context.ts';
import { mailLang } from './members.ts';
import { mailPerson } from './sessions.ts';

/** How long before a session its reminder goes. */
export const REMINDER_HOURS = 24;

/**
 * Mails a reminder to everyone registered for a session that starts within the next day. Each
 * registration is claimed (reminded_at set) before its mail goes, in one statement, so running this
 * twice, or on two nodes at once, sends each reminder once.
 */
export async function sendSessionReminders(ctx: AppContext, now = new Date()): Promise<number> {
  const until = new Date(now.getTime() + REMINDER_HOURS * 3600_000);
  const due = await ctx.db
    .selectFrom('community_registrations as r')
    .innerJoin('community_sessions as s', 's.id', 'r.session_id')
    .select(['r.session_id', 'r.user_id'])
    .where('r.status', '=', 'registered')
    .where('r.reminded_at', 'is', null)
    .where('s.cancelled_at', 'is', null)
    .where('s.starts_at', '>', now)
    .where('s.starts_at', '<=', until)
    .execute();
  let sent = 0;
  for (const { session_id, user_id } of due) {
    const claimed = await ctx.db
      .updateTable('community_registrations')
      .set({ reminded_at: now })
      .where('session_id', '=', session_id)
      .where('user_id', '=', user_id)
      .where('reminded_at', 'is', null)
      .returning('user_id')
      .executeTakeFirst();
    if (!claimed) continue;
    const session = await ctx.db.selectFrom('community_sessions').selectAll().where('id', '=', session_id).executeTakeFirstOrThrow();
    const community = (
      await ctx.db.selectFrom('communities').select('name').where('id', '=', session.community_id).executeTakeFirstOrThrow()
    ).name;
    const lang = await mailLang(ctx, user_id);
    const when = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: session.time_zone,
    }).format(new Date(session.starts_at));
    await mailPerson(ctx, user_id, 'reminder', {
      session: session.title,
      community,
      when: `${when} (${session.time_zone})`,
      where: [session.place, session.online_url].filter(Boolean).join(' · ') || '—',
      link: `${ctx.config.baseUrl}/communities/sessions/${session.id}`,
    });
    sent++;
  }
  return sent;
}
