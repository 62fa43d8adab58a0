/**
 * Assessment against the module's rubric. An assessor of the participant's cohort judges a round
 * of work (never their own); a module that asks for it gets a second, independent assessor (who
 * does not see the first judgement before giving theirs). When the two differ, or an assessor asks
 * for it, a moderator — a manager of the programme or an assessor of the cohort who did not judge
 * this work — decides. A decision that passes is issued as the module's badge: an OB 3.0
 * credential whose results are the rubric levels and whose evidence points to the submissions.
 */
import type { Selectable, Transaction } from 'kysely';
import { type CurrentUser, confirmedAddresses, getCurrentUser } from '../accounts/api.ts';
import { issueForOrganisation } from '../credentials/api.ts';
import { awardCompleted, getPathway } from '../pathways/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { PlatformErrors } from '../platform/errors.ts';
import { access } from './access.ts';
import { E } from './errors.ts';
import { type Person, people } from './cohorts.ts';
import { agree, checkLevels, passes, resultsOf } from './rubric.ts';
import type { ProgrammeReviewsTable, ReviewRole } from './schema.ts';
import { evidenceUrl, type Round, type RoundAccess, roundAccess, type RoundRow, type Submission, submissionsOf, toRound } from './work.ts';

type ReviewRow = Selectable<ProgrammeReviewsTable>;

export interface Review {
  id: string;
  roundId: string;
  assessor: Person | null;
  role: ReviewRole;
  levels: Record<string, string>;
  comment: string;
  moderationRequested: boolean;
  createdAt: Date;
}

export interface ReviewInput {
  levels?: Record<string, unknown>;
  comment?: string;
  moderation?: boolean;
}

/** What the person may do with a round now. */
export type RoundAction = 'review' | 'second' | 'moderate' | 'wait' | null;

export interface RoundDetail extends RoundAccess {
  submissions: Submission[];
  /** The reviews this person may see (see `visibleReviews`). */
  reviews: Review[];
  action: RoundAction;
  participant: Person | null;
  /** The round a renewal renews (its levels are what a claim is approved at). */
  renews: Round | null;
}

const idempotencyKey = (roundId: string) => `programmes:round:${roundId}`;

async function reviewsOf(ctx: AppContext, roundId: string): Promise<ReviewRow[]> {
  return ctx.db.selectFrom('programme_reviews').selectAll().where('round_id', '=', roundId).orderBy('created_at').orderBy('id').execute();
}

/**
 * Who may see which judgements: managers and moderators all of them; an assessor theirs, and the
 * other's only after giving their own (independent double marking); the participant all of them
 * once the round is decided.
 */
function visibleReviews(rows: ReviewRow[], found: RoundAccess, userId: string): ReviewRow[] {
  const decided = found.round.state === 'passed' || found.round.state === 'not_passed';
  if (found.access.manager) return rows;
  if (found.assessor) {
    const mine = rows.some((r) => r.assessor_id === userId);
    if (mine || found.round.state === 'moderation' || decided) return rows;
    return [];
  }
  return decided ? rows : [];
}

/** What this person can do with the round now. */
function actionFor(found: RoundAccess, rows: ReviewRow[], userId: string): RoundAction {
  if (found.own) return null;
  const reviewed = rows.some((r) => r.assessor_id === userId);
  const { round, module } = found;
  if (round.state === 'submitted' && found.assessor && !reviewed) {
    if (rows.length === 0) return 'review';
    if (module.secondAssessment && round.mode === 'assessment' && rows.length === 1) return 'second';
  }
  if (round.state === 'moderation' && !reviewed && (found.access.manager || found.assessor)) return 'moderate';
  if (['submitted', 'moderation'].includes(round.state) && (found.assessor || found.access.manager)) return 'wait';
  return null;
}

export async function roundDetail(ctx: AppContext, user: CurrentUser | null, roundId: string): Promise<RoundDetail> {
  const found = await roundAccess(ctx, user, roundId);
  const userId = (user as CurrentUser).id;
  const rows = await reviewsOf(ctx, found.round.id);
  const visible = visibleReviews(rows, found, userId);
  const who = await people(ctx, [...visible.map((r) => r.assessor_id), found.enrolment.user_id]);
  const renews = found.round.renewsRoundId
    ? await ctx.db.selectFrom('programme_rounds').selectAll().where('id', '=', found.round.renewsRoundId).executeTakeFirst()
    : undefined;
  return {
    ...found,
    submissions: await submissionsOf(ctx, [found.round.id]),
    reviews: visible.map((r) => ({
      id: r.id,
      roundId: r.round_id,
      assessor: who.get(r.assessor_id) ?? null,
      role: r.role,
      levels: r.levels,
      comment: r.comment,
      moderationRequested: r.moderation_requested,
      createdAt: r.created_at as Date,
    })),
    action: actionFor(found, rows, userId),
    participant: who.get(found.enrolment.user_id) ?? null,
    renews: renews ? toRound(renews) : null,
  };
}

/**
 * An assessor's judgement: a level for every criterion, a comment, and whether a moderator should
 * decide. Decides the round when no second judgement or moderation is needed.
 */
export async function review(ctx: AppContext, user: CurrentUser | null, roundId: string, input: ReviewInput): Promise<RoundDetail> {
  const found = await roundAccess(ctx, user, roundId);
  const me = user as CurrentUser;
  if (found.own) throw E.ownWork('levels');
  if (!found.assessor) throw E.notAssessor('levels');
  const levels = checkLevels(found.module.rubric, input.levels);
  const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
  if (comment.length > 5000) throw PlatformErrors.tooLong('comment', { max: 5000 });
  const decision = await ctx.db.transaction().execute(async (trx) => {
    const round = await trx
      .selectFrom('programme_rounds')
      .selectAll()
      .where('id', '=', found.round.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (round.state !== 'submitted') throw E.notReady('levels');
    const before = await trx.selectFrom('programme_reviews').selectAll().where('round_id', '=', round.id).execute();
    if (before.some((r) => r.assessor_id === me.id)) throw E.alreadyReviewed('levels');
    const double = found.module.secondAssessment && round.mode === 'assessment';
    if (before.length >= (double ? 2 : 1)) throw E.alreadyReviewed('levels');
    const role: ReviewRole = before.length === 0 ? 'first' : 'second';
    await trx
      .insertInto('programme_reviews')
      .values({
        round_id: round.id,
        assessor_id: me.id,
        role,
        levels: JSON.stringify(levels) as never,
        comment,
        moderation_requested: Boolean(input.moderation),
      })
      .execute();
    const all = [
      ...before.map((r) => ({ levels: r.levels, moderation: r.moderation_requested })),
      { levels, moderation: Boolean(input.moderation) },
    ];
    if (all.some((r) => r.moderation)) return setState(trx, round, 'moderation');
    if (double && all.length < 2) return null;
    if (double && !agree(found.module.rubric, all[0].levels, all[1].levels)) return setState(trx, round, 'moderation');
    return decideIn(trx, round, levels, me.id, found);
  });
  if (decision?.state === 'passed') await issueRound(ctx, found.round.id);
  return roundDetail(ctx, user, roundId);
}

/** The moderator's decision on a round in moderation: final levels and a comment. */
export async function moderate(ctx: AppContext, user: CurrentUser | null, roundId: string, input: ReviewInput): Promise<RoundDetail> {
  const found = await roundAccess(ctx, user, roundId);
  const me = user as CurrentUser;
  if (found.own) throw E.ownWork('levels');
  if (!found.assessor && !found.access.manager) throw E.notAssessor('levels');
  const levels = checkLevels(found.module.rubric, input.levels);
  const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
  if (comment.length > 5000) throw PlatformErrors.tooLong('comment', { max: 5000 });
  const decision = await ctx.db.transaction().execute(async (trx) => {
    const round = await trx
      .selectFrom('programme_rounds')
      .selectAll()
      .where('id', '=', found.round.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (round.state !== 'moderation') throw E.notReady('levels');
    const before = await trx.selectFrom('programme_reviews').select('assessor_id').where('round_id', '=', round.id).execute();
    if (before.some((r) => r.assessor_id === me.id)) throw E.moderatorReviewed('levels');
    await trx
      .insertInto('programme_reviews')
      .values({
        round_id: round.id,
        assessor_id: me.id,
        role: 'moderator',
        levels: JSON.stringify(levels) as never,
        comment,
        moderation_requested: false,
      })
      .execute();
    return decideIn(trx, round, levels, me.id, found);
  });
  if (decision.state === 'passed') await issueRound(ctx, found.round.id);
  return roundDetail(ctx, user, roundId);
}

type Trx = Transaction<Database>;

async function setState(trx: Trx, round: RoundRow, state: RoundRow['state']): Promise<RoundRow> {
  return trx.updateTable('programme_rounds').set({ state }).where('id', '=', round.id).returningAll().executeTakeFirstOrThrow();
}

async function decideIn(trx: Trx, round: RoundRow, levels: Record<string, string>, by: string, found: RoundAccess): Promise<RoundRow> {
  const state = passes(found.module.rubric, levels) ? 'passed' : 'not_passed';
  return trx
    .updateTable('programme_rounds')
    .set({ state, levels: JSON.stringify(levels) as never, decided_by: by, decided_at: new Date() })
    .where('id', '=', round.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Issues the module badge of a passed round, once: the credential's idempotency key is the
 * round's, so a second run (a retry, the sweep job, two at once) returns the first credential,
 * and the round records it. Then the certificate pathway looks at the participant. Answers
 * whether a credential is recorded; a failure is logged and left to the sweep.
 */
export async function issueRound(ctx: AppContext, roundId: string): Promise<boolean> {
  const round = await ctx.db.selectFrom('programme_rounds').selectAll().where('id', '=', roundId).executeTakeFirst();
  if (round?.state !== 'passed' || !round.levels) return false;
  if (round.credential_id) return true;
  const enrolment = await ctx.db
    .selectFrom('programme_enrolments')
    .selectAll()
    .where('id', '=', round.enrolment_id)
    .executeTakeFirstOrThrow();
  const module = await ctx.db.selectFrom('programme_modules').selectAll().where('id', '=', round.module_id).executeTakeFirstOrThrow();
  const programme = await ctx.db.selectFrom('programmes').selectAll().where('id', '=', module.programme_id).executeTakeFirstOrThrow();
  try {
    const person = await getCurrentUser(ctx.db, enrolment.user_id);
    const [email] = await confirmedAddresses(ctx.db, enrolment.user_id);
    if (!person || !email) throw E.noAddress('participant');
    const page = evidenceUrl(ctx.config.baseUrl, round.evidence_token);
    const submissions = await submissionsOf(ctx, [round.id]);
    const evidence = [...submissions.map((s) => `${page}#submission-${s.id}`)];
    if (round.mode === 'claim') evidence.push(`${page}#claim`);
    if (round.renews_round_id) {
      const renewed = await ctx.db
        .selectFrom('programme_rounds')
        .select('evidence_token')
        .where('id', '=', round.renews_round_id)
        .executeTakeFirst();
      if (renewed) evidence.push(evidenceUrl(ctx.config.baseUrl, renewed.evidence_token));
    }
    const credential = await issueForOrganisation(ctx, programme.organisation_id, {
      achievementId: module.achievement_id,
      recipient: { email, name: person.name },
      results: resultsOf(module.rubric, round.levels),
      evidence: evidence.length ? evidence : [page],
      idempotencyKey: idempotencyKey(round.id),
      lang: person.locale === 'nl' ? 'nl' : 'en',
    });
    await ctx.db
      .updateTable('programme_rounds')
      .set({ credential_id: credential.id, credential_url: credential.url, valid_until: credential.validUntil })
      .where('id', '=', round.id)
      .where('credential_id', 'is', null)
      .execute();
    await awardCertificate(ctx, programme.pathway_id, enrolment.user_id);
    return true;
  } catch (error) {
    ctx.log.warn({ err: error, round: round.id }, 'programmes: a module badge could not be issued');
    return false;
  }
}

/** The certificate pathway awards its badge when the participant now holds every module badge. */
async function awardCertificate(ctx: AppContext, pathwayId: string | null, userId: string): Promise<void> {
  if (!pathwayId) return;
  try {
    const pathway = await getPathway(ctx, null, pathwayId);
    if (pathway.status === 'published') await awardCompleted(ctx, userId, [pathway]);
  } catch (error) {
    // The pathway's own job looks again every five minutes.
    ctx.log.warn({ err: error, pathway: pathwayId }, 'programmes: the certificate could not be awarded now');
  }
}

/** Passed rounds without their credential (a stop or a failure between deciding and issuing): issued now. */
export async function issuePending(ctx: AppContext): Promise<{ issued: number; failed: number }> {
  const rows = await ctx.db
    .selectFrom('programme_rounds')
    .select('id')
    .where('state', '=', 'passed')
    .where('credential_id', 'is', null)
    .orderBy('decided_at')
    .limit(500)
    .execute();
  const result = { issued: 0, failed: 0 };
  for (const r of rows) {
    if (await issueRound(ctx, r.id)) result.issued++;
    else result.failed++;
  }
  return result;
}

export interface QueueItem {
  round: Round;
  moduleName: string;
  participant: Person | null;
  cohortId: string;
  action: RoundAction;
}

/** The work waiting in the cohorts a person assesses (every cohort for a manager). */
export async function assessmentQueue(ctx: AppContext, user: CurrentUser | null, programmeId: string): Promise<QueueItem[]> {
  if (!user) throw PlatformErrors.unauthorized();
  const found = await access(ctx, user, programmeId);
  if (!found.manager && found.assessorOf.length === 0) throw PlatformErrors.forbidden();
  let query = ctx.db
    .selectFrom('programme_rounds')
    .innerJoin('programme_enrolments', 'programme_enrolments.id', 'programme_rounds.enrolment_id')
    .innerJoin('programme_modules', 'programme_modules.id', 'programme_rounds.module_id')
    .selectAll('programme_rounds')
    .select([
      'programme_enrolments.user_id',
      'programme_enrolments.cohort_id',
      'programme_modules.name as module_name',
      'programme_modules.second_assessment',
    ])
    .where('programme_enrolments.programme_id', '=', found.programme.id)
    .where('programme_rounds.state', 'in', ['submitted', 'moderation']);
  if (!found.manager) query = query.where('programme_enrolments.cohort_id', 'in', found.assessorOf);
  const rows = await query.orderBy('programme_rounds.created_at').execute();
  const reviews = rows.length
    ? await ctx.db
        .selectFrom('programme_reviews')
        .select(['round_id', 'assessor_id'])
        .where(
          'round_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  const who = await people(
    ctx,
    rows.map((r) => r.user_id),
  );
  return rows
    .filter((r) => r.user_id !== user.id)
    .map((r) => {
      const done = reviews.filter((v) => v.round_id === r.id);
      const mine = done.some((v) => v.assessor_id === user.id);
      const assessor = found.assessorOf.includes(r.cohort_id);
      let action: RoundAction = 'wait';
      if (r.state === 'submitted' && assessor && !mine) {
        if (done.length === 0) action = 'review';
        else if (r.second_assessment && r.mode === 'assessment' && done.length === 1) action = 'second';
      }
      if (r.state === 'moderation' && !mine && (assessor || found.manager)) action = 'moderate';
      return { round: toRound(r), moduleName: r.module_name, participant: who.get(r.user_id) ?? null, cohortId: r.cohort_id, action };
    });
}
