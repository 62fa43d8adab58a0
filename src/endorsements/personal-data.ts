import type { PersonalDataHook } from '../platform/module.ts';

/**
 * The rows the endorsements module holds about a person (docs/personal-data.md): the endorsements
 * they gave in an organisation's name (`created_by`). The endorsement is the organisation's — signed
 * with its key, its issuer the organisation, the person not named in it — so on deletion it stays,
 * in force or revoked as it was, and only their name leaves it.
 */
export const endorsementsPersonalData: PersonalDataHook = {
  tables: ['endorsements'],

  async export(ctx, { userId }) {
    return {
      endorsements: await ctx.db.selectFrom('endorsements').selectAll().where('created_by', '=', userId).orderBy('created_at').execute(),
    };
  },

  async erase(ctx, { userId }) {
    await ctx.db.updateTable('endorsements').set({ created_by: null }).where('created_by', '=', userId).execute();
  },
};
