import type { Selectable } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import { type CommunityAccess, accessCommunity, isUuid, type Need } from '../communities.ts';
import { E } from '../errors.ts';
import type { CommunitySessionsTable, ContributionKind, SessionKind } from '../schema.ts';

export type SessionRow = Selectable<CommunitySessionsTable>;

/** A community's session, with what the person may do there. */
export interface SessionAccess extends CommunityAccess {
  session: SessionRow;
}

/**
 * The check before anything of a session's work (questions, breakouts, clinic, open space, report)
 * is shown or changed: the community check (`member` or `facilitator`), then the session must be one
 * of that community's (another community's session is a 404, whatever its id).
 */
export async function accessSession(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  need: Exclude<Need, 'see'>,
): Promise<SessionAccess> {
  const access = await accessCommunity(ctx, user, slug, need);
  if (!isUuid(sessionId)) throw E.sessionNotFound();
  const session = await ctx.db
    .selectFrom('community_sessions')
    .selectAll()
    .where('id', '=', sessionId)
    .where('community_id', '=', access.community.id)
    .executeTakeFirst();
  if (!session) throw E.sessionNotFound();
  return { ...access, session };
}

/** Whether a session is of one of the kinds. */
export function isKind(session: SessionRow, kinds: readonly SessionKind[]): boolean {
  return kinds.includes(session.kind);
}

/** The people registered for a session (not on the waiting list, not cancelled), first registered first. */
export async function sessionParticipants(ctx: AppContext, sessionId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('community_registrations')
    .select('user_id')
    .where('session_id', '=', sessionId)
    .where('status', '=', 'registered')
    .orderBy('registered_at')
    .execute();
  return rows.map((r) => r.user_id);
}

/** The address of a session's page part: `/communities/<slug>/sessions/<id>/<rest>`. */
export function sessionUrl(access: SessionAccess, rest = ''): string {
  return `/communities/${encodeURIComponent(access.community.slug)}/sessions/${access.session.id}${rest ? `/${rest}` : ''}`;
}

/**
 * Records what someone did in a session for the participation badge rules (part A counts them):
 * presenting a clinic challenge, leading (taking the notes of) a breakout, suggesting a clinic
 * solution. Once per person, session and kind.
 */
export async function recordContribution(db: AppContext['db'], sessionId: string, userId: string, kind: ContributionKind): Promise<void> {
  await db
    .insertInto('community_contributions')
    .values({ session_id: sessionId, user_id: userId, kind, recorded_at: new Date() })
    .onConflict((oc) => oc.columns(['session_id', 'user_id', 'kind']).doNothing())
    .execute();
}
