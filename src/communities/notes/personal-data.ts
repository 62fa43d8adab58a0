import type { PersonalDataHook } from '../../platform/module.ts';

/**
 * The rows part B holds about a person (docs/personal-data.md): what they wrote or chose in
 * sessions. On deletion their own answers, choices, group places, clinic challenges, solutions,
 * votes, proposed topics (with their notes) and co-hosting are removed; shared notes they wrote and
 * knowledge-base entries they added stay for the community without their name, and so do the
 * decisions, records, reports and outputs they kept as a facilitator.
 */
export const partBPersonalData: PersonalDataHook = {
  tables: [
    'community_note_blocks',
    'community_question_answers',
    'community_question_interests',
    'community_breakout_members',
    'community_challenges',
    'community_solutions',
    'community_solution_votes',
    'community_topics',
    'community_topic_hosts',
    'community_topic_votes',
    'community_knowledge',
  ],

  async export(ctx, { userId }) {
    const db = ctx.db;
    return {
      community_note_blocks: await db
        .selectFrom('community_note_blocks')
        .selectAll()
        .where((eb) => eb.or([eb('created_by', '=', userId), eb('updated_by', '=', userId)]))
        .orderBy('created_at')
        .execute(),
      community_question_answers: await db.selectFrom('community_question_answers').selectAll().where('user_id', '=', userId).execute(),
      community_question_interests: await db.selectFrom('community_question_interests').selectAll().where('user_id', '=', userId).execute(),
      community_breakout_members: await db.selectFrom('community_breakout_members').selectAll().where('user_id', '=', userId).execute(),
      community_challenges: await db.selectFrom('community_challenges').selectAll().where('presenter_id', '=', userId).execute(),
      community_solutions: await db.selectFrom('community_solutions').selectAll().where('user_id', '=', userId).execute(),
      community_solution_votes: await db.selectFrom('community_solution_votes').selectAll().where('user_id', '=', userId).execute(),
      community_topics: await db.selectFrom('community_topics').selectAll().where('proposed_by', '=', userId).execute(),
      community_topic_hosts: await db.selectFrom('community_topic_hosts').selectAll().where('user_id', '=', userId).execute(),
      community_topic_votes: await db.selectFrom('community_topic_votes').selectAll().where('user_id', '=', userId).execute(),
      community_knowledge: await db.selectFrom('community_knowledge').selectAll().where('created_by', '=', userId).execute(),
    };
  },

  async erase(ctx, { userId }) {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('community_note_blocks').set({ created_by: null }).where('created_by', '=', userId).execute();
      await trx.updateTable('community_note_blocks').set({ updated_by: null }).where('updated_by', '=', userId).execute();
      await trx.deleteFrom('community_question_answers').where('user_id', '=', userId).execute();
      await trx.deleteFrom('community_question_interests').where('user_id', '=', userId).execute();
      await trx.deleteFrom('community_breakout_members').where('user_id', '=', userId).execute();
      await trx.updateTable('community_breakouts').set({ note_taker_id: null }).where('note_taker_id', '=', userId).execute();
      await trx.deleteFrom('community_solution_votes').where('user_id', '=', userId).execute();
      await trx.deleteFrom('community_solutions').where('user_id', '=', userId).execute();
      await trx.deleteFrom('community_challenges').where('presenter_id', '=', userId).execute();
      await trx.deleteFrom('community_topic_votes').where('user_id', '=', userId).execute();
      await trx.deleteFrom('community_topic_hosts').where('user_id', '=', userId).execute();
      const topics = await trx.selectFrom('community_topics').select('note_set_id').where('proposed_by', '=', userId).execute();
      await trx.deleteFrom('community_topics').where('proposed_by', '=', userId).execute();
      if (topics.length)
        await trx
          .deleteFrom('community_note_sets')
          .where(
            'id',
            'in',
            topics.map((t) => t.note_set_id),
          )
          .execute();
      await trx.updateTable('community_knowledge').set({ created_by: null }).where('created_by', '=', userId).execute();
      await trx.updateTable('community_decisions').set({ created_by: null }).where('created_by', '=', userId).execute();
      await trx.updateTable('community_session_records').set({ updated_by: null }).where('updated_by', '=', userId).execute();
      await trx.updateTable('community_reports').set({ updated_by: null }).where('updated_by', '=', userId).execute();
      await trx.updateTable('community_reports').set({ published_by: null }).where('published_by', '=', userId).execute();
      await trx.updateTable('community_outputs').set({ created_by: null }).where('created_by', '=', userId).execute();
      await trx.updateTable('community_questions').set({ created_by: null }).where('created_by', '=', userId).execute();
    });
  },
};
