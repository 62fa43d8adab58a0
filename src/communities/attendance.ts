import { createHmac } from 'node:crypto';
import QRCode from 'qrcode';
import type { AppContext } from '../platform/context.ts';
import { safeEqual } from '../platform/crypto.ts';
import { PlatformErrors } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import { awardAttendance, type RuleRunResult } from './badges.ts';
import { isUuid } from './communities.ts';
import { E } from './errors.ts';
import { personNames } from './people.ts';
import { CONTRIBUTION_KINDS, type ContributionKind } from './schema.ts';
import { accessSession, type SessionRow } from './sessions.ts';

/** Check-in opens this long before a session starts and closes this long after it ends. */
export const CHECK_IN_MARGIN_MINUTES = 60;
export const CODE_DIGITS = 6;

const minuteOf = (at: Date) => Math.floor(at.getTime() / 60_000);

/**
 * The code shown in the room for one minute: an HMAC of the session id and the minute under the
 * instance secret, as six digits. A photo sent away works for a minute or two at most, and a code
 * of one session is no code of another.
 */
export function checkInCode(secret: string, sessionId: string, minute: number): string {
  const digest = createHmac('sha256', `${secret}:communities:check-in`).update(`${sessionId}:${minute}`).digest();
  const n = digest.readUInt32BE(0) % 10 ** CODE_DIGITS;
  return String(n).padStart(CODE_DIGITS, '0');
}

export function currentCode(ctx: AppContext, sessionId: string, now = new Date()): { code: string; validUntil: Date } {
  const minute = minuteOf(now);
  return { code: checkInCode(ctx.config.secret, sessionId, minute), validUntil: new Date((minute + 2) * 60_000) };
}

/** Whether a code is this session's code of this minute or the one before. */
export function codeValid(ctx: AppContext, sessionId: string, code: string, now = new Date()): boolean {
  const given = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(given)) return false;
  const minute = minuteOf(now);
  return [minute, minute - 1].some((m) => safeEqual(checkInCode(ctx.config.secret, sessionId, m), given));
}

export function checkInOpen(session: Pick<SessionRow, 'starts_at' | 'ends_at' | 'cancelled_at'>, now = new Date()): boolean {
  if (session.cancelled_at) return false;
  const margin = CHECK_IN_MARGIN_MINUTES * 60_000;
  return now.getTime() >= new Date(session.starts_at).getTime() - margin && now.getTime() <= new Date(session.ends_at).getTime() + margin;
}

/** The check-in link a QR code carries: the session's check-in page with the code filled in. */
export function checkInUrl(ctx: AppContext, sessionId: string, code: string): string {
  return `${ctx.config.baseUrl}/communities/sessions/${sessionId}/check-in?code=${code}`;
}

export function checkInQr(ctx: AppContext, sessionId: string, now = new Date()): Promise<string> {
  return QRCode.toString(checkInUrl(ctx, sessionId, currentCode(ctx, sessionId, now).code), {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
  });
}

/**
 * A member checks in with the code shown in the room. Checking in twice keeps the first time. The
 * badges of attendance rules they now meet are issued at once (answered, to be said on the page).
 */
export async function checkIn(
  ctx: AppContext,
  user: CurrentUser | null,
  sessionId: string,
  code: string,
  now = new Date(),
): Promise<RuleRunResult['awarded']> {
  const { session } = await accessSession(ctx, user, sessionId, 'member');
  if (!checkInOpen(session, now)) throw E.checkInClosed('code');
  if (!code?.trim()) throw PlatformErrors.required('code');
  if (!codeValid(ctx, session.id, code, now)) throw E.badCode('code');
  await ctx.db
    .insertInto('community_attendance')
    .values({ session_id: session.id, user_id: (user as CurrentUser).id, method: 'code', recorded_by: null, checked_in_at: now })
    .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
    .execute();
  return awardAttendance(ctx, session.community_id, (user as CurrentUser).id, now);
}

export interface AttendanceMark {
  userId?: string;
  present?: boolean;
  /** Contributions in this session (presented, …): the kinds listed are set, the others cleared. */
  contributions?: string[];
}

/**
 * A facilitator marks a member present or absent, and what they contributed. Marked present, the
 * member gets at once the badges of attendance rules they now meet (as with a check-in).
 */
export async function markAttendance(
  ctx: AppContext,
  user: CurrentUser | null,
  sessionId: string,
  mark: AttendanceMark,
): Promise<RuleRunResult['awarded']> {
  const { session } = await accessSession(ctx, user, sessionId, 'facilitator');
  if (!mark.userId || !isUuid(mark.userId)) throw E.memberNotFound('userId');
  const member = await ctx.db
    .selectFrom('community_members')
    .select('user_id')
    .where('community_id', '=', session.community_id)
    .where('user_id', '=', mark.userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!member) throw E.memberNotFound('userId');
  const kinds = (mark.contributions ?? []).filter(Boolean);
  for (const kind of kinds)
    if (!(CONTRIBUTION_KINDS as readonly string[]).includes(kind))
      throw PlatformErrors.oneOf('contributions', { options: CONTRIBUTION_KINDS.join(', ') });
  await ctx.db.transaction().execute(async (trx) => {
    if (mark.present)
      await trx
        .insertInto('community_attendance')
        .values({ session_id: session.id, user_id: member.user_id, method: 'facilitator', recorded_by: (user as CurrentUser).id })
        .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
        .execute();
    else await trx.deleteFrom('community_attendance').where('session_id', '=', session.id).where('user_id', '=', member.user_id).execute();
    await trx
      .deleteFrom('community_contributions')
      .where('session_id', '=', session.id)
      .where('user_id', '=', member.user_id)
      .where('kind', '=', 'presented')
      .execute();
    for (const kind of kinds)
      await trx
        .insertInto('community_contributions')
        .values({ session_id: session.id, user_id: member.user_id, kind: kind as ContributionKind })
        .onConflict((oc) => oc.columns(['session_id', 'user_id', 'kind']).doNothing())
        .execute();
  });
  return mark.present ? awardAttendance(ctx, session.community_id, member.user_id) : [];
}

/**
 * Records what someone did in a session (led a breakout, contributed a clinic solution, presented),
 * for the participation badge rules; once per kind. Part B calls this (through api.ts).
 */
export async function recordContribution(ctx: AppContext, sessionId: string, userId: string, kind: ContributionKind): Promise<void> {
  await ctx.db
    .insertInto('community_contributions')
    .values({ session_id: sessionId, user_id: userId, kind })
    .onConflict((oc) => oc.columns(['session_id', 'user_id', 'kind']).doNothing())
    .execute();
}

export interface AttendanceRow {
  userId: string;
  name: string;
  present: boolean;
  method: string | null;
  checkedInAt: Date | null;
  contributions: string[];
}

/** Every member of the community with whether they attended the session and what they contributed. */
export async function sessionAttendance(ctx: AppContext, session: SessionRow): Promise<AttendanceRow[]> {
  const members = await ctx.db
    .selectFrom('community_members')
    .select('user_id')
    .where('community_id', '=', session.community_id)
    .where('status', '=', 'active')
    .execute();
  const present = await ctx.db.selectFrom('community_attendance').selectAll().where('session_id', '=', session.id).execute();
  const contributions = await ctx.db.selectFrom('community_contributions').selectAll().where('session_id', '=', session.id).execute();
  const ids = [...new Set([...members.map((m) => m.user_id), ...present.map((p) => p.user_id)])];
  const names = await personNames(ctx, ids);
  const byUser = new Map(present.map((p) => [p.user_id, p]));
  return ids
    .map((id) => {
      const row = byUser.get(id);
      return {
        userId: id,
        name: names.get(id) ?? '',
        present: Boolean(row),
        method: row?.method ?? null,
        checkedInAt: row ? new Date(row.checked_in_at) : null,
        contributions: contributions.filter((c) => c.user_id === id).map((c) => c.kind),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface ThemeAttendance {
  sessions: { id: string; title: string; startsAt: Date }[];
  people: { userId: string; name: string; attended: Set<string>; count: number }[];
}

/** Who attended which session of a theme. */
export async function themeAttendance(ctx: AppContext, themeId: string): Promise<ThemeAttendance> {
  const sessions = await ctx.db
    .selectFrom('community_sessions')
    .select(['id', 'title', 'starts_at'])
    .where('theme_id', '=', themeId)
    .where('cancelled_at', 'is', null)
    .where('starts_at', '<', new Date())
    .orderBy('starts_at')
    .execute();
  const rows = sessions.length
    ? await ctx.db
        .selectFrom('community_attendance')
        .select(['session_id', 'user_id'])
        .where(
          'session_id',
          'in',
          sessions.map((s) => s.id),
        )
        .execute()
    : [];
  const names = await personNames(
    ctx,
    rows.map((r) => r.user_id),
  );
  const people = new Map<string, Set<string>>();
  for (const r of rows) people.set(r.user_id, (people.get(r.user_id) ?? new Set()).add(r.session_id));
  return {
    sessions: sessions.map((s) => ({ id: s.id, title: s.title, startsAt: new Date(s.starts_at) })),
    people: [...people.entries()]
      .map(([userId, attended]) => ({ userId, name: names.get(userId) ?? '', attended, count: attended.size }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
