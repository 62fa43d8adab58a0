import { confirmedAddresses, getCurrentUser, isEmail, normaliseEmail } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import { randomToken, sha256 } from '../platform/crypto.ts';
import { PlatformErrors } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import type { Locale } from '../platform/module.ts';
import { accessCommunity, type CommunityRow, collect, isUuid, text } from './communities.ts';
import { E } from './errors.ts';
import { MEMBER_ROLES, type MemberRole } from './schema.ts';

/** The language of a person's mails: the one they chose, else English. */
export async function mailLang(ctx: AppContext, userId: string): Promise<Locale> {
  const user = await getCurrentUser(ctx.db, userId);
  return user?.locale === 'nl' ? 'nl' : 'en';
}

/**
 * Joins a community: an open one at once, one by request as a request a facilitator answers. A
 * community by invitation takes no one this way (404, as for anyone outside it).
 */
export async function joinCommunity(ctx: AppContext, user: CurrentUser | null, ref: string): Promise<'active' | 'requested'> {
  const { community, membership } = await accessCommunity(ctx, user, ref, 'see');
  if (membership) return membership.status;
  if (community.visibility === 'invitation') throw E.byInvitation();
  const status = community.visibility === 'open' ? 'active' : 'requested';
  await ctx.db
    .insertInto('community_members')
    .values({ community_id: community.id, user_id: (user as CurrentUser).id, role: 'member', status, angle: null, joined_at: new Date() })
    .onConflict((oc) => oc.columns(['community_id', 'user_id']).doNothing())
    .execute();
  return status;
}

/** Leaves a community (or withdraws a request). The last facilitator cannot leave. */
export async function leaveCommunity(ctx: AppContext, user: CurrentUser | null, ref: string): Promise<void> {
  const { community, membership } = await accessCommunity(ctx, user, ref, 'see');
  if (!membership) return;
  if (membership.role === 'facilitator') await keepAFacilitator(ctx, community.id, membership.user_id);
  await ctx.db.deleteFrom('community_members').where('community_id', '=', community.id).where('user_id', '=', membership.user_id).execute();
}

async function keepAFacilitator(ctx: AppContext, communityId: string, leaving: string): Promise<void> {
  const others = await ctx.db
    .selectFrom('community_members')
    .select('user_id')
    .where('community_id', '=', communityId)
    .where('role', '=', 'facilitator')
    .where('status', '=', 'active')
    .where('user_id', '<>', leaving)
    .execute();
  if (others.length === 0) throw E.lastFacilitator();
}

export interface MemberChange {
  role?: string;
  angle?: string;
  core?: string | boolean;
}

/** A facilitator accepts a request to join, changes a member's role, angle or core-group place. */
export async function changeMember(
  ctx: AppContext,
  user: CurrentUser | null,
  ref: string,
  userId: string,
  input: MemberChange,
): Promise<void> {
  const { community } = await accessCommunity(ctx, user, ref, 'facilitator');
  if (!isUuid(userId)) throw E.memberNotFound();
  const row = await ctx.db
    .selectFrom('community_members')
    .selectAll()
    .where('community_id', '=', community.id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw E.memberNotFound();
  const values = collect({
    role: () => {
      const role = input.role ?? row.role;
      if (!(MEMBER_ROLES as readonly string[]).includes(role)) throw PlatformErrors.oneOf('role', { options: MEMBER_ROLES.join(', ') });
      return role as MemberRole;
    },
    angle: () => (input.angle === undefined ? row.angle : text(input.angle, 'angle', 200, true) || null),
  });
  if (row.role === 'facilitator' && values.role !== 'facilitator') await keepAFacilitator(ctx, community.id, userId);
  const core = input.core === undefined ? row.core : input.core === true || input.core === 'on' || input.core === 'true';
  await ctx.db
    .updateTable('community_members')
    .set({ ...values, core, status: 'active' })
    .where('community_id', '=', community.id)
    .where('user_id', '=', userId)
    .execute();
}

/** A facilitator removes a member, or declines a request to join. */
export async function removeMember(ctx: AppContext, user: CurrentUser | null, ref: string, userId: string): Promise<void> {
  const { community } = await accessCommunity(ctx, user, ref, 'facilitator');
  if (!isUuid(userId)) throw E.memberNotFound();
  const row = await ctx.db
    .selectFrom('community_members')
    .selectAll()
    .where('community_id', '=', community.id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw E.memberNotFound();
  if (row.role === 'facilitator') await keepAFacilitator(ctx, community.id, userId);
  await ctx.db.deleteFrom('community_members').where('community_id', '=', community.id).where('user_id', '=', userId).execute();
}

export interface InvitationInput {
  email?: string;
  role?: string;
  angle?: string;
}

/** A facilitator invites someone by mail (a member, another facilitator, or a guest expert with an angle). */
export async function inviteToCommunity(
  ctx: AppContext,
  user: CurrentUser | null,
  ref: string,
  input: InvitationInput,
  lang: Locale,
): Promise<{ id: string; token: string }> {
  const { community } = await accessCommunity(ctx, user, ref, 'facilitator');
  const values = collect({
    email: () => {
      const email = normaliseEmail(text(input.email, 'email', 320));
      if (!isEmail(email)) throw PlatformErrors.notEmail('email');
      return email;
    },
    role: () => {
      const role = input.role || 'member';
      if (!(MEMBER_ROLES as readonly string[]).includes(role)) throw PlatformErrors.oneOf('role', { options: MEMBER_ROLES.join(', ') });
      return role as MemberRole;
    },
    angle: () => text(input.angle, 'angle', 200, true) || null,
  });
  const token = randomToken(24);
  const row = await ctx.db
    .insertInto('community_invitations')
    .values({ community_id: community.id, ...values, token_hash: sha256(token), invited_by: (user as CurrentUser).id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const t = ctx.i18n.getFixedT(lang, 'communities');
  const vars = {
    community: community.name,
    name: (user as CurrentUser).name,
    link: `${ctx.config.baseUrl}/communities/invitations/${token}`,
  };
  await ctx.mail.send({ to: values.email, subject: t('mail.invitation.subject', vars), text: t('mail.invitation.body', vars) });
  return { id: row.id, token };
}

/** The community an invitation link is for (null when unknown or used). */
export async function findInvitation(
  ctx: AppContext,
  token: string,
): Promise<{ community: CommunityRow; email: string; role: string } | null> {
  if (!token || token.length > 100) return null;
  const row = await ctx.db
    .selectFrom('community_invitations as i')
    .innerJoin('communities as c', 'c.id', 'i.community_id')
    .selectAll('c')
    .select(['i.email', 'i.role as invited_role', 'i.accepted_at'])
    .where('i.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.accepted_at) return null;
  const { email, invited_role, accepted_at: _, ...community } = row;
  return { community: community as CommunityRow, email, role: invited_role };
}

/** Accepts an invitation signed in with the invited address (confirmed). */
export async function acceptInvitation(ctx: AppContext, user: CurrentUser | null, token: string): Promise<CommunityRow> {
  if (!user) throw PlatformErrors.unauthorized();
  if (!token || token.length > 100) throw E.invitationNotFound();
  const invitation = await ctx.db
    .selectFrom('community_invitations')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!invitation || invitation.accepted_at) throw E.invitationNotFound();
  const addresses = await confirmedAddresses(ctx.db, user.id);
  if (!addresses.includes(invitation.email)) throw E.invitationOtherAddress(undefined, { email: invitation.email });
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('community_invitations').set({ accepted_at: new Date() }).where('id', '=', invitation.id).execute();
    await trx
      .insertInto('community_members')
      .values({
        community_id: invitation.community_id,
        user_id: user.id,
        role: invitation.role,
        status: 'active',
        angle: invitation.angle,
        joined_at: new Date(),
      })
      .onConflict((oc) =>
        oc.columns(['community_id', 'user_id']).doUpdateSet({ status: 'active', role: invitation.role, angle: invitation.angle }),
      )
      .execute();
  });
  return (await ctx.db
    .selectFrom('communities')
    .selectAll()
    .where('id', '=', invitation.community_id)
    .executeTakeFirstOrThrow()) as CommunityRow;
}
