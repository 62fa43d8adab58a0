import type { AppContext } from '../platform/context.ts';
import { randomToken } from '../platform/crypto.ts';
import type { SessionRow } from './sessions.ts';

/** RFC 5545 TEXT: backslash, semicolon, comma and newline escaped. */
function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** A UTC date-time as iCalendar writes it (20270114T130000Z). */
function utc(at: Date | string): string {
  return new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Folds a content line at 75 octets (continuation lines start with a space), never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const bytes = Buffer.byteLength(char);
    if (size + bytes > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += bytes;
  }
  out.push(current);
  return out.join('\r\n ');
}

export interface CalendarEvent {
  session: SessionRow;
  communityName: string;
  url: string;
}

/**
 * An iCalendar document of sessions. Times are UTC instants (DTSTART…Z), so every calendar shows
 * them in its own local time; the session's own time zone is named in the description.
 */
export function icalendar(name: string, events: CalendarEvent[], baseUrl: string): string {
  const host = new URL(baseUrl).host;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Vaardig//Communities//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
  ];
  for (const { session, communityName, url } of events) {
    const where = [session.place, session.online_url].filter(Boolean).join(' · ');
    const description = [session.description, `${communityName} (${session.time_zone})`, url].filter(Boolean).join('\n\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${session.id}@${host}`,
      `DTSTAMP:${utc(session.updated_at)}`,
      `DTSTART:${utc(session.starts_at)}`,
      `DTEND:${utc(session.ends_at)}`,
      `SUMMARY:${escapeText(session.title)}`,
      `DESCRIPTION:${escapeText(description)}`,
      ...(where ? [`LOCATION:${escapeText(where)}`] : []),
      `URL:${url}`,
      `STATUS:${session.cancelled_at ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** The sessions of a community (or a person's) as calendar events. */
export async function eventsOf(ctx: AppContext, sessions: SessionRow[]): Promise<CalendarEvent[]> {
  const names = new Map<string, string>();
  const out: CalendarEvent[] = [];
  for (const session of sessions) {
    if (!names.has(session.community_id)) {
      const row = await ctx.db.selectFrom('communities').select('name').where('id', '=', session.community_id).executeTakeFirst();
      names.set(session.community_id, row?.name ?? '');
    }
    out.push({
      session,
      communityName: names.get(session.community_id) ?? '',
      url: `${ctx.config.baseUrl}/communities/sessions/${session.id}`,
    });
  }
  return out;
}

/** A community's feed: its sessions from a year back on, found by the community's secret token. */
export async function communityFeed(ctx: AppContext, token: string): Promise<string | null> {
  if (!token || token.length > 100) return null;
  const community = await ctx.db.selectFrom('communities').selectAll().where('feed_token', '=', token).executeTakeFirst();
  if (!community) return null;
  const sessions = await ctx.db
    .selectFrom('community_sessions')
    .selectAll()
    .where('community_id', '=', community.id)
    .where('starts_at', '>', new Date(Date.now() - 365 * 86_400_000))
    .orderBy('starts_at')
    .execute();
  return icalendar(community.name, await eventsOf(ctx, sessions), ctx.config.baseUrl);
}

/** A person's feed token (made on first use). */
export async function personalFeedToken(ctx: AppContext, userId: string): Promise<string> {
  const existing = await ctx.db.selectFrom('community_feed_tokens').select('token').where('user_id', '=', userId).executeTakeFirst();
  if (existing) return existing.token;
  await ctx.db
    .insertInto('community_feed_tokens')
    .values({ user_id: userId, token: randomToken(24) })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  return (await ctx.db.selectFrom('community_feed_tokens').select('token').where('user_id', '=', userId).executeTakeFirstOrThrow()).token;
}

/** A new secret for the person's feed: the old address stops working. */
export async function resetPersonalFeed(ctx: AppContext, userId: string): Promise<string> {
  const token = randomToken(24);
  await ctx.db
    .insertInto('community_feed_tokens')
    .values({ user_id: userId, token })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ token, created_at: new Date() }))
    .execute();
  return token;
}

/** A person's feed: every session they registered for (or wait for), found by their token. */
export async function personalFeed(ctx: AppContext, token: string, calendarName: string): Promise<string | null> {
  if (!token || token.length > 100) return null;
  const row = await ctx.db.selectFrom('community_feed_tokens').select('user_id').where('token', '=', token).executeTakeFirst();
  if (!row) return null;
  const sessions = await ctx.db
    .selectFrom('community_sessions as s')
    .innerJoin('community_registrations as r', 'r.session_id', 's.id')
    .selectAll('s')
    .where('r.user_id', '=', row.user_id)
    .where('r.status', '<>', 'cancelled')
    .where('s.starts_at', '>', new Date(Date.now() - 365 * 86_400_000))
    .orderBy('s.starts_at')
    .execute();
  return icalendar(calendarName, await eventsOf(ctx, sessions), ctx.config.baseUrl);
}
