/**
 * The endorsements' part of the authorisation matrix (test/platform/authorisation-matrix.test.ts):
 * endorsements by people are off by default, so the network allows them here (and again after every
 * call: the operator's form sent empty turns them off), and the person who owns the personal
 * objects (the demo's learner) has endorsed one of organisation A's badges as themselves, which
 * fills the routes of a person's own endorsement.
 */
import { getCurrentUser, type CurrentUser } from '../../src/accounts/api.ts';
import { endorseAsPerson } from '../../src/endorsements/api.ts';
import type { AppContext } from '../../src/platform/context.ts';
import type { MatrixFixture } from '../helpers/matrix.ts';

export async function endorsementsMatrix(ctx: AppContext, learnerId: string, achievementId: string): Promise<MatrixFixture> {
  const allow = () =>
    ctx.db
      .insertInto('endorsement_settings')
      .values({ id: 'network', people_may_endorse: true, updated_by: null, updated_at: new Date() })
      .onConflict((oc) => oc.column('id').doUpdateSet({ people_may_endorse: true }))
      .execute();
  await allow();
  const learner = (await getCurrentUser(ctx.db, learnerId)) as CurrentUser;
  const endorsement = await endorseAsPerson(ctx, learner, {
    subjectType: 'achievement',
    subjectId: achievementId,
    comment: 'Endorsed by the learner for the matrix.',
  });
  return {
    fills: [[/\/endorsements\/personal\/:id/, endorsement.id]],
    restore: async () => {
      await allow();
    },
  };
}
