import type { Selectable } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import { PlatformErrors } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import { accessCommunity, collect, isUuid, text } from './communities.ts';
import { E } from './errors.ts';
import { personNames } from './people.ts';
import type { CommunityApplicationsTable, CommunityCallsTable } from './schema.ts';

export type CallRow = Selectable<CommunityCallsTable>;
export type ApplicationRow = Selectable<CommunityApplicationsTable>;
export const MAX_QUESTIONS = 10;

export interface CallInput {
  title?: string;
  description?: string;
  /** One question per line. */
  questions?: string;
  closesOn?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A date as YYYY-MM-DD (or empty when optional); throws `badDate` naming the field. */
export function dateField(value: unknown, field: string, optional = true): string | null {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) {
    if (optional) return null;
    throw PlatformErrors.required(field);
  }
  if (!DATE.test(v) || Number.isNaN(new Date(`${v}T00:00:00Z`).getTime())) throw E.badDate(field);
  return v;
}

/** A facilitator opens a call for applications with its questions. */
export async function createCall(ctx: AppContext, user: CurrentUser | null, ref: string, input: CallInput): Promise<CallRow> {
  const { community } = await accessCommunity(ctx, user, ref, 'facilitator');
  const values = collect({
    title: () => text(input.title, 'title', 200),
    description: () => text(input.description, 'description', 5000, true),
    questions: () => {
      const lines = (input.questions ?? '')
        .split('\n')
        .map((q) => q.trim())
        .filter(Boolean);
      if (lines.length > MAX_QUESTIONS) throw E.tooManyQuestions('questions', { max: MAX_QUESTIONS });
      for (const q of lines) if (q.length > 500) throw PlatformErrors.tooLong('questions', { max: 500 });
      return lines;
    },
    closes_on: () => dateField(input.closesOn, 'closesOn'),
  });
  return ctx.db
    .insertInto('community_calls')
    .values({
      community_id: community.id,
      ...values,
      questions: JSON.stringify(values.questions) as never,
      created_by: (user as CurrentUser).id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A call with its community, for someone who may see the community. */
export async function accessCall(ctx: AppContext, user: CurrentUser | null, callId: string, need: 'see' | 'facilitator' = 'see') {
  if (!user) throw PlatformErrors.unauthorized();
  if (!isUuid(callId)) throw E.callNotFound();
  const call = await ctx.db.selectFrom('community_calls').selectAll().where('id', '=', callId).executeTakeFirst();
  if (!call) throw E.callNotFound();
  const access = await accessCommunity(ctx, user, call.community_id, need);
  return { call, access };
}

export function callOpen(call: CallRow, now = new Date()): boolean {
  if (call.closed_at) return false;
  return !call.closes_on || call.closes_on >= now.toISOString().slice(0, 10);
}

/** The calls of a community, newest first. */
export async function listCalls(ctx: AppContext, communityId: string): Promise<CallRow[]> {
  return ctx.db.selectFrom('community_calls').selectAll().where('community_id', '=', communityId).orderBy('created_at', 'desc').execute();
}

/**
 * Applies to a call: an answer to every question. Anyone who may see the community may apply, and
 * a call is the way into a community by invitation too (the call's link is shared). Applying again
 * changes the answers while the call is open.
 */
export async function applyToCall(ctx: AppContext, user: CurrentUser | null, callId: string, answers: string[]): Promise<ApplicationRow> {
  if (!user) throw PlatformErrors.unauthorized();
  if (!isUuid(callId)) throw E.callNotFound();
  const call = await ctx.db.selectFrom('community_calls').selectAll().where('id', '=', callId).executeTakeFirst();
  if (!call) throw E.callNotFound();
  if (!callOpen(call)) throw E.callClosed();
  const clean = call.questions.map((_, i) => (answers[i] ?? '').trim());
  const errors = clean.flatMap((a, i) =>
    !a ? [PlatformErrors.required(`answer${i}`)] : a.length > 5000 ? [PlatformErrors.tooLong(`answer${i}`, { max: 5000 })] : [],
  );
  if (errors.length) throw errors.reduce((acc, e) => acc.and(e));
  return ctx.db
    .insertInto('community_applications')
    .values({ call_id: call.id, user_id: user.id, answers: JSON.stringify(clean) as never, status: 'submitted' })
    .onConflict((oc) => oc.columns(['call_id', 'user_id']).doUpdateSet({ answers: JSON.stringify(clean) as never }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ApplicationItem extends ApplicationRow {
  name: string;
}

export async function listApplications(ctx: AppContext, callId: string): Promise<ApplicationItem[]> {
  const rows = await ctx.db.selectFrom('community_applications').selectAll().where('call_id', '=', callId).orderBy('created_at').execute();
  const names = await personNames(
    ctx,
    rows.map((r) => r.user_id),
  );
  return rows.map((r) => ({ ...r, name: names.get(r.user_id) ?? '' }));
}

export type Decision = 'select' | 'admit' | 'decline';
const DECISIONS: readonly Decision[] = ['select', 'admit', 'decline'];

/**
 * A facilitator decides on an application: `select` into the core group (a member in the core),
 * `admit` as a member (the network stays open to all applicants), or `decline`.
 */
export async function decideApplication(
  ctx: AppContext,
  user: CurrentUser | null,
  applicationId: string,
  decision: string,
): Promise<ApplicationRow> {
  if (!user) throw PlatformErrors.unauthorized();
  if (!isUuid(applicationId)) throw E.applicationNotFound();
  const application = await ctx.db.selectFrom('community_applications').selectAll().where('id', '=', applicationId).executeTakeFirst();
  if (!application) throw E.applicationNotFound();
  const { access } = await accessCall(ctx, user, application.call_id, 'facilitator');
  if (!(DECISIONS as readonly string[]).includes(decision)) throw PlatformErrors.oneOf('decision', { options: DECISIONS.join(', ') });
  const status = decision === 'select' ? 'selected' : decision === 'admit' ? 'submitted' : 'declined';
  return ctx.db.transaction().execute(async (trx) => {
    if (decision !== 'decline') {
      const core = decision === 'select';
      await trx
        .insertInto('community_members')
        .values({
          community_id: access.community.id,
          user_id: application.user_id,
          role: 'member',
          status: 'active',
          angle: null,
          core,
          joined_at: new Date(),
        })
        .onConflict((oc) => oc.columns(['community_id', 'user_id']).doUpdateSet({ status: 'active', core }))
        .execute();
    }
    return trx
      .updateTable('community_applications')
      .set({ status, reviewed_by: user.id, reviewed_at: new Date() })
      .where('id', '=', application.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** A facilitator closes a call: no more applications. */
export async function closeCall(ctx: AppContext, user: CurrentUser | null, callId: string): Promise<void> {
  const { call } = await accessCall(ctx, user, callId, 'facilitator');
  await ctx.db.updateTable('community_calls').set({ closed_at: new Date() }).where('id', '=', call.id).execute();
}
