import type { PersonalDataHook } from '../platform/module.ts';

/** Stands for an account that was deleted, where a record of what it did stays (a judgement of someone else's work). */
export const ERASED_PERSON = '00000000-0000-0000-0000-000000000000';

/**
 * The rows the programmes module holds about a person (docs/personal-data.md): their applications
 * and enrolments (with their motivation), their rounds of work and what they handed in (files
 * included), the judgements they gave as assessor, the cohorts they assess, and the playbook
 * versions they wrote. On deletion their enrolments go with their work (the badges issued stay with
 * the credentials module, recorded for a pseudonym); their judgements of others' work stay for those
 * people without their name, as do the playbook versions they wrote; their name leaves the
 * programmes, decisions and accreditations they made.
 */
export const programmesPersonalData: PersonalDataHook = {
  tables: [
    'programme_enrolments',
    'programme_rounds',
    'programme_submissions',
    'programme_reviews',
    'programme_cohort_assessors',
    'programme_playbook_versions',
  ],

  async export(ctx, { userId }) {
    const db = ctx.db;
    const enrolments = await db.selectFrom('programme_enrolments').selectAll().where('user_id', '=', userId).execute();
    const rounds = enrolments.length
      ? await db
          .selectFrom('programme_rounds')
          .selectAll()
          .where(
            'enrolment_id',
            'in',
            enrolments.map((e) => e.id),
          )
          .execute()
      : [];
    const submissions = rounds.length
      ? await db
          .selectFrom('programme_submissions')
          .selectAll()
          .where(
            'round_id',
            'in',
            rounds.map((r) => r.id),
          )
          .execute()
      : [];
    return {
      programme_enrolments: enrolments,
      programme_rounds: rounds,
      programme_submissions: submissions.map(({ file_data, ...s }) => ({
        ...s,
        file_base64: file_data ? Buffer.from(file_data).toString('base64') : null,
      })),
      programme_reviews: await db.selectFrom('programme_reviews').selectAll().where('assessor_id', '=', userId).execute(),
      programme_cohort_assessors: await db.selectFrom('programme_cohort_assessors').selectAll().where('user_id', '=', userId).execute(),
      programme_playbook_versions: await db.selectFrom('programme_playbook_versions').selectAll().where('edited_by', '=', userId).execute(),
    };
  },

  async erase(ctx, { userId }) {
    await ctx.db.transaction().execute(async (trx) => {
      // Their enrolments, with their rounds, submissions, the judgements of them and the reminders (cascade).
      await trx.deleteFrom('programme_enrolments').where('user_id', '=', userId).execute();
      await trx.deleteFrom('programme_cohort_assessors').where('user_id', '=', userId).execute();
      await trx.updateTable('programme_reviews').set({ assessor_id: ERASED_PERSON }).where('assessor_id', '=', userId).execute();
      await trx.updateTable('programme_playbook_versions').set({ edited_by: null }).where('edited_by', '=', userId).execute();
      await trx.updateTable('programme_playbook_pages').set({ updated_by: null }).where('updated_by', '=', userId).execute();
      await trx.updateTable('programme_enrolments').set({ decided_by: null }).where('decided_by', '=', userId).execute();
      await trx.updateTable('programme_rounds').set({ decided_by: null }).where('decided_by', '=', userId).execute();
      await trx.updateTable('programme_cohort_assessors').set({ added_by: null }).where('added_by', '=', userId).execute();
      await trx.updateTable('programmes').set({ created_by: null }).where('created_by', '=', userId).execute();
      await trx.updateTable('programme_accreditations').set({ created_by: null }).where('created_by', '=', userId).execute();
    });
  },
};
