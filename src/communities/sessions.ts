import type { Selectable } from 'kysely';
import { getCurrentUser } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import type { Locale } from '../platform/module.ts';
import { dateField } from './calls.ts';
import { accessCommunity, type CommunityAccess, collect, isUuid, text } from './communities.ts';
import { E } from './errors.ts';
import { mailLang } from './members.ts';
import { personNames } from './people.ts';
import type { CommunityAgendaItemsTable, CommunitySessionsTable, RegistrationStatus, SessionKind } from './schema.ts';
import { SESSION_KINDS } from './schema.ts';
import { findTemplate } from './templates.ts';
import { isTimeZone, zonedTime } from './time.ts';

export type SessionRow = Selectable<CommunitySessionsTable>;
export type AgendaItemRow = Selectable<CommunityAgendaItemsTable>;
export const DEFAULT_TIME_ZONE = 'Europe/Amsterdam';
export const MAX_AGENDA_ITEMS = 40;

export interface SessionInput {
  kind?: string;
  template?: string;
  title?: string;
  description?: string;
  theme?: string;
  date?: string;
  startTime?: string;
  endTime?: string;
  timeZone?: string;
  place?: string;
  onlineUrl?: string;
  capacity?: string | number | null;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function urlField(value: unknown, field: string): string | null {
  const v = text(value, field, 2000, true);
  if (!v) return null;
  try {
    const url = new URL(v);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
  } catch {
    // not a URL
  }
  throw PlatformErrors.notUrl(field);
}

function capacityField(value: unknown): number | null {
  const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!raw) return null;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 100_000) throw E.capacityRange('capacity', { min: 1, max: 100_000 });
  return Number(raw);
}

async function validate(ctx: AppContext, communityId: string, input: SessionInput, _creating: boolean) {
  const values = collect({
    kind: () => {
      const kind = input.kind ?? '';
      if (!(SESSION_KINDS as readonly string[]).includes(kind)) throw PlatformErrors.oneOf('kind', { options: SESSION_KINDS.join(', ') });
      return kind as SessionKind;
    },
    title: () => text(input.title, 'title', 200),
    description: () => text(input.description, 'description', 5000, true),
    date: () => dateField(input.date, 'date', false) as string,
    startTime: () => {
      const v = (input.startTime ?? '').trim();
      if (!v) throw PlatformErrors.required('startTime');
      if (!TIME.test(v)) throw E.badTime('startTime');
      return v;
    },
    endTime: () => {
      const v = (input.endTime ?? '').trim();
      if (!v) throw PlatformErrors.required('endTime');
      if (!TIME.test(v)) throw E.badTime('endTime');
      return v;
    },
    time_zone: () => {
      const v = (input.timeZone ?? '').trim() || DEFAULT_TIME_ZONE;
      if (!isTimeZone(v)) throw E.badTimeZone('timeZone');
      return v;
    },
    place: () => text(input.place, 'place', 500, true) || null,
    online_url: () => urlField(input.onlineUrl, 'onlineUrl'),
    capacity: () => capacityField(input.capacity),
  });
  const starts = zonedTime(values.date, values.startTime, values.time_zone);
  let ends = zonedTime(values.date, values.endTime, values.time_zone);
  // A session that ends before it starts ends the next day (an evening into the night).
  if (ends <= starts) ends = new Date(ends.getTime() + 24 * 3600_000);
  let themeId: string | null = null;
  if (input.theme) {
    const theme = isUuid(input.theme)
      ? await ctx.db
          .selectFrom('community_themes')
          .select('id')
          .where('id', '=', input.theme)
          .where('community_id', '=', communityId)
          .executeTakeFirst()
      : undefined;
    if (!theme) throw E.themeNotFound('theme');
    themeId = theme.id;
  }
  const { date: _d, startTime: _s, endTime: _e, ...rest } = values;
  return { ...rest, theme_id: themeId, starts_at: starts, ends_at: ends };
}

/**
 * A facilitator plans a session from a template (built-in or the community's own): the template's
 * agenda items become the session's, in the facilitator's language for a built-in one.
 */
export async function createSession(
  ctx: AppContext,
  user: CurrentUser | null,
  ref: string,
  input: SessionInput,
  lang: Locale,
): Promise<SessionRow> {
  const { community } = await accessCommunity(ctx, user, ref, 'facilitator');
  let template: Awaited<ReturnType<typeof findTemplate>> | null = null;
  try {
    if (input.template) template = await findTemplate(ctx, community.id, input.template, lang);
  } catch (error) {
    // Checked with the other fields below, so the form shows every problem at once.
    if ((error as AppError).code !== E.templateNotFound.code) throw error;
  }
  const missing = template ? null : input.template ? E.templateNotFound('template') : PlatformErrors.required('template');
  let values: Awaited<ReturnType<typeof validate>>;
  try {
    values = await validate(ctx, community.id, { ...input, kind: input.kind || template?.kind }, false);
  } catch (error) {
    throw missing && error instanceof AppError && error.status === 400 ? missing.and(error) : error;
  }
  if (!template || missing) throw missing ?? E.templateNotFound('template');
  return ctx.db.transaction().execute(async (trx) => {
    const session = await trx
      .insertInto('community_sessions')
      .values({ community_id: community.id, ...values, template: template.id, created_by: (user as CurrentUser).id })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (template.items.length)
      await trx
        .insertInto('community_agenda_items')
        .values(template.items.map((item, i) => ({ session_id: session.id, position: i, title: item.title, minutes: item.minutes })))
        .execute();
    return session;
  });
}

export async function updateSession(
  ctx: AppContext,
  user: CurrentUser | null,
  sessionId: string,
  input: SessionInput,
): Promise<SessionRow> {
  const { session } = await accessSession(ctx, user, sessionId, 'facilitator');
  const values = await validate(ctx, session.community_id, input, false);
  const updated = await ctx.db
    .updateTable('community_sessions')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', session.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  // More places may let people off the waiting list.
  await promoteWaiting(ctx, updated);
  return updated;
}

/** Cancels a session (it stays, marked cancelled) and tells the people registered. */
export async function cancelSession(ctx: AppContext, user: CurrentUser | null, sessionId: string): Promise<void> {
  const { session } = await accessSession(ctx, user, sessionId, 'facilitator');
  if (session.cancelled_at) return;
  await ctx.db
    .updateTable('community_sessions')
    .set({ cancelled_at: new Date(), updated_at: new Date() })
    .where('id', '=', session.id)
    .execute();
  const people = await ctx.db
    .selectFrom('community_registrations')
    .select('user_id')
    .where('session_id', '=', session.id)
    .where('status', '<>', 'cancelled')
    .execute();
  for (const { user_id } of people) await mailPerson(ctx, user_id, 'cancelled', { session: session.title });
}

/** A session and its community, for a person who needs `need` in the community. */
export async function accessSession(
  ctx: AppContext,
  user: CurrentUser | null,
  sessionId: string,
  need: 'see' | 'member' | 'facilitator',
): Promise<{ session: SessionRow; access: CommunityAccess }> {
  if (!user) throw PlatformErrors.unauthorized();
  if (!isUuid(sessionId)) throw E.sessionNotFound();
  const session = await ctx.db.selectFrom('community_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!session) throw E.sessionNotFound();
  return { session, access: await accessCommunity(ctx, user, session.community_id, need) };
}

export interface AgendaItem extends AgendaItemRow {
  leadName: string | null;
  /** When the item starts, counted from the session's start and the minutes before it. */
  startsAt: Date;
}

export async function agendaOf(ctx: AppContext, session: SessionRow): Promise<AgendaItem[]> {
  const rows = await ctx.db
    .selectFrom('community_agenda_items')
    .selectAll()
    .where('session_id', '=', session.id)
    .orderBy('position')
    .execute();
  const names = await personNames(
    ctx,
    rows.flatMap((r) => (r.lead_user_id ? [r.lead_user_id] : [])),
  );
  let at = new Date(session.starts_at).getTime();
  return rows.map((r) => {
    const item = { ...r, leadName: r.lead_user_id ? (names.get(r.lead_user_id) ?? null) : r.lead_name, startsAt: new Date(at) };
    at += r.minutes * 60_000;
    return item;
  });
}

export interface AgendaItemInput {
  title?: string;
  minutes?: string | number;
  /** A member's user id, or a name (a guest). */
  lead?: string;
}

/** Adds an agenda item at the end; its lead is a member (by id) or a name. */
export async function addAgendaItem(
  ctx: AppContext,
  user: CurrentUser | null,
  sessionId: string,
  input: AgendaItemInput,
): Promise<AgendaItemRow> {
  const { session } = await accessSession(ctx, user, sessionId, 'facilitator');
  const values = collect({
    title: () => text(input.title, 'title', 300),
    minutes: () => {
      const raw = String(input.minutes ?? '').trim();
      if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 24 * 60) throw E.minutesRange('minutes', { min: 1, max: 24 * 60 });
      return Number(raw);
    },
    lead: () => text(input.lead, 'lead', 200, true),
  });
  let leadUser: string | null = null;
  let leadName: string | null = null;
  if (values.lead && isUuid(values.lead)) {
    const member = await ctx.db
      .selectFrom('community_members')
      .select('user_id')
      .where('community_id', '=', session.community_id)
      .where('user_id', '=', values.lead)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!member) throw E.memberNotFound('lead');
    leadUser = member.user_id;
  } else if (values.lead) leadName = values.lead;
  const { n } = await ctx.db
    .selectFrom('community_agenda_items')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('session_id', '=', session.id)
    .executeTakeFirstOrThrow();
  if (Number(n) >= MAX_AGENDA_ITEMS) throw E.tooManyItems('title', { max: MAX_AGENDA_ITEMS });
  const last = await ctx.db
    .selectFrom('community_agenda_items')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('session_id', '=', session.id)
    .executeTakeFirst();
  return ctx.db
    .insertInto('community_agenda_items')
    .values({
      session_id: session.id,
      position: Number(last?.p ?? -1) + 1,
      title: values.title,
      minutes: values.minutes,
      lead_user_id: leadUser,
      lead_name: leadName,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function removeAgendaItem(ctx: AppContext, user: CurrentUser | null, itemId: string): Promise<string> {
  if (!user) throw PlatformErrors.unauthorized();
  if (!isUuid(itemId)) throw E.agendaItemNotFound();
  const item = await ctx.db.selectFrom('community_agenda_items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!item) throw E.agendaItemNotFound();
  await accessSession(ctx, user, item.session_id, 'facilitator');
  await ctx.db.deleteFrom('community_agenda_items').where('id', '=', item.id).execute();
  return item.session_id;
}

// ---------------------------------------------------------------------------------------------
// Registration with capacity and a waiting list

export interface RegistrationItem {
  userId: string;
  name: string;
  status: RegistrationStatus;
  registeredAt: Date;
}

export async function listRegistrations(ctx: AppContext, sessionId: string): Promise<RegistrationItem[]> {
  const rows = await ctx.db
    .selectFrom('community_registrations')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('status', '<>', 'cancelled')
    .orderBy('registered_at')
    .orderBy('user_id')
    .execute();
  const names = await personNames(
    ctx,
    rows.map((r) => r.user_id),
  );
  return rows.map((r) => ({
    userId: r.user_id,
    name: names.get(r.user_id) ?? '',
    status: r.status,
    registeredAt: new Date(r.registered_at),
  }));
}

export async function registrationOf(ctx: AppContext, sessionId: string, userId: string) {
  return (
    (await ctx.db
      .selectFrom('community_registrations')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('user_id', '=', userId)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Registers a member for a session: a place while there is one, else the waiting list (first come,
 * first promoted). Registering again changes nothing. A session that is over or cancelled takes none.
 */
export async function register(ctx: AppContext, user: CurrentUser | null, sessionId: string): Promise<RegistrationStatus> {
  const { session } = await accessSession(ctx, user, sessionId, 'member');
  if (session.cancelled_at) throw E.sessionCancelled();
  if (new Date(session.ends_at) < new Date()) throw E.sessionOver();
  const me = (user as CurrentUser).id;
  return ctx.db.transaction().execute(async (trx) => {
    // One registration at a time per session: the row lock orders them.
    await trx.selectFrom('community_sessions').select('id').where('id', '=', session.id).forUpdate().execute();
    const existing = await trx
      .selectFrom('community_registrations')
      .selectAll()
      .where('session_id', '=', session.id)
      .where('user_id', '=', me)
      .executeTakeFirst();
    if (existing && existing.status !== 'cancelled') return existing.status;
    const { n } = await trx
      .selectFrom('community_registrations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('session_id', '=', session.id)
      .where('status', '=', 'registered')
      .executeTakeFirstOrThrow();
    const status: RegistrationStatus = session.capacity === null || Number(n) < session.capacity ? 'registered' : 'waiting';
    const now = new Date();
    await trx
      .insertInto('community_registrations')
      .values({ session_id: session.id, user_id: me, status, registered_at: now, updated_at: now, reminded_at: null })
      .onConflict((oc) =>
        oc.columns(['session_id', 'user_id']).doUpdateSet({ status, registered_at: now, updated_at: now, reminded_at: null }),
      )
      .execute();
    return status;
  });
}

/** Cancels a registration; the first on the waiting list gets the place and a mail. */
export async function unregister(ctx: AppContext, user: CurrentUser | null, sessionId: string): Promise<void> {
  const { session } = await accessSession(ctx, user, sessionId, 'see');
  await ctx.db
    .updateTable('community_registrations')
    .set({ status: 'cancelled', updated_at: new Date() })
    .where('session_id', '=', session.id)
    .where('user_id', '=', (user as CurrentUser).id)
    .execute();
  await promoteWaiting(ctx, session);
}

/** Gives free places to the waiting list in order, and mails each person promoted. */
export async function promoteWaiting(ctx: AppContext, session: SessionRow): Promise<string[]> {
  const promoted = await ctx.db.transaction().execute(async (trx) => {
    await trx.selectFrom('community_sessions').select('id').where('id', '=', session.id).forUpdate().execute();
    const { n } = await trx
      .selectFrom('community_registrations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('session_id', '=', session.id)
      .where('status', '=', 'registered')
      .executeTakeFirstOrThrow();
    const free = session.capacity === null ? Number.POSITIVE_INFINITY : session.capacity - Number(n);
    if (free <= 0) return [];
    const waiting = await trx
      .selectFrom('community_registrations')
      .select('user_id')
      .where('session_id', '=', session.id)
      .where('status', '=', 'waiting')
      .orderBy('registered_at')
      .orderBy('user_id')
      .limit(Number.isFinite(free) ? free : 100_000)
      .execute();
    const ids = waiting.map((w) => w.user_id);
    if (ids.length)
      await trx
        .updateTable('community_registrations')
        .set({ status: 'registered', updated_at: new Date() })
        .where('session_id', '=', session.id)
        .where('user_id', 'in', ids)
        .execute();
    return ids;
  });
  for (const id of promoted)
    await mailPerson(ctx, id, 'promoted', { session: session.title, link: `${ctx.config.baseUrl}/communities/sessions/${session.id}` });
  return promoted;
}

/** A mail of the module to one person, in their language (`mail.<key>.subject` and `.body`). */
export async function mailPerson(ctx: AppContext, userId: string, key: string, vars: Record<string, string>): Promise<void> {
  const person = await getCurrentUser(ctx.db, userId);
  if (!person) return;
  const t = ctx.i18n.getFixedT(await mailLang(ctx, userId), 'communities');
  const all = { name: person.name || person.email, ...vars };
  await ctx.mail.send({ to: person.email, subject: t(`mail.${key}.subject`, all), text: t(`mail.${key}.body`, all) });
}
