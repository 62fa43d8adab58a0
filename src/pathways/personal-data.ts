import type { PersonalDataHook } from '../platform/module.ts';

/**
 * The rows the pathways module holds about a person (docs/personal-data.md): the pathway badges
 * awarded to them. On deletion the award rows go (the credential itself stays with its issuer, as
 * the credentials module records it for a pseudonym), and their name leaves the pathways they made.
 */
export const pathwaysPersonalData: PersonalDataHook = {
  tables: ['pathway_awards'],

  async export(ctx, { userId }) {
    return {
      pathway_awards: await ctx.db.selectFrom('pathway_awards').selectAll().where('user_id', '=', userId).execute(),
    };
  },

  async erase(ctx, { userId }) {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('pathway_awards').where('user_id', '=', userId).execute();
      await trx.updateTable('pathways').set({ created_by: null }).where('created_by', '=', userId).execute();
    });
  },
};
