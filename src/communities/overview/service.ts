import type { AppContext } from '../../platform/context.ts';

export interface SessionAttendance {
  sessionId: string;
  title: string;
  startsAt: Date;
  registered: number;
  attended: number;
}

export interface MonthCount {
  /** YYYY-MM */
  month: string;
  count: number;
}

export interface FacilitatorOverview {
  /** Past sessions, oldest first (at most the last 24). */
  attendance: SessionAttendance[];
  members: number;
  /** Members who checked in or contributed in the last 90 days. */
  activeRecently: number;
  /** Distinct members who checked in or contributed, per month, the last 12 months. */
  activeByMonth: MonthCount[];
  actions: { open: number; done: number; dropped: number; overdue: number };
  badgesTotal: number;
  badgesByMonth: MonthCount[];
}

const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/** The last `n` months up to `now`'s, oldest first, as YYYY-MM. */
export function lastMonths(now: Date, n: number): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1))));
  return out;
}

/** The figures of a community for its facilitators: attendance, active members, action items, badges issued. */
export async function facilitatorOverview(ctx: AppContext, communityId: string, now = new Date()): Promise<FacilitatorOverview> {
  const sessions = await ctx.db
    .selectFrom('community_sessions')
    .select(['id', 'title', 'starts_at'])
    .where('community_id', '=', communityId)
    .where('starts_at', '<=', now)
    .where('cancelled_at', 'is', null)
    .orderBy('starts_at', 'desc')
    .limit(24)
    .execute();
  const ids = sessions.map((s) => s.id);
  const attendance = ids.length
    ? await ctx.db
        .selectFrom('community_attendance')
        .select(['session_id', 'user_id', 'checked_in_at'])
        .where('session_id', 'in', ids)
        .execute()
    : [];
  const registrations = ids.length
    ? await ctx.db
        .selectFrom('community_registrations')
        .select(['session_id'])
        .where('session_id', 'in', ids)
        .where('status', '=', 'registered')
        .execute()
    : [];

  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  const checkIns = await ctx.db
    .selectFrom('community_attendance as a')
    .innerJoin('community_sessions as s', 's.id', 'a.session_id')
    .select(['a.user_id', 'a.checked_in_at as at'])
    .where('s.community_id', '=', communityId)
    .where('a.checked_in_at', '>=', since)
    .execute();
  const contributions = await ctx.db
    .selectFrom('community_contributions as c')
    .innerJoin('community_sessions as s', 's.id', 'c.session_id')
    .select(['c.user_id', 'c.recorded_at as at'])
    .where('s.community_id', '=', communityId)
    .where('c.recorded_at', '>=', since)
    .execute();
  const members = await ctx.db
    .selectFrom('community_members')
    .select('user_id')
    .where('community_id', '=', communityId)
    .where('status', '=', 'active')
    .execute();
  const memberIds = new Set(members.map((m) => m.user_id));
  const activity = [...checkIns, ...contributions].filter((a) => memberIds.has(a.user_id));
  const months = lastMonths(now, 12);
  const byMonth = new Map(months.map((m) => [m, new Set<string>()]));
  for (const a of activity) byMonth.get(monthOf(new Date(a.at)))?.add(a.user_id);
  const recentSince = now.getTime() - 90 * 86_400_000;
  const recent = new Set(activity.filter((a) => new Date(a.at).getTime() >= recentSince).map((a) => a.user_id));

  const actionRows = await ctx.db
    .selectFrom('community_actions')
    .select(['status', 'due_on'])
    .where('community_id', '=', communityId)
    .execute();
  const today = now.toISOString().slice(0, 10);
  const actions = { open: 0, done: 0, dropped: 0, overdue: 0 };
  for (const a of actionRows) {
    if (a.status === 'open' || a.status === 'done' || a.status === 'dropped') actions[a.status]++;
    if (a.status === 'open' && a.due_on && a.due_on < today) actions.overdue++;
  }

  const awards = await ctx.db
    .selectFrom('community_badge_awards as w')
    .innerJoin('community_badge_rules as r', 'r.id', 'w.rule_id')
    .select('w.issued_at')
    .where('r.community_id', '=', communityId)
    .execute();
  const badges = new Map(months.map((m) => [m, 0]));
  for (const w of awards) {
    const m = monthOf(new Date(w.issued_at));
    if (badges.has(m)) badges.set(m, (badges.get(m) ?? 0) + 1);
  }

  return {
    attendance: sessions
      .map((s) => ({
        sessionId: s.id,
        title: s.title,
        startsAt: new Date(s.starts_at),
        registered: registrations.filter((r) => r.session_id === s.id).length,
        attended: attendance.filter((a) => a.session_id === s.id).length,
      }))
      .reverse(),
    members: memberIds.size,
    activeRecently: recent.size,
    activeByMonth: months.map((m) => ({ month: m, count: byMonth.get(m)?.size ?? 0 })),
    actions,
    badgesTotal: awards.length,
    badgesByMonth: months.map((m) => ({ month: m, count: badges.get(m) ?? 0 })),
  };
}
