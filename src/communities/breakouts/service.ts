import type { Selectable } from 'kysely';
import { skillProfile } from '../../backpack/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import { getSkill } from '../../skills/api.ts';
import { isUuid, text } from '../communities.ts';
import { accessSession, recordContribution, type SessionAccess, sessionParticipants } from '../notes/access.ts';
import { createNoteSet } from '../notes/service.ts';
import { personNames } from '../overview.ts';
import { BreakoutErrors as BE } from './errors.ts';
import { interestGroups, type PlannedGroup, type Random, randomGroups, skillGroups } from './grouping.ts';
import { type CommunityBreakoutsTable, type CommunityQuestionsTable, GROUP_METHODS, type GroupMethod } from './schema.ts';

export type QuestionRow = Selectable<CommunityQuestionsTable>;
export type BreakoutRow = Selectable<CommunityBreakoutsTable>;

export const MAX_QUESTIONS = 20;
export const MAX_GROUPS = 30;

export interface QuestionView extends QuestionRow {
  answers: { id: string; userId: string; name: string; body: string; createdAt: Date }[];
  interested: number;
}

export interface BreakoutView extends BreakoutRow {
  members: { userId: string; name: string }[];
  noteTakerName: string | null;
}

// --- Guiding questions -------------------------------------------------------------------------

export async function listQuestions(ctx: AppContext, sessionId: string): Promise<QuestionView[]> {
  const questions = await ctx.db
    .selectFrom('community_questions')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  if (!questions.length) return [];
  const ids = questions.map((q) => q.id);
  const answers = await ctx.db
    .selectFrom('community_question_answers')
    .selectAll()
    .where('question_id', 'in', ids)
    .orderBy('created_at')
    .execute();
  const interests = await ctx.db
    .selectFrom('community_question_interests')
    .select('question_id')
    .where('session_id', '=', sessionId)
    .execute();
  const names = await personNames(
    ctx,
    answers.map((a) => a.user_id),
  );
  return questions.map((q) => ({
    ...q,
    answers: answers
      .filter((a) => a.question_id === q.id)
      .map((a) => ({ id: a.id, userId: a.user_id, name: names.get(a.user_id) ?? '', body: a.body, createdAt: a.created_at })),
    interested: interests.filter((i) => i.question_id === q.id).length,
  }));
}

export async function addQuestion(ctx: AppContext, user: CurrentUser | null, slug: string, sessionId: string, input: { text?: unknown }) {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const value = text(input.text, 'text', 1000);
  const existing = await ctx.db.selectFrom('community_questions').select('position').where('session_id', '=', access.session.id).execute();
  if (existing.length >= MAX_QUESTIONS) throw BE.tooManyGuidingQuestions('text', { max: MAX_QUESTIONS });
  return ctx.db
    .insertInto('community_questions')
    .values({
      session_id: access.session.id,
      position: Math.max(0, ...existing.map((q) => q.position)) + 1,
      text: value,
      created_by: user?.id ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function findQuestion(ctx: AppContext, access: SessionAccess, questionId: string): Promise<QuestionRow> {
  if (!isUuid(questionId)) throw BE.guidingQuestionNotFound('question');
  const question = await ctx.db
    .selectFrom('community_questions')
    .selectAll()
    .where('id', '=', questionId)
    .where('session_id', '=', access.session.id)
    .executeTakeFirst();
  if (!question) throw BE.guidingQuestionNotFound('question');
  return question;
}

export async function removeQuestion(ctx: AppContext, user: CurrentUser | null, slug: string, sessionId: string, questionId: string) {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const question = await findQuestion(ctx, access, questionId);
  await ctx.db.deleteFrom('community_questions').where('id', '=', question.id).execute();
}

/** A member's answer to a guiding question: added to the others, never replacing them. */
export async function answerQuestion(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  questionId: string,
  input: { body?: unknown },
) {
  const access = await accessSession(ctx, user, slug, sessionId, 'member');
  const question = await findQuestion(ctx, access, questionId);
  const body = text(input.body, 'body', 5000);
  return ctx.db
    .insertInto('community_question_answers')
    .values({ question_id: question.id, user_id: (user as CurrentUser).id, body })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The guiding question a member wants to discuss in the breakouts ('' clears the choice). */
export async function chooseInterest(ctx: AppContext, user: CurrentUser | null, slug: string, sessionId: string, questionId: unknown) {
  const access = await accessSession(ctx, user, slug, sessionId, 'member');
  const me = (user as CurrentUser).id;
  await ctx.db.deleteFrom('community_question_interests').where('session_id', '=', access.session.id).where('user_id', '=', me).execute();
  if (questionId === '' || questionId === undefined) return null;
  const question = await findQuestion(ctx, access, typeof questionId === 'string' ? questionId : '');
  await ctx.db
    .insertInto('community_question_interests')
    .values({ session_id: access.session.id, user_id: me, question_id: question.id })
    .execute();
  return question.id;
}

export async function interestOf(ctx: AppContext, sessionId: string, userId: string): Promise<string | null> {
  const row = await ctx.db
    .selectFrom('community_question_interests')
    .select('question_id')
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.question_id ?? null;
}

// --- Breakout groups ---------------------------------------------------------------------------

export async function listBreakouts(ctx: AppContext, sessionId: string): Promise<BreakoutView[]> {
  const groups = await ctx.db
    .selectFrom('community_breakouts')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  const members = await ctx.db.selectFrom('community_breakout_members').selectAll().where('session_id', '=', sessionId).execute();
  const names = await personNames(ctx, [
    ...members.map((m) => m.user_id),
    ...groups.flatMap((g) => (g.note_taker_id ? [g.note_taker_id] : [])),
  ]);
  return groups.map((g) => ({
    ...g,
    members: members
      .filter((m) => m.breakout_id === g.id)
      .map((m) => ({ userId: m.user_id, name: names.get(m.user_id) ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    noteTakerName: g.note_taker_id ? (names.get(g.note_taker_id) ?? null) : null,
  }));
}

export async function findBreakout(ctx: AppContext, access: SessionAccess, breakoutId: string): Promise<BreakoutRow> {
  if (!isUuid(breakoutId)) throw BE.breakoutNotFound();
  const row = await ctx.db
    .selectFrom('community_breakouts')
    .selectAll()
    .where('id', '=', breakoutId)
    .where('session_id', '=', access.session.id)
    .executeTakeFirst();
  if (!row) throw BE.breakoutNotFound();
  return row;
}

/** The breakout a person is in at a session, if any. */
export async function breakoutOf(ctx: AppContext, sessionId: string, userId: string): Promise<string | null> {
  const row = await ctx.db
    .selectFrom('community_breakout_members')
    .select('breakout_id')
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.breakout_id ?? null;
}

/** The library skills a person holds, verified by the accepted badges in their backpack. */
async function verifiedSkills(ctx: AppContext, userId: string): Promise<Set<string>> {
  const groups = await skillProfile(ctx, userId, 'en');
  return new Set(groups.flatMap((g) => g.skills.flatMap((s) => (s.skillId ? [s.skillId] : []))));
}

function pickName(name: Record<string, string>, lang: string): string {
  return name[lang] || name.en || Object.values(name)[0] || '';
}

export interface MakeGroupsInput {
  method?: unknown;
  groups?: unknown;
  replace?: unknown;
}

/**
 * Makes the session's breakout groups from its registered participants: at random (a number of
 * groups), by interest (the guiding question each chose), or by skill (the theme's skills, verified
 * by badges). Groups already there are replaced only when asked and while none has notes. Each
 * group gets its question, a first note-taker (its first member; the group can change that) and
 * its shared notes.
 */
export async function makeBreakouts(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  input: MakeGroupsInput,
  options: { random?: Random; lang?: string } = {},
): Promise<BreakoutRow[]> {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const method = input.method;
  if (typeof method !== 'string' || !(GROUP_METHODS as readonly string[]).includes(method) || method === 'hand')
    throw PlatformErrors.oneOf('method', { options: GROUP_METHODS.filter((m) => m !== 'hand').join(', ') });
  const count = input.groups === undefined || input.groups === '' ? 0 : Number(input.groups);
  if (method === 'random' && (!Number.isInteger(count) || count < 1 || count > MAX_GROUPS))
    throw BE.badGroupCount('groups', { max: MAX_GROUPS });
  const session = access.session.id;
  const existing = await ctx.db.selectFrom('community_breakouts').select(['id', 'note_set_id']).where('session_id', '=', session).execute();
  if (existing.length) {
    if (input.replace !== 'on' && input.replace !== true) throw BE.breakoutsExist('replace');
    const notes = await ctx.db
      .selectFrom('community_note_blocks')
      .select('id')
      .where(
        'note_set_id',
        'in',
        existing.map((e) => e.note_set_id),
      )
      .executeTakeFirst();
    if (notes) throw BE.breakoutsHaveNotes('replace');
  }
  const people = await sessionParticipants(ctx, session);
  if (!people.length) throw BE.noParticipants('method');
  const questions = await ctx.db
    .selectFrom('community_questions')
    .select(['id', 'text'])
    .where('session_id', '=', session)
    .orderBy('position')
    .execute();
  const random = options.random ?? Math.random;
  let planned: PlannedGroup[];
  const skillNames = new Map<string, string>();
  if (method === 'interest') {
    if (!questions.length) throw BE.noQuestions('method');
    const rows = await ctx.db
      .selectFrom('community_question_interests')
      .select(['user_id', 'question_id'])
      .where('session_id', '=', session)
      .execute();
    planned = interestGroups(
      people,
      questions.map((q) => q.id),
      new Map(rows.map((r) => [r.user_id, r.question_id])),
      random,
    );
  } else if (method === 'skill') {
    const theme = access.session.theme_id
      ? await ctx.db.selectFrom('community_themes').select('skill_ids').where('id', '=', access.session.theme_id).executeTakeFirst()
      : undefined;
    const skills = (theme?.skill_ids ?? []).filter(isUuid);
    if (!skills.length) throw BE.noThemeSkills('method');
    for (const id of skills) {
      try {
        skillNames.set(id, pickName((await getSkill(ctx, id, null)).name, options.lang ?? 'en'));
      } catch {
        skillNames.set(id, '');
      }
    }
    const holdings = new Map<string, Set<string>>();
    for (const person of people) holdings.set(person, await verifiedSkills(ctx, person));
    planned = skillGroups(people, skills, holdings, random);
  } else {
    planned = randomGroups(
      people,
      count,
      questions.map((q) => q.id),
      random,
    );
  }
  const questionText = new Map(questions.map((q) => [q.id, q.text]));
  return ctx.db.transaction().execute(async (trx) => {
    if (existing.length) {
      await trx.deleteFrom('community_breakouts').where('session_id', '=', session).execute();
      await trx
        .deleteFrom('community_note_sets')
        .where(
          'id',
          'in',
          existing.map((e) => e.note_set_id),
        )
        .execute();
    }
    const out: BreakoutRow[] = [];
    for (const [i, group] of planned.entries()) {
      const skillName = group.skillId ? skillNames.get(group.skillId) : '';
      out.push(
        await insertBreakout(trx, access, {
          name: skillName || String(i + 1),
          question: group.questionId ? (questionText.get(group.questionId) ?? '') : '',
          questionId: group.questionId,
          method: method as GroupMethod,
          position: i + 1,
          members: group.members,
        }),
      );
    }
    return out;
  });
}

async function insertBreakout(
  db: AppContext['db'],
  access: SessionAccess,
  values: { name: string; question: string; questionId: string | null; method: GroupMethod; position: number; members: string[] },
): Promise<BreakoutRow> {
  const id = crypto.randomUUID();
  const set = await createNoteSet(db, { communityId: access.community.id, sessionId: access.session.id, scope: 'breakout', ownerId: id });
  const row = await db
    .insertInto('community_breakouts')
    .values({
      id,
      session_id: access.session.id,
      name: values.name,
      question: values.question,
      question_id: values.questionId,
      note_taker_id: values.members[0] ?? null,
      note_set_id: set.id,
      method: values.method,
      position: values.position,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (values.members.length)
    await db
      .insertInto('community_breakout_members')
      .values(values.members.map((user_id) => ({ breakout_id: id, session_id: access.session.id, user_id })))
      .execute();
  return row;
}

export interface BreakoutInput {
  name?: unknown;
  question?: unknown;
  noteTaker?: unknown;
}

/** A group made by hand (empty; the facilitator puts people in it). */
export async function addBreakout(ctx: AppContext, user: CurrentUser | null, slug: string, sessionId: string, input: BreakoutInput) {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const name = text(input.name, 'name', 200);
  const question = text(input.question, 'question', 1000, true);
  const existing = await ctx.db.selectFrom('community_breakouts').select('position').where('session_id', '=', access.session.id).execute();
  if (existing.length >= MAX_GROUPS) throw BE.badGroupCount('name', { max: MAX_GROUPS });
  return ctx.db.transaction().execute((trx) =>
    insertBreakout(trx, access, {
      name,
      question,
      questionId: null,
      method: 'hand',
      position: Math.max(0, ...existing.map((e) => e.position)) + 1,
      members: [],
    }),
  );
}

async function requireActiveMember(ctx: AppContext, access: SessionAccess, userId: unknown, field: string): Promise<string> {
  if (!isUuid(userId)) throw BE.notCommunityMember(field);
  const row = await ctx.db
    .selectFrom('community_members')
    .select('user_id')
    .where('community_id', '=', access.community.id)
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!row) throw BE.notCommunityMember(field);
  return row.user_id;
}

/** The facilitator changes a group's name, question or note-taker (a member of the group or none). */
export async function updateBreakout(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  breakoutId: string,
  input: BreakoutInput,
) {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const breakout = await findBreakout(ctx, access, breakoutId);
  const name = text(input.name, 'name', 200);
  const question = text(input.question, 'question', 1000, true);
  let noteTaker: string | null = null;
  if (input.noteTaker) {
    noteTaker = await requireActiveMember(ctx, access, input.noteTaker, 'noteTaker');
    if ((await breakoutOf(ctx, access.session.id, noteTaker)) !== breakout.id) throw BE.notCommunityMember('noteTaker');
  }
  if (noteTaker) await recordContribution(ctx.db, access.session.id, noteTaker, 'led-breakout');
  return ctx.db
    .updateTable('community_breakouts')
    .set({ name, question, note_taker_id: noteTaker })
    .where('id', '=', breakout.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The facilitator puts a member in a group (out of any other group of the session) or takes them out. */
export async function assignMember(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  breakoutId: string,
  input: { user?: unknown; remove?: unknown },
) {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const breakout = await findBreakout(ctx, access, breakoutId);
  const person = await requireActiveMember(ctx, access, input.user, 'user');
  await ctx.db.transaction().execute(async (trx) => {
    const previous = await trx
      .selectFrom('community_breakout_members')
      .select('breakout_id')
      .where('session_id', '=', access.session.id)
      .where('user_id', '=', person)
      .executeTakeFirst();
    await trx.deleteFrom('community_breakout_members').where('session_id', '=', access.session.id).where('user_id', '=', person).execute();
    if (previous)
      await trx
        .updateTable('community_breakouts')
        .set({ note_taker_id: null })
        .where('id', '=', previous.breakout_id)
        .where('note_taker_id', '=', person)
        .execute();
    if (input.remove !== 'on' && input.remove !== true)
      await trx
        .insertInto('community_breakout_members')
        .values({ breakout_id: breakout.id, session_id: access.session.id, user_id: person })
        .execute();
  });
}

/** A member of the group takes over the note-taking. */
export async function takeNotes(ctx: AppContext, user: CurrentUser | null, slug: string, sessionId: string, breakoutId: string) {
  const access = await accessSession(ctx, user, slug, sessionId, 'member');
  const breakout = await findBreakout(ctx, access, breakoutId);
  const me = (user as CurrentUser).id;
  if ((await breakoutOf(ctx, access.session.id, me)) !== breakout.id && !access.isFacilitator) throw BE.notCommunityMember('user');
  await ctx.db.updateTable('community_breakouts').set({ note_taker_id: me }).where('id', '=', breakout.id).execute();
  await recordContribution(ctx.db, access.session.id, me, 'led-breakout');
}

/** The active members of the community, for the facilitator's "put in a group" list. */
export async function memberChoices(ctx: AppContext, communityId: string): Promise<{ userId: string; name: string }[]> {
  const rows = await ctx.db
    .selectFrom('community_members')
    .select('user_id')
    .where('community_id', '=', communityId)
    .where('status', '=', 'active')
    .execute();
  const names = await personNames(
    ctx,
    rows.map((r) => r.user_id),
  );
  return rows.map((r) => ({ userId: r.user_id, name: names.get(r.user_id) ?? '' })).sort((a, b) => a.name.localeCompare(b.name));
}
