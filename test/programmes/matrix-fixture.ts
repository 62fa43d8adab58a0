/**
 * The programmes' part of the authorisation matrix (test/platform/authorisation-matrix.test.ts): a
 * published programme of organisation A with a module (a rubric, one assignment), a cohort with an
 * assessor and an enrolled participant of its own (no roles in any organisation), the participant's
 * round with a submission, and a playbook page — all made through the module's services by A's
 * owner. The organisation's owners, admins and issuers run it; the assessor and the participant
 * count only through the programme's own group (`within('programme', …)`).
 */
import { createUser, getCurrentUser, type CurrentUser } from '../../src/accounts/api.ts';
import { addAssessor, addCohort, decide, enrol } from '../../src/programmes/cohorts.ts';
import { createPage } from '../../src/programmes/playbooks.ts';
import { addModule, createProgramme } from '../../src/programmes/programmes.ts';
import { submit } from '../../src/programmes/work.ts';
import type { AppContext } from '../../src/platform/context.ts';
import type { MatrixFixture } from '../helpers/matrix.ts';

async function person(ctx: AppContext, name: string, email: string): Promise<CurrentUser> {
  const { id } = await createUser(ctx.db, { email, name, password: 'matrix-password-1', emailConfirmed: true });
  return (await getCurrentUser(ctx.db, id)) as CurrentUser;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Limits a pattern to the programmes' paths (pages and API), after the programme's id was filled in. */
const inProgrammes = (pattern: string) => new RegExp(`(?<=^/(?:api/v1/)?programmes(?:/.*)?)${pattern}`);

export async function programmesMatrix(ctx: AppContext, orgSlug: string, ownerId: string): Promise<MatrixFixture> {
  const owner = (await getCurrentUser(ctx.db, ownerId)) as CurrentUser;
  const assessor = await person(ctx, 'Programme assessor', 'assessor@programme.matrix.test');
  const participant = await person(ctx, 'Programme participant', 'participant@programme.matrix.test');
  const programme = await createProgramme(ctx, owner, orgSlug, {
    name: 'Matrix programme',
    description: 'Called by every actor of the authorisation matrix.',
    enrolment: 'application',
    status: 'published',
    language: 'en',
  });
  const module = await addModule(ctx, owner, programme.id, {
    name: 'Matrix module',
    description: 'One module, one assignment.',
    rubric: [{ name: 'Quality', levels: [{ name: 'Weak' }, { name: 'Good' }], passLevel: 2 }],
    assignments: [{ title: 'Matrix assignment', instructions: 'Hand in a text.', evidence: ['text'] }],
    renewal: 'claim',
    validMonths: 24,
  });
  const cohort = await addCohort(ctx, owner, programme.id, { name: 'Matrix cohort', startsOn: day(-7), endsOn: day(90), capacity: 20 });
  await addAssessor(ctx, owner, cohort.id, assessor.email);
  const application = await enrol(ctx, participant, cohort.id, { motivation: 'To be called by the matrix.' });
  await decide(ctx, owner, application.id, 'accept');
  const { submission, round } = await submit(ctx, participant, module.assignments[0].id, { text: 'My work.' });
  const page = await createPage(ctx, owner, programme.id, { title: 'Matrix page', body: 'How we work.' });

  return {
    fills: [
      [/^\/(?:api\/v1\/)?programmes\/:id/, programme.id],
      [inProgrammes('/cohorts/:cohortId'), cohort.id],
      [inProgrammes('/assessors/:userId'), assessor.id],
      [inProgrammes('/enrolments/:enrolmentId'), application.id],
      [inProgrammes('/modules/:moduleId'), module.id],
      [inProgrammes('/assignments/:assignmentId'), module.assignments[0].id],
      [inProgrammes('/submissions/:submissionId'), submission.id],
      [inProgrammes('/files/:submissionId'), submission.id],
      [inProgrammes('/rounds/:roundId'), round.id],
      [inProgrammes('/playbook/:pageId'), page.id],
    ],
    people: [
      { name: 'assessor of the programme', userId: assessor.id, groups: { programme: 'assessor' } },
      { name: 'participant of the programme', userId: participant.id, groups: { programme: 'participant' } },
    ],
    restore: async () => {
      await ctx.db
        .insertInto('programme_cohort_assessors')
        .values({ cohort_id: cohort.id, user_id: assessor.id })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await ctx.db.updateTable('programme_enrolments').set({ state: 'enrolled' }).where('id', '=', application.id).execute();
      await ctx.db.updateTable('programmes').set({ status: 'published' }).where('id', '=', programme.id).execute();
    },
  };
}
