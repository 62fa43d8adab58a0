/**
 * The communities' part of the authorisation matrix (test/platform/authorisation-matrix.test.ts):
 * an open community of organisation A with a facilitator and a member of its own (no roles in any
 * organisation), and one of each object its routes name — a theme with a goal, a session with an
 * agenda item, a call with an application, an action item owned by the member, a badge rule, an
 * open-space session with a topic and a block of notes, a clinic session with a challenge and a
 * solution, a guiding question, a breakout and a published report — all made through the module's
 * services. The roles of organisation A give nothing here: only the community's own roles count.
 */
import { createUser, getCurrentUser, type CurrentUser } from '../../src/accounts/api.ts';
import { createAction } from '../../src/communities/actions.ts';
import { addBreakout, addQuestion } from '../../src/communities/breakouts/service.ts';
import { applyToCall, createCall } from '../../src/communities/calls.ts';
import { addChallenge, suggestSolution } from '../../src/communities/clinics/service.ts';
import { addBlock } from '../../src/communities/notes/service.ts';
import { proposeTopic } from '../../src/communities/open-space/service.ts';
import { draftSessionReport, publishReport } from '../../src/communities/reports/service.ts';
import type { SessionKind } from '../../src/communities/schema.ts';
import { addAgendaItem } from '../../src/communities/sessions.ts';
import { addGoal, createTheme } from '../../src/communities/themes.ts';
import type { AppContext } from '../../src/platform/context.ts';
import type { MatrixFixture } from '../helpers/matrix.ts';

async function person(ctx: AppContext, name: string, email: string): Promise<CurrentUser> {
  const { id } = await createUser(ctx.db, { email, name, password: 'matrix-password-1', emailConfirmed: true });
  return (await getCurrentUser(ctx.db, id)) as CurrentUser;
}

/** Limits a pattern to the communities' paths (pages and API), after the community's slug was filled in. */
const inCommunities = (pattern: string) => new RegExp(`(?<=^/(?:api/v1/)?communities(?:/.*)?)${pattern}`);

export async function communitiesMatrix(ctx: AppContext, organisationId: string, achievementId: string): Promise<MatrixFixture> {
  const facilitator = await person(ctx, 'Community facilitator', 'facilitator@community.matrix.test');
  const member = await person(ctx, 'Community member', 'member@community.matrix.test');
  const community = await ctx.db
    .insertInto('communities')
    .values({
      organisation_id: organisationId,
      slug: 'matrix-community',
      name: 'Matrix community',
      purpose: 'Called by every actor of the authorisation matrix.',
      visibility: 'open',
      feed_token: 'matrix-community-feed-token-0000',
      created_by: facilitator.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const people: [CurrentUser, 'facilitator' | 'member'][] = [
    [facilitator, 'facilitator'],
    [member, 'member'],
  ];
  const putBackMembers = async () => {
    await ctx.db
      .deleteFrom('community_members')
      .where('community_id', '=', community.id)
      .where(
        'user_id',
        'not in',
        people.map(([p]) => p.id),
      )
      .execute();
    for (const [p, role] of people)
      await ctx.db
        .insertInto('community_members')
        .values({ community_id: community.id, user_id: p.id, role, status: 'active', angle: null, joined_at: new Date() })
        .onConflict((oc) => oc.columns(['community_id', 'user_id']).doUpdateSet({ role, status: 'active' }))
        .execute();
  };
  await putBackMembers();

  const theme = await createTheme(ctx, facilitator, community.id, { title: 'Matrix theme' });
  const goal = await addGoal(ctx, facilitator, theme.id, { title: 'Matrix goal', progress: 10 });
  // Sessions happening now, so that check-in and the code shown in the room are open.
  const session = async (kind: SessionKind) =>
    (
      await ctx.db
        .insertInto('community_sessions')
        .values({
          community_id: community.id,
          theme_id: theme.id,
          kind,
          title: `Matrix ${kind} session`,
          description: '',
          template: null,
          starts_at: new Date(Date.now() - 1_800_000),
          ends_at: new Date(Date.now() + 5_400_000),
          time_zone: 'Europe/Amsterdam',
          place: null,
          online_url: null,
          capacity: null,
          cancelled_at: null,
          created_by: facilitator.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const main = await session('community');
  const openSpace = await session('open-space');
  const clinic = await session('clinic');
  const agendaItem = await addAgendaItem(ctx, facilitator, main, { title: 'Welcome', minutes: 10 });
  const call = await createCall(ctx, facilitator, community.id, { title: 'Matrix call', questions: 'Why?' });
  const application = await applyToCall(ctx, member, call.id, ['Because.']);
  const action = await createAction(ctx, facilitator, main, { title: 'Matrix action', owner: member.id });
  const rule = await ctx.db
    .insertInto('community_badge_rules')
    .values({
      community_id: community.id,
      theme_id: null,
      kind: 'attended',
      threshold: 1000,
      achievement_id: achievementId,
      issuer_user_id: facilitator.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const topic = await proposeTopic(ctx, member, community.slug, openSpace, { title: 'Matrix topic' });
  const block = await addBlock(ctx, member, community.slug, topic.note_set_id, 'A first note.');
  const question = await addQuestion(ctx, facilitator, community.slug, main, { text: 'What works?' });
  const breakout = await addBreakout(ctx, facilitator, community.slug, main, { name: 'Matrix group' });
  const challenge = await addChallenge(ctx, member, community.slug, clinic, { title: 'Matrix challenge', body: 'How?' });
  const solution = await suggestSolution(ctx, facilitator, community.slug, clinic, challenge.id, { body: 'Like this.' });
  await draftSessionReport(ctx, facilitator, community.slug, main, { t: ctx.i18n.getFixedT('en', 'communities'), lang: 'en' });
  const report = await publishReport(ctx, facilitator, community.slug, main);

  return {
    fills: [
      [/^\/(?:api\/v1\/)?communities\/:slug/, community.slug],
      [inCommunities('/sessions/:[A-Za-z]+(?=/open-space)'), openSpace],
      [inCommunities('/sessions/:[A-Za-z]+(?=/(?:clinic|reflection))'), clinic],
      [inCommunities('/sessions/:[A-Za-z]+'), main],
      [inCommunities('/themes/:id'), theme.id],
      [inCommunities('/goals/:id'), goal.id],
      [inCommunities('/agenda/:id'), agendaItem.id],
      [inCommunities('/actions/:id'), action.id],
      [inCommunities('/calls/:id'), call.id],
      [inCommunities('/applications/:[A-Za-z]+'), application.id],
      [inCommunities('/(?:rules|badge-rules)/:id'), rule.id],
      [inCommunities('/notes/:setId'), topic.note_set_id],
      [inCommunities('/blocks/:blockId'), block.id],
      [inCommunities('/topics/:topicId'), topic.id],
      [inCommunities('/questions/:questionId'), question.id],
      [inCommunities('/breakouts/:breakoutId'), breakout.id],
      [inCommunities('/challenges/:challengeId'), challenge.id],
      [inCommunities('/solutions/:solutionId'), solution.id],
      [inCommunities('/reports/:[A-Za-z]+'), report.id],
    ],
    people: [
      { name: 'member of the community', userId: member.id, groups: { community: 'member' } },
      { name: 'facilitator of the community', userId: facilitator.id, groups: { community: 'facilitator' } },
    ],
    restore: async () => {
      await putBackMembers();
      await ctx.db.updateTable('community_sessions').set({ cancelled_at: null }).where('community_id', '=', community.id).execute();
      await ctx.db.updateTable('community_calls').set({ closed_at: null }).where('id', '=', call.id).execute();
    },
  };
}
