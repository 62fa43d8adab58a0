import { revokePersonCredential } from '../credentials/api.ts';
import type { PersonalDataHook } from '../platform/module.ts';

/**
 * The rows the endorsements module holds about a person (docs/personal-data.md): the endorsements
 * they gave in an organisation's name (`created_by`) and those they gave as themselves (`person_id`).
 *
 * - An organisation's endorsement is the organisation's — signed with its key, its issuer the
 *   organisation, the person not named in it — so on deletion it stays, in force or revoked as it
 *   was, and only their name leaves it.
 * - A person's own endorsements carry their name and are signed with their key: on deletion each one
 *   in force is revoked first (its bit set in their list, signed with their key while it still
 *   exists), so copies kept elsewhere read as revoked, then the rows go. The credentials module then
 *   destroys the key (its erase runs after this one); the list stays served as last signed.
 */
export const endorsementsPersonalData: PersonalDataHook = {
  tables: ['endorsements'],

  async export(ctx, { userId }) {
    return {
      endorsements: await ctx.db
        .selectFrom('endorsements')
        .selectAll()
        .where((eb) => eb.or([eb('created_by', '=', userId), eb('person_id', '=', userId)]))
        .orderBy('created_at')
        .execute(),
    };
  },

  async erase(ctx, { userId }) {
    const own = await ctx.db
      .selectFrom('endorsements')
      .select(['id', 'status_index'])
      .where('person_id', '=', userId)
      .where('state', '=', 'active')
      .execute();
    // Safe to run twice: a bit set already changes nothing, and the rows go only after every revocation.
    for (const row of own) await revokePersonCredential(ctx, userId, row.status_index);
    await ctx.db.deleteFrom('endorsements').where('person_id', '=', userId).execute();
    await ctx.db.updateTable('endorsements').set({ created_by: null }).where('created_by', '=', userId).execute();
  },
};
