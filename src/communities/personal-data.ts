import type { PersonalDataHook } from '../platform/module.ts';

/**
 * The rows the core of the communities module holds about a person (docs/personal-data.md): their
 * memberships, registrations, attendance, contributions, applications, invitations sent to their
 * addresses, calendar feed token, participation badges awarded, and the action items they own or
 * made. On deletion their own rows are removed; action items stay for the community without their
 * name, and their name leaves what they made as a facilitator (communities, sessions, templates,
 * calls, agenda items they led); badge rules issued in their name are paused.
 */
export const corePersonalData: PersonalDataHook = {
  tables: [
    'community_members',
    'community_registrations',
    'community_attendance',
    'community_contributions',
    'community_applications',
    'community_invitations',
    'community_feed_tokens',
    'community_badge_awards',
    'community_actions',
  ],

  async export(ctx, { userId, emails }) {
    const db = ctx.db;
    return {
      community_members: await db.selectFrom('community_members').selectAll().where('user_id', '=', userId).execute(),
      community_registrations: await db.selectFrom('community_registrations').selectAll().where('user_id', '=', userId).execute(),
      community_attendance: await db.selectFrom('community_attendance').selectAll().where('user_id', '=', userId).execute(),
      community_contributions: await db.selectFrom('community_contributions').selectAll().where('user_id', '=', userId).execute(),
      community_applications: await db.selectFrom('community_applications').selectAll().where('user_id', '=', userId).execute(),
      community_invitations: emails.length
        ? await db
            .selectFrom('community_invitations')
            .select(['id', 'community_id', 'email', 'role', 'angle', 'created_at', 'accepted_at'])
            .where('email', 'in', [...emails])
            .execute()
        : [],
      community_feed_tokens: await db
        .selectFrom('community_feed_tokens')
        .select(['user_id', 'created_at'])
        .where('user_id', '=', userId)
        .execute(),
      community_badge_awards: await db.selectFrom('community_badge_awards').selectAll().where('user_id', '=', userId).execute(),
      community_actions: await db
        .selectFrom('community_actions')
        .selectAll()
        .where((eb) => eb.or([eb('owner_user_id', '=', userId), eb('created_by', '=', userId)]))
        .execute(),
    };
  },

  async erase(ctx, { userId, emails }) {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('community_members').where('user_id', '=', userId).execute();
      await trx.deleteFrom('community_registrations').where('user_id', '=', userId).execute();
      await trx.deleteFrom('community_attendance').where('user_id', '=', userId).execute();
      await trx.updateTable('community_attendance').set({ recorded_by: null }).where('recorded_by', '=', userId).execute();
      await trx.deleteFrom('community_contributions').where('user_id', '=', userId).execute();
      await trx.deleteFrom('community_applications').where('user_id', '=', userId).execute();
      await trx.updateTable('community_applications').set({ reviewed_by: null }).where('reviewed_by', '=', userId).execute();
      if (emails.length)
        await trx
          .deleteFrom('community_invitations')
          .where('email', 'in', [...emails])
          .execute();
      await trx.updateTable('community_invitations').set({ invited_by: null }).where('invited_by', '=', userId).execute();
      await trx.deleteFrom('community_feed_tokens').where('user_id', '=', userId).execute();
      // The credentials stay valid (the credentials module keeps them under a pseudonym); the award row goes.
      await trx.deleteFrom('community_badge_awards').where('user_id', '=', userId).execute();
      await trx.updateTable('community_badge_rules').set({ active: false }).where('issuer_user_id', '=', userId).execute();
      await trx.updateTable('community_actions').set({ owner_user_id: null }).where('owner_user_id', '=', userId).execute();
      await trx.updateTable('community_actions').set({ created_by: null }).where('created_by', '=', userId).execute();
      await trx.updateTable('community_agenda_items').set({ lead_user_id: null }).where('lead_user_id', '=', userId).execute();
      await trx.updateTable('communities').set({ created_by: null }).where('created_by', '=', userId).execute();
      await trx.updateTable('community_sessions').set({ created_by: null }).where('created_by', '=', userId).execute();
      await trx.updateTable('community_templates').set({ created_by: null }).where('created_by', '=', userId).execute();
      await trx.updateTable('community_calls').set({ created_by: null }).where('created_by', '=', userId).execute();
    });
  },
};
