import type { Selectable } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import { collect, isUuid, text } from '../communities.ts';
import { accessSession, isKind, recordContribution, type SessionAccess, type SessionRow } from '../notes/access.ts';
import { personNames } from '../overview.ts';
import { ClinicErrors as CE } from './errors.ts';
import type { CommunityChallengesTable } from './schema.ts';

export type ChallengeRow = Selectable<CommunityChallengesTable>;

export interface SolutionView {
  id: string;
  userId: string;
  name: string;
  body: string;
  votes: number;
  /** Whether the person looking supports it. */
  mine: boolean;
  createdAt: Date;
}

export interface ChallengeView extends ChallengeRow {
  presenterName: string;
  /** Most supported first. */
  solutions: SolutionView[];
}

async function views(ctx: AppContext, challenges: ChallengeRow[], viewerId: string): Promise<ChallengeView[]> {
  if (!challenges.length) return [];
  const solutions = await ctx.db
    .selectFrom('community_solutions')
    .selectAll()
    .where(
      'challenge_id',
      'in',
      challenges.map((c) => c.id),
    )
    .orderBy('created_at')
    .execute();
  const votes = solutions.length
    ? await ctx.db
        .selectFrom('community_solution_votes')
        .select(['solution_id', 'user_id'])
        .where(
          'solution_id',
          'in',
          solutions.map((s) => s.id),
        )
        .execute()
    : [];
  const names = await personNames(ctx, [...challenges.map((c) => c.presenter_id), ...solutions.map((s) => s.user_id)]);
  return challenges.map((c) => ({
    ...c,
    presenterName: names.get(c.presenter_id) ?? '',
    solutions: solutions
      .filter((s) => s.challenge_id === c.id)
      .map((s) => ({
        id: s.id,
        userId: s.user_id,
        name: names.get(s.user_id) ?? '',
        body: s.body,
        votes: votes.filter((v) => v.solution_id === s.id).length,
        mine: votes.some((v) => v.solution_id === s.id && v.user_id === viewerId),
        createdAt: s.created_at,
      }))
      .sort((a, b) => b.votes - a.votes || a.createdAt.getTime() - b.createdAt.getTime()),
  }));
}

/** The challenges of a clinic session with their solutions, most supported first. */
export async function listChallenges(ctx: AppContext, sessionId: string, viewerId: string): Promise<ChallengeView[]> {
  const rows = await ctx.db
    .selectFrom('community_challenges')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('created_at')
    .execute();
  return views(ctx, rows, viewerId);
}

/** What a reflection session gathers: the challenges linked to it, with their solutions. */
export async function gatheredChallenges(ctx: AppContext, reflectionSessionId: string, viewerId: string): Promise<ChallengeView[]> {
  const rows = await ctx.db
    .selectFrom('community_challenges')
    .selectAll()
    .where('reflection_session_id', '=', reflectionSessionId)
    .orderBy('created_at')
    .execute();
  return views(ctx, rows, viewerId);
}

function requireClinic(access: SessionAccess, field: string) {
  if (!isKind(access.session, ['clinic'])) throw CE.notAClinic(field);
}

/** A member presents a challenge at a clinic session (they are its presenter). */
export async function addChallenge(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  input: { title?: unknown; body?: unknown },
) {
  const access = await accessSession(ctx, user, slug, sessionId, 'member');
  const values = collect({ title: () => text(input.title, 'title', 200), body: () => text(input.body, 'body', 10_000) });
  requireClinic(access, 'title');
  const challenge = await ctx.db
    .insertInto('community_challenges')
    .values({
      session_id: access.session.id,
      presenter_id: (user as CurrentUser).id,
      reflection_session_id: null,
      reflection_summary: '',
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordContribution(ctx.db, access.session.id, challenge.presenter_id, 'presented');
  return challenge;
}

async function findChallenge(ctx: AppContext, access: SessionAccess, challengeId: string): Promise<ChallengeRow> {
  if (!isUuid(challengeId)) throw CE.challengeNotFound();
  const row = await ctx.db
    .selectFrom('community_challenges')
    .selectAll()
    .where('id', '=', challengeId)
    .where((eb) => eb.or([eb('session_id', '=', access.session.id), eb('reflection_session_id', '=', access.session.id)]))
    .executeTakeFirst();
  if (!row) throw CE.challengeNotFound();
  return row;
}

/** A member suggests a solution from their own experience. */
export async function suggestSolution(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  challengeId: string,
  input: { body?: unknown },
) {
  const access = await accessSession(ctx, user, slug, sessionId, 'member');
  const challenge = await findChallenge(ctx, access, challengeId);
  const body = text(input.body, 'body', 5000);
  const solution = await ctx.db
    .insertInto('community_solutions')
    .values({ challenge_id: challenge.id, user_id: (user as CurrentUser).id, body })
    .returningAll()
    .executeTakeFirstOrThrow();
  // Counted for the clinic the challenge was presented at (also when suggested at its reflection).
  await recordContribution(ctx.db, challenge.session_id, solution.user_id, 'clinic-solution');
  return solution;
}

/**
 * A member supports a solution (`support` true) or takes their support back; one vote per member
 * per solution however often it is sent. A member's own solution takes no vote of theirs.
 */
export async function supportSolution(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  solutionId: string,
  support: boolean,
): Promise<number> {
  const access = await accessSession(ctx, user, slug, sessionId, 'member');
  if (!isUuid(solutionId)) throw CE.solutionNotFound();
  const solution = await ctx.db
    .selectFrom('community_solutions as s')
    .innerJoin('community_challenges as c', 'c.id', 's.challenge_id')
    .select(['s.id', 's.user_id'])
    .where('s.id', '=', solutionId)
    .where((eb) => eb.or([eb('c.session_id', '=', access.session.id), eb('c.reflection_session_id', '=', access.session.id)]))
    .executeTakeFirst();
  if (!solution) throw CE.solutionNotFound();
  const me = (user as CurrentUser).id;
  if (solution.user_id === me) throw CE.ownSolution('support');
  if (support)
    await ctx.db
      .insertInto('community_solution_votes')
      .values({ solution_id: solution.id, user_id: me })
      .onConflict((oc) => oc.columns(['solution_id', 'user_id']).doNothing())
      .execute();
  else await ctx.db.deleteFrom('community_solution_votes').where('solution_id', '=', solution.id).where('user_id', '=', me).execute();
  const count = await ctx.db
    .selectFrom('community_solution_votes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('solution_id', '=', solution.id)
    .executeTakeFirstOrThrow();
  return Number(count.n);
}

/** The community's reflection sessions, for linking a challenge to the one that gathers it. */
export async function reflectionSessions(ctx: AppContext, communityId: string): Promise<SessionRow[]> {
  return ctx.db
    .selectFrom('community_sessions')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('kind', '=', 'reflection')
    .orderBy('starts_at')
    .execute();
}

/** A facilitator names the reflection session that gathers a challenge's solutions ('' unlinks). */
export async function linkReflection(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  challengeId: string,
  reflection: unknown,
) {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const challenge = await findChallenge(ctx, access, challengeId);
  let target: string | null = null;
  if (reflection !== '' && reflection !== undefined && reflection !== null) {
    if (!isUuid(reflection)) throw CE.notAReflection('reflection');
    const row = await ctx.db
      .selectFrom('community_sessions')
      .select(['id', 'kind'])
      .where('id', '=', reflection)
      .where('community_id', '=', access.community.id)
      .executeTakeFirst();
    if (row?.kind !== 'reflection') throw CE.notAReflection('reflection');
    target = row.id as string;
  }
  return ctx.db
    .updateTable('community_challenges')
    .set({ reflection_session_id: target, updated_at: new Date() })
    .where('id', '=', challenge.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** At the reflection, a facilitator writes what the gathered solutions come to. */
export async function saveReflectionSummary(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  reflectionSessionId: string,
  challengeId: string,
  input: { summary?: unknown },
) {
  const access = await accessSession(ctx, user, slug, reflectionSessionId, 'facilitator');
  if (!isKind(access.session, ['reflection'])) throw CE.notAReflection('summary');
  const challenge = await findChallenge(ctx, access, challengeId);
  if (challenge.reflection_session_id !== access.session.id) throw CE.challengeNotFound();
  const summary = text(input.summary, 'summary', 10_000, true);
  return ctx.db
    .updateTable('community_challenges')
    .set({ reflection_summary: summary, updated_at: new Date() })
    .where('id', '=', challenge.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
