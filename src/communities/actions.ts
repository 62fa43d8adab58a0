import type { Selectable } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import { PlatformErrors } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import { dateField } from './calls.ts';
import { accessCommunity, collect, isUuid, text } from './communities.ts';
import { E } from './errors.ts';
import { personNames } from './people.ts';
import { ACTION_STATUSES, type ActionStatus, type CommunityActionsTable } from './schema.ts';
import { accessSession, mailPerson, type SessionRow } from './sessions.ts';

export type ActionRow = Selectable<CommunityActionsTable>;

export interface ActionItem extends ActionRow {
  ownerName: string | null;
  sessionTitle: string | null;
  communityName: string;
  communitySlug: string;
}

export interface ActionInput {
  title?: string;
  /** A member's user id (empty: nobody yet). */
  owner?: string;
  dueOn?: string;
  status?: string;
}

async function ownerField(ctx: AppContext, communityId: string, owner: string | undefined): Promise<string | null> {
  const v = (owner ?? '').trim();
  if (!v) return null;
  const member = isUuid(v)
    ? await ctx.db
        .selectFrom('community_members')
        .select('user_id')
        .where('community_id', '=', communityId)
        .where('user_id', '=', v)
        .where('status', '=', 'active')
        .executeTakeFirst()
    : undefined;
  if (!member) throw E.memberNotFound('owner');
  return member.user_id;
}

/** A member makes an action item in a session: its owner (a member), due date and title. */
export async function createAction(ctx: AppContext, user: CurrentUser | null, sessionId: string, input: ActionInput): Promise<ActionRow> {
  const { session } = await accessSession(ctx, user, sessionId, 'member');
  const values = collect({ title: () => text(input.title, 'title', 500), due_on: () => dateField(input.dueOn, 'dueOn') });
  const owner = await ownerField(ctx, session.community_id, input.owner);
  return ctx.db
    .insertInto('community_actions')
    .values({
      community_id: session.community_id,
      session_id: session.id,
      theme_id: session.theme_id,
      ...values,
      owner_user_id: owner,
      status: 'open',
      created_by: (user as CurrentUser).id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An action item, for its community's facilitators and its owner (who may change it). */
export async function accessAction(ctx: AppContext, user: CurrentUser | null, actionId: string): Promise<ActionRow> {
  if (!user) throw PlatformErrors.unauthorized();
  if (!isUuid(actionId)) throw E.actionNotFound();
  const action = await ctx.db.selectFrom('community_actions').selectAll().where('id', '=', actionId).executeTakeFirst();
  if (!action) throw E.actionNotFound();
  const access = await accessCommunity(ctx, user, action.community_id, 'member');
  if (!access.isFacilitator && action.owner_user_id !== user.id && action.created_by !== user.id) throw E.notActionOwner();
  return action;
}

/** Changes an action item's status, owner, due date or title (its facilitators, its owner or its maker). */
export async function updateAction(ctx: AppContext, user: CurrentUser | null, actionId: string, input: ActionInput): Promise<ActionRow> {
  const action = await accessAction(ctx, user, actionId);
  const values = collect({
    title: () => (input.title === undefined ? action.title : text(input.title, 'title', 500)),
    due_on: () => (input.dueOn === undefined ? action.due_on : dateField(input.dueOn, 'dueOn')),
    status: () => {
      const status = input.status ?? action.status;
      if (!(ACTION_STATUSES as readonly string[]).includes(status))
        throw PlatformErrors.oneOf('status', { options: ACTION_STATUSES.join(', ') });
      return status as ActionStatus;
    },
  });
  const owner = input.owner === undefined ? action.owner_user_id : await ownerField(ctx, action.community_id, input.owner);
  const done = values.status === 'done' ? (action.done_at ?? new Date()) : null;
  // A new due date may be overdue again later: the reminder goes again then.
  const mailed = values.due_on !== action.due_on ? null : action.overdue_mailed_at;
  return ctx.db
    .updateTable('community_actions')
    .set({ ...values, owner_user_id: owner, done_at: done, overdue_mailed_at: mailed, updated_at: new Date() })
    .where('id', '=', action.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function withNames(ctx: AppContext, rows: ActionRow[]): Promise<ActionItem[]> {
  const names = await personNames(
    ctx,
    rows.flatMap((r) => (r.owner_user_id ? [r.owner_user_id] : [])),
  );
  const sessionIds = [...new Set(rows.flatMap((r) => (r.session_id ? [r.session_id] : [])))];
  const sessions = sessionIds.length
    ? await ctx.db.selectFrom('community_sessions').select(['id', 'title']).where('id', 'in', sessionIds).execute()
    : [];
  const communityIds = [...new Set(rows.map((r) => r.community_id))];
  const communities = communityIds.length
    ? await ctx.db.selectFrom('communities').select(['id', 'name', 'slug']).where('id', 'in', communityIds).execute()
    : [];
  const titles = new Map(sessions.map((s) => [s.id, s.title]));
  const comm = new Map(communities.map((c) => [c.id, c]));
  return rows.map((r) => ({
    ...r,
    ownerName: r.owner_user_id ? (names.get(r.owner_user_id) ?? null) : null,
    sessionTitle: r.session_id ? (titles.get(r.session_id) ?? null) : null,
    communityName: comm.get(r.community_id)?.name ?? '',
    communitySlug: comm.get(r.community_id)?.slug ?? '',
  }));
}

/** The action items made in a session. */
export async function actionsOfSession(ctx: AppContext, sessionId: string): Promise<ActionItem[]> {
  const rows = await ctx.db.selectFrom('community_actions').selectAll().where('session_id', '=', sessionId).orderBy('created_at').execute();
  return withNames(ctx, rows);
}

/** Every action item of a community (made in a session or outside one), oldest first. */
export async function communityActions(ctx: AppContext, communityId: string): Promise<ActionItem[]> {
  const rows = await ctx.db
    .selectFrom('community_actions')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return withNames(ctx, rows);
}

/**
 * The open action items carried into a session's agenda: every item of the community still open
 * that was made before the session (in an earlier session, or outside one). Done or dropped, it
 * drops off the next agenda.
 */
export async function carriedActions(ctx: AppContext, session: SessionRow): Promise<ActionItem[]> {
  const rows = await ctx.db
    .selectFrom('community_actions as a')
    .leftJoin('community_sessions as s', 's.id', 'a.session_id')
    .selectAll('a')
    .where('a.community_id', '=', session.community_id)
    .where('a.status', '=', 'open')
    .where((eb) =>
      eb.or([eb('a.session_id', 'is', null), eb.and([eb('s.starts_at', '<', session.starts_at), eb('a.session_id', '<>', session.id)])]),
    )
    .where('a.created_at', '<', session.ends_at)
    .orderBy('a.due_on')
    .orderBy('a.created_at')
    .execute();
  return withNames(ctx, rows as ActionRow[]);
}

/** A person's action items in every community, open first, then by due date. */
export async function myActions(ctx: AppContext, userId: string): Promise<ActionItem[]> {
  const rows = await ctx.db
    .selectFrom('community_actions as a')
    .innerJoin('community_members as m', (j) => j.onRef('m.community_id', '=', 'a.community_id').on('m.user_id', '=', userId))
    .selectAll('a')
    .where('a.owner_user_id', '=', userId)
    .where('m.status', '=', 'active')
    .orderBy('a.status', 'desc')
    .orderBy('a.due_on')
    .orderBy('a.created_at')
    .execute();
  const items = await withNames(ctx, rows as ActionRow[]);
  const rank = { open: 0, done: 1, dropped: 2 } as Record<string, number>;
  return items.sort((a, b) => rank[a.status] - rank[b.status]);
}

/** Whether an open action item is past its due date (today counts as not yet). */
export function isOverdue(action: Pick<ActionRow, 'status' | 'due_on'>, today = new Date().toISOString().slice(0, 10)): boolean {
  return action.status === 'open' && action.due_on !== null && action.due_on < today;
}

/**
 * Mails the owner of every open action item past its due date, once: the item is claimed
 * (overdue_mailed_at) in the statement that picks it, so the job may run twice.
 */
export async function sendOverdueReminders(ctx: AppContext, now = new Date()): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const claimed = await ctx.db
    .updateTable('community_actions')
    .set({ overdue_mailed_at: now })
    .where('status', '=', 'open')
    .where('due_on', '<', today)
    .where('owner_user_id', 'is not', null)
    .where('overdue_mailed_at', 'is', null)
    .returningAll()
    .execute();
  for (const action of claimed) {
    const community = await ctx.db.selectFrom('communities').select('name').where('id', '=', action.community_id).executeTakeFirst();
    await mailPerson(ctx, action.owner_user_id as string, 'overdue', {
      action: action.title,
      due: action.due_on ?? '',
      community: community?.name ?? '',
      link: `${ctx.config.baseUrl}/communities/my-actions`,
    });
  }
  return claimed.length;
}
