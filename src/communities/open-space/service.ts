import type { Selectable } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import { collect, isUuid, text } from '../communities.ts';
import { accessSession, isKind, type SessionAccess } from '../notes/access.ts';
import { createNoteSet } from '../notes/service.ts';
import { personNames } from '../overview.ts';
import { OpenSpaceErrors as OE } from './errors.ts';
import { proposeSchedule, type Schedule } from './scheduler.ts';
import type { CommunityOsRoomsTable, CommunityOsSlotsTable, CommunityTopicsTable } from './schema.ts';

export type TopicRow = Selectable<CommunityTopicsTable>;
export type RoomRow = Selectable<CommunityOsRoomsTable>;
export type SlotRow = Selectable<CommunityOsSlotsTable>;

export const MAX_ROOMS = 30;
export const MAX_SLOTS = 30;
export const MAX_TOPICS = 200;

export interface TopicView extends TopicRow {
  hosts: { userId: string; name: string }[];
  votes: number;
  voted: boolean;
  hosting: boolean;
}

export interface OpenSpace {
  rooms: RoomRow[];
  slots: SlotRow[];
  /** Most voted first. */
  topics: TopicView[];
}

const OPEN_KINDS = ['open-space', 'hackathon'] as const;

function requireOpenSpace(access: SessionAccess, field?: string) {
  if (!isKind(access.session, OPEN_KINDS)) throw OE.notOpenSpace(field);
}

export async function openSpace(ctx: AppContext, sessionId: string, viewerId: string): Promise<OpenSpace> {
  const rooms = await ctx.db.selectFrom('community_os_rooms').selectAll().where('session_id', '=', sessionId).orderBy('position').execute();
  const slots = await ctx.db.selectFrom('community_os_slots').selectAll().where('session_id', '=', sessionId).orderBy('position').execute();
  const topics = await ctx.db
    .selectFrom('community_topics')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('created_at')
    .execute();
  const ids = topics.map((t) => t.id);
  const hosts = ids.length ? await ctx.db.selectFrom('community_topic_hosts').selectAll().where('topic_id', 'in', ids).execute() : [];
  const votes = ids.length
    ? await ctx.db.selectFrom('community_topic_votes').select(['topic_id', 'user_id']).where('topic_id', 'in', ids).execute()
    : [];
  const names = await personNames(
    ctx,
    hosts.map((h) => h.user_id),
  );
  const views = topics.map((t) => {
    const mine = hosts.filter((h) => h.topic_id === t.id);
    return {
      ...t,
      hosts: mine
        .map((h) => ({ userId: h.user_id, name: names.get(h.user_id) ?? '' }))
        .sort((a, b) => Number(b.userId === t.proposed_by) - Number(a.userId === t.proposed_by)),
      votes: votes.filter((v) => v.topic_id === t.id).length,
      voted: votes.some((v) => v.topic_id === t.id && v.user_id === viewerId),
      hosting: mine.some((h) => h.user_id === viewerId),
    };
  });
  views.sort((a, b) => b.votes - a.votes || a.created_at.getTime() - b.created_at.getTime());
  return { rooms, slots, topics: views };
}

/** A participant proposes a topic; they are its first host. */
export async function proposeTopic(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  input: { title?: unknown; description?: unknown },
) {
  const access = await accessSession(ctx, user, slug, sessionId, 'member');
  const values = collect({
    title: () => text(input.title, 'title', 200),
    description: () => text(input.description, 'description', 5000, true),
  });
  requireOpenSpace(access, 'title');
  const count = await ctx.db
    .selectFrom('community_topics')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('session_id', '=', access.session.id)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_TOPICS) throw OE.tooManyOpenSpace('title', { max: MAX_TOPICS });
  const me = (user as CurrentUser).id;
  return ctx.db.transaction().execute(async (trx) => {
    const id = crypto.randomUUID();
    const set = await createNoteSet(trx, { communityId: access.community.id, sessionId: access.session.id, scope: 'topic', ownerId: id });
    const topic = await trx
      .insertInto('community_topics')
      .values({ id, session_id: access.session.id, ...values, proposed_by: me, room_id: null, slot_id: null, note_set_id: set.id })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.insertInto('community_topic_hosts').values({ topic_id: id, user_id: me }).execute();
    return topic;
  });
}

export async function findTopic(ctx: AppContext, access: SessionAccess, topicId: string): Promise<TopicRow> {
  if (!isUuid(topicId)) throw OE.topicNotFound();
  const row = await ctx.db
    .selectFrom('community_topics')
    .selectAll()
    .where('id', '=', topicId)
    .where('session_id', '=', access.session.id)
    .executeTakeFirst();
  if (!row) throw OE.topicNotFound();
  return row;
}

/** A participant votes for a topic (one vote per topic, however often sent) or takes the vote back. */
export async function voteTopic(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  topicId: string,
  vote: boolean,
): Promise<number> {
  const access = await accessSession(ctx, user, slug, sessionId, 'member');
  const topic = await findTopic(ctx, access, topicId);
  const me = (user as CurrentUser).id;
  if (vote)
    await ctx.db
      .insertInto('community_topic_votes')
      .values({ topic_id: topic.id, user_id: me })
      .onConflict((oc) => oc.columns(['topic_id', 'user_id']).doNothing())
      .execute();
  else await ctx.db.deleteFrom('community_topic_votes').where('topic_id', '=', topic.id).where('user_id', '=', me).execute();
  const n = await ctx.db
    .selectFrom('community_topic_votes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('topic_id', '=', topic.id)
    .executeTakeFirstOrThrow();
  return Number(n.n);
}

async function hostBusyAt(
  ctx: AppContext,
  sessionId: string,
  hosts: string[],
  slotId: string,
  exceptTopic: string,
): Promise<string | null> {
  if (!hosts.length) return null;
  const row = await ctx.db
    .selectFrom('community_topics as t')
    .innerJoin('community_topic_hosts as h', 'h.topic_id', 't.id')
    .select('h.user_id')
    .where('t.session_id', '=', sessionId)
    .where('t.slot_id', '=', slotId)
    .where('t.room_id', 'is not', null)
    .where('t.id', '<>', exceptTopic)
    .where('h.user_id', 'in', hosts)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** A participant joins a topic as co-host (refused when it would put them in two places at once) or leaves it. */
export async function hostTopic(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  topicId: string,
  join: boolean,
) {
  const access = await accessSession(ctx, user, slug, sessionId, 'member');
  const topic = await findTopic(ctx, access, topicId);
  const me = (user as CurrentUser).id;
  if (!join) {
    if (topic.proposed_by !== me)
      await ctx.db.deleteFrom('community_topic_hosts').where('topic_id', '=', topic.id).where('user_id', '=', me).execute();
    return;
  }
  if (topic.slot_id && topic.room_id && (await hostBusyAt(ctx, access.session.id, [me], topic.slot_id, topic.id)))
    throw OE.hostClash('host', { name: (user as CurrentUser).name });
  await ctx.db
    .insertInto('community_topic_hosts')
    .values({ topic_id: topic.id, user_id: me })
    .onConflict((oc) => oc.columns(['topic_id', 'user_id']).doNothing())
    .execute();
}

async function hostsOf(ctx: AppContext, topicId: string): Promise<string[]> {
  return (await ctx.db.selectFrom('community_topic_hosts').select('user_id').where('topic_id', '=', topicId).execute()).map(
    (r) => r.user_id,
  );
}

/**
 * The facilitator places a topic in a room and slot by hand (both empty: off the schedule). Refused
 * when the room is taken then (409 roomTaken) or one of its hosts hosts another topic then (409 hostClash).
 */
export async function placeTopic(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  topicId: string,
  input: { room?: unknown; slot?: unknown },
) {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const topic = await findTopic(ctx, access, topicId);
  const room = typeof input.room === 'string' ? input.room : '';
  const slot = typeof input.slot === 'string' ? input.slot : '';
  if (!room && !slot) {
    await ctx.db.updateTable('community_topics').set({ room_id: null, slot_id: null }).where('id', '=', topic.id).execute();
    return;
  }
  if (!room || !slot) throw OE.roomAndSlot(room ? 'slot' : 'room');
  const roomRow = isUuid(room)
    ? await ctx.db
        .selectFrom('community_os_rooms')
        .select('id')
        .where('id', '=', room)
        .where('session_id', '=', access.session.id)
        .executeTakeFirst()
    : undefined;
  if (!roomRow) throw OE.roomNotFound('room');
  const slotRow = isUuid(slot)
    ? await ctx.db
        .selectFrom('community_os_slots')
        .select('id')
        .where('id', '=', slot)
        .where('session_id', '=', access.session.id)
        .executeTakeFirst()
    : undefined;
  if (!slotRow) throw OE.slotNotFound('slot');
  const taken = await ctx.db
    .selectFrom('community_topics')
    .select('title')
    .where('room_id', '=', roomRow.id)
    .where('slot_id', '=', slotRow.id)
    .where('id', '<>', topic.id)
    .executeTakeFirst();
  if (taken) throw OE.roomTaken('room', { title: taken.title });
  const busy = await hostBusyAt(ctx, access.session.id, await hostsOf(ctx, topic.id), slotRow.id, topic.id);
  if (busy) throw OE.hostClash('slot', { name: (await personNames(ctx, [busy])).get(busy) ?? '' });
  await ctx.db.updateTable('community_topics').set({ room_id: roomRow.id, slot_id: slotRow.id }).where('id', '=', topic.id).execute();
}

/** The facilitator adds a room (in order: list the largest first). */
export async function addRoom(ctx: AppContext, user: CurrentUser | null, slug: string, sessionId: string, input: { name?: unknown }) {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const name = text(input.name, 'name', 200);
  requireOpenSpace(access, 'name');
  const rows = await ctx.db.selectFrom('community_os_rooms').select('position').where('session_id', '=', access.session.id).execute();
  if (rows.length >= MAX_ROOMS) throw OE.tooManyOpenSpace('name', { max: MAX_ROOMS });
  return ctx.db
    .insertInto('community_os_rooms')
    .values({ session_id: access.session.id, name, position: Math.max(0, ...rows.map((r) => r.position)) + 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The facilitator adds a time slot (in order). */
export async function addSlot(ctx: AppContext, user: CurrentUser | null, slug: string, sessionId: string, input: { label?: unknown }) {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const label = text(input.label, 'label', 100);
  requireOpenSpace(access, 'label');
  const rows = await ctx.db.selectFrom('community_os_slots').select('position').where('session_id', '=', access.session.id).execute();
  if (rows.length >= MAX_SLOTS) throw OE.tooManyOpenSpace('label', { max: MAX_SLOTS });
  return ctx.db
    .insertInto('community_os_slots')
    .values({ session_id: access.session.id, label, position: Math.max(0, ...rows.map((r) => r.position)) + 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * One click: schedules every topic (scheduler.ts: most voted first, no host in two topics at once,
 * no room twice) and saves it. With `keep`, topics already placed stay where they are.
 */
export async function scheduleTopics(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  options: { keep?: boolean } = {},
): Promise<Schedule> {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  requireOpenSpace(access);
  const space = await openSpace(ctx, access.session.id, '');
  const schedule = proposeSchedule(
    space.topics.map((t, i) => ({
      id: t.id,
      votes: t.votes,
      hosts: t.hosts.map((h) => h.userId),
      order: t.created_at.getTime() * 1000 + i,
      fixed: options.keep && t.room_id && t.slot_id ? { room: t.room_id, slot: t.slot_id } : null,
    })),
    space.rooms.map((r) => r.id),
    space.slots.map((s) => s.id),
  );
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('community_topics').set({ room_id: null, slot_id: null }).where('session_id', '=', access.session.id).execute();
    for (const [id, at] of schedule.placed)
      await trx.updateTable('community_topics').set({ room_id: at.room, slot_id: at.slot }).where('id', '=', id).execute();
  });
  return schedule;
}
