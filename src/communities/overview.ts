import type { Selectable } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import { type CallRow, callOpen, listCalls } from './calls.ts';
import type { CommunityAccess } from './communities.ts';
import { personNames } from './people.ts';

export { personNames };
import type { CommunitySessionsTable, CommunityThemesTable } from './schema.ts';

export type ThemeRow = Selectable<CommunityThemesTable>;
export type SessionRow = Selectable<CommunitySessionsTable>;

export interface MemberItem {
  userId: string;
  name: string;
  role: string;
  status: string;
  angle: string | null;
  core: boolean;
}

/** The people of a community with their names (read through the accounts module's users by id). */
export async function listMembers(ctx: AppContext, communityId: string, status: 'active' | 'requested' = 'active'): Promise<MemberItem[]> {
  const rows = await ctx.db
    .selectFrom('community_members')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('status', '=', status)
    .orderBy('joined_at')
    .execute();
  const names = await personNames(
    ctx,
    rows.map((r) => r.user_id),
  );
  const order = { facilitator: 0, expert: 1, member: 2 } as Record<string, number>;
  return rows
    .map((r) => ({ userId: r.user_id, name: names.get(r.user_id) ?? '', role: r.role, status: r.status, angle: r.angle, core: r.core }))
    .sort((a, b) => (order[a.role] ?? 3) - (order[b.role] ?? 3) || a.name.localeCompare(b.name));
}

export interface CommunityOverview {
  themes: ThemeRow[];
  upcoming: SessionRow[];
  past: SessionRow[];
  members: MemberItem[];
  requests: MemberItem[];
  calls: CallRow[];
}

/** What the community page shows: themes, upcoming and recent sessions, and (for members) its people. */
export async function communityOverview(ctx: AppContext, access: CommunityAccess): Promise<CommunityOverview> {
  const id = access.community.id;
  const now = new Date();
  const themes = await ctx.db
    .selectFrom('community_themes')
    .selectAll()
    .where('community_id', '=', id)
    .orderBy('created_at', 'desc')
    .execute();
  const upcoming = await ctx.db
    .selectFrom('community_sessions')
    .selectAll()
    .where('community_id', '=', id)
    .where('ends_at', '>=', now)
    .where('cancelled_at', 'is', null)
    .orderBy('starts_at')
    .limit(20)
    .execute();
  const past = await ctx.db
    .selectFrom('community_sessions')
    .selectAll()
    .where('community_id', '=', id)
    .where('ends_at', '<', now)
    .orderBy('starts_at', 'desc')
    .limit(10)
    .execute();
  const members = access.isMember ? await listMembers(ctx, id) : [];
  const requests = access.isFacilitator ? await listMembers(ctx, id, 'requested') : [];
  const calls = (await listCalls(ctx, id)).filter((c) => access.isFacilitator || callOpen(c));
  return { themes, upcoming, past, members, requests, calls };
}
