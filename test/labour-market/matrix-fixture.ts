/**
 * The labour market's part of the authorisation matrix (test/platform/authorisation-matrix.test.ts):
 * the demo's source and vacancies belong to the city, so organisation A gets a feed source with a
 * finished run and a vacancy sent through the API, and a source removed by a call is put back (so
 * the actors after it are refused by the check, not by its absence).
 */
import { getCurrentUser, type CurrentUser } from '../../src/accounts/api.ts';
import { submitVacancy } from '../../src/labour-market/submit.ts';
import type { AppContext } from '../../src/platform/context.ts';
import type { MatrixFixture } from '../helpers/matrix.ts';

export async function labourMarketMatrix(ctx: AppContext, organisationSlug: string, analystId: string): Promise<MatrixFixture> {
  const organisation = await ctx.db.selectFrom('organisations').select('id').where('slug', '=', organisationSlug).executeTakeFirstOrThrow();
  const values = {
    organisation_id: organisation.id,
    kind: 'feed' as const,
    name: 'Matrix feed',
    schedule: 'manual' as const,
    settings: JSON.stringify({ format: 'json', url: null, records: 'items', mapping: { id: 'id', title: 'title', description: 'text' } }),
    upload: JSON.stringify({ items: [{ id: '1', title: 'Lasser', text: 'Je last constructies.' }] }),
    upload_name: 'matrix.json',
    uploaded_at: new Date(),
    created_by: analystId,
  };
  const source = await ctx.db.insertInto('vacancy_sources').values(values).returning('id').executeTakeFirstOrThrow();
  const run = await ctx.db
    .insertInto('vacancy_runs')
    .values({ source_id: source.id, status: 'done', counts: JSON.stringify({}), started_by: analystId, done: 1, total: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const analyst = (await getCurrentUser(ctx.db, analystId)) as CurrentUser;
  const { vacancyId } = await submitVacancy(ctx, analyst, {
    organisation: organisationSlug,
    title: 'Lasser (matrix)',
    description: 'Je last stalen constructies in de werkplaats.',
  });
  return {
    fills: [
      [/^\/(?:api\/v1\/)?vacancy-sources\/:id/, source.id],
      [/^\/(?:api\/v1\/)?vacancy-runs\/:id/, run.id],
      [/^\/(?:api\/v1\/)?vacancies\/:id/, vacancyId],
    ],
    restore: async () => {
      const kept = await ctx.db.selectFrom('vacancy_sources').select('id').where('id', '=', source.id).executeTakeFirst();
      if (!kept)
        await ctx.db
          .insertInto('vacancy_sources')
          .values({ id: source.id, ...values })
          .execute();
      // A run a call queued would keep the next from starting: the source is left with its finished run only.
      await ctx.db.deleteFrom('vacancy_runs').where('source_id', '=', source.id).where('id', '<>', run.id).execute();
      const runKept = await ctx.db.selectFrom('vacancy_runs').select('id').where('id', '=', run.id).executeTakeFirst();
      if (!runKept)
        await ctx.db
          .insertInto('vacancy_runs')
          .values({
            id: run.id,
            source_id: source.id,
            status: 'done',
            counts: JSON.stringify({}),
            started_by: analystId,
            done: 1,
            total: 1,
          })
          .execute();
    },
  };
}
