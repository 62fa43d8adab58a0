import type { PersonalDataHook } from '../../platform/module.ts';

/**
 * The matching part's rows about a person (docs/personal-data.md): their shares of verified skills
 * with organisations. The opt-in itself is the backpack's "findable" switch, exported and erased there.
 */
export const matchingPersonalData: PersonalDataHook = {
  tables: ['insight_matching_shares'],
  async export(ctx, subject) {
    const rows = await ctx.db
      .selectFrom('insight_matching_shares')
      .select(['organisation_id', 'created_at'])
      .where('user_id', '=', subject.userId)
      .orderBy('created_at')
      .execute();
    return { insight_matching_shares: rows };
  },
  async erase(ctx, subject) {
    await ctx.db.deleteFrom('insight_matching_shares').where('user_id', '=', subject.userId).execute();
  },
};
