import { sql } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import type { OutboxMail } from '../platform/mail.ts';
import { randomToken, sha256 } from '../platform/crypto.ts';
import { invalidFields, PlatformErrors } from '../platform/errors.ts';
import type { Locale } from '../platform/module.ts';
import { ORG_ROLES, type OrgRole } from './schema.ts';
import { ANY_ROLE, findOrganisation, MANAGER_ROLES, type OrganisationRow, requireOrgRole } from './authorisation.ts';
import { sendAccountMail } from './mails.ts';
import { E } from './errors.ts';
import { createOrganisation, isEmail, type NewOrganisation, normaliseEmail } from './service.ts';
import type { CurrentUser } from './sessions.ts';
import { isUuid } from './tokens.ts';

export const INVITATION_DAYS = 7;

export function isOrgRole(value: unknown): value is OrgRole {
  return typeof value === 'string' && (ORG_ROLES as readonly string[]).includes(value);
}

/** Creates an organisation with the person as its owner. Needs a confirmed email address. */
export async function createOrganisationAs(
  ctx: AppContext,
  user: CurrentUser,
  input: Omit<NewOrganisation, 'isDemo'>,
): Promise<OrganisationRow> {
  if (!user.emailConfirmed) throw E.emailNotConfirmed();
  const { id } = await createOrganisation(ctx.db, { ...input, isDemo: false }, user.id);
  return (await findOrganisation(ctx.db, id)) as OrganisationRow;
}

export interface OrganisationSummary extends OrganisationRow {
  role: OrgRole | null;
  memberCount: number;
}

function summaryQuery(ctx: AppContext, userId: string) {
  return ctx.db
    .selectFrom('organisations as o')
    .leftJoin('memberships as mine', (join) => join.onRef('mine.organisation_id', '=', 'o.id').on('mine.user_id', '=', userId))
    .select([
      'o.id',
      'o.slug',
      'o.name',
      'o.kind',
      'o.description',
      'o.website',
      'o.is_demo',
      'o.created_at',
      'mine.role',
      sql<string>`(select count(*) from memberships m where m.organisation_id = o.id)`.as('member_count'),
    ])
    .orderBy('o.name');
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

function toSummary(r: SummaryRow): OrganisationSummary {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    kind: r.kind,
    description: r.description,
    website: r.website,
    isDemo: r.is_demo,
    createdAt: r.created_at,
    role: r.role,
    memberCount: Number(r.member_count),
  };
}

/** The organisations the person belongs to. */
export async function listMyOrganisations(ctx: AppContext, user: CurrentUser): Promise<OrganisationSummary[]> {
  return (await summaryQuery(ctx, user.id).where('mine.user_id', 'is not', null).execute()).map(toSummary);
}

/** Every organisation of the network with its member count: only for the operator. */
export async function listAllOrganisations(ctx: AppContext, user: CurrentUser): Promise<OrganisationSummary[]> {
  if (!user.isOperator) throw E.operatorOnly();
  return (await summaryQuery(ctx, user.id).execute()).map(toSummary);
}

/** What the API lists: the person's own organisations, or all of them for the operator. */
export async function listVisibleOrganisations(ctx: AppContext, user: CurrentUser): Promise<OrganisationSummary[]> {
  return user.isOperator ? listAllOrganisations(ctx, user) : listMyOrganisations(ctx, user);
}

export async function getOrganisation(ctx: AppContext, user: CurrentUser, slug: string): Promise<OrganisationSummary> {
  const { organisation } = await requireOrgRole(ctx, user, slug, ANY_ROLE);
  const row = await summaryQuery(ctx, user.id).where('o.id', '=', organisation.id).executeTakeFirstOrThrow();
  return toSummary(row);
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: OrgRole;
  joinedAt: Date;
}

export async function listMembers(ctx: AppContext, user: CurrentUser, slug: string): Promise<Member[]> {
  const { organisation } = await requireOrgRole(ctx, user, slug, ANY_ROLE);
  const rows = await ctx.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.name', 'users.email', 'memberships.role', 'memberships.created_at'])
    .where('memberships.organisation_id', '=', organisation.id)
    .orderBy('users.name')
    .execute();
  const order = (role: OrgRole) => ORG_ROLES.indexOf(role);
  return rows
    .map((r) => ({ userId: r.id, name: r.name, email: r.email, role: r.role, joinedAt: r.created_at }))
    .sort((a, b) => order(a.role) - order(b.role));
}

export interface InvitationInfo {
  id: string;
  email: string;
  role: OrgRole;
  expiresAt: Date;
  createdAt: Date;
}

/** Invites someone by email with a role; only owners and admins, and only owners invite owners. */
export async function inviteMember(
  ctx: AppContext,
  user: CurrentUser,
  slug: string,
  input: { email: string; role: string },
  lang: Locale,
): Promise<InvitationInfo> {
  const { organisation, role: myRole } = await requireOrgRole(ctx, user, slug, MANAGER_ROLES);
  const email = normaliseEmail(input.email);
  const errors = [
    !email ? PlatformErrors.required('email') : !isEmail(email) ? PlatformErrors.notEmail('email') : undefined,
    isOrgRole(input.role) ? undefined : E.role('role'),
  ].filter((e) => e !== undefined);
  if (errors.length) throw invalidFields(errors);
  const role = input.role as OrgRole;
  if (role === 'owner' && myRole !== 'owner' && !user.isOperator) throw E.inviteOwner('role');
  const member = await ctx.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .where('memberships.organisation_id', '=', organisation.id)
    .where(sql<string>`lower(users.email)`, '=', email)
    .executeTakeFirst();
  if (member) throw E.alreadyMember('email');
  const token = randomToken();
  const row = await ctx.db
    .insertInto('invitations')
    .values({
      organisation_id: organisation.id,
      email,
      role,
      token_hash: sha256(token),
      invited_by: user.id,
      expires_at: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    })
    .returning(['id', 'email', 'role', 'expires_at', 'created_at'])
    .executeTakeFirstOrThrow();
  await mailInvitation(ctx, lang, user, organisation, { email, role, token });
  return { id: row.id, email: row.email, role: row.role, expiresAt: row.expires_at, createdAt: row.created_at };
}

async function mailInvitation(
  ctx: AppContext,
  lang: Locale,
  inviter: CurrentUser,
  organisation: OrganisationRow,
  invitation: { email: string; role: OrgRole; token: string },
): Promise<void> {
  const t = ctx.i18n.getFixedT(lang, 'accounts');
  await sendAccountMail(ctx, lang, invitation.email, 'invitation', {
    inviter: inviter.name,
    organisation: organisation.name,
    role: t(`roles.${invitation.role}`),
    link: `${ctx.config.baseUrl}/invitations/${invitation.token}`,
    days: INVITATION_DAYS,
  });
}

/**
 * An invitation of the organisation not yet accepted, for a change by an owner or admin; only
 * owners (and the operator) touch an invitation to become owner, as only they may send one.
 */
async function invitationForChange(ctx: AppContext, user: CurrentUser, slug: string, invitationId: string) {
  const { organisation, role: myRole } = await requireOrgRole(ctx, user, slug, MANAGER_ROLES);
  if (!isUuid(invitationId)) throw E.invitationNotFound();
  const invitation = await ctx.db
    .selectFrom('invitations')
    .select(['id', 'email', 'role'])
    .where('organisation_id', '=', organisation.id)
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  if (!invitation) throw E.invitationNotFound();
  if (invitation.role === 'owner' && myRole !== 'owner' && !user.isOperator) throw E.changeOwner();
  return { organisation, invitation };
}

/** Revokes an invitation not yet accepted: its link stops working. Owners and admins. */
export async function revokeInvitation(ctx: AppContext, user: CurrentUser, slug: string, invitationId: string): Promise<InvitationInfo> {
  const { organisation, invitation } = await invitationForChange(ctx, user, slug, invitationId);
  const row = await ctx.db
    .deleteFrom('invitations')
    .where('id', '=', invitation.id)
    .where('organisation_id', '=', organisation.id)
    .where('accepted_at', 'is', null)
    .returning(['id', 'email', 'role', 'expires_at', 'created_at'])
    .executeTakeFirst();
  // Accepted in the meantime: nothing to revoke any more.
  if (!row) throw E.invitationNotFound();
  return { id: row.id, email: row.email, role: row.role, expiresAt: row.expires_at, createdAt: row.created_at };
}

/**
 * Sends an invitation not yet accepted again with a new link, valid for another INVITATION_DAYS;
 * the link mailed before stops working. Also renews an expired invitation. Owners and admins.
 */
export async function resendInvitation(
  ctx: AppContext,
  user: CurrentUser,
  slug: string,
  invitationId: string,
  lang: Locale,
): Promise<InvitationInfo> {
  const { organisation, invitation } = await invitationForChange(ctx, user, slug, invitationId);
  const token = randomToken();
  const row = await ctx.db
    .updateTable('invitations')
    .set({ token_hash: sha256(token), invited_by: user.id, expires_at: new Date(Date.now() + INVITATION_DAYS * 86_400_000) })
    .where('id', '=', invitation.id)
    .where('organisation_id', '=', organisation.id)
    .where('accepted_at', 'is', null)
    .returning(['id', 'email', 'role', 'expires_at', 'created_at'])
    .executeTakeFirst();
  if (!row) throw E.invitationNotFound();
  await mailInvitation(ctx, lang, user, organisation, { email: row.email, role: row.role, token });
  return { id: row.id, email: row.email, role: row.role, expiresAt: row.expires_at, createdAt: row.created_at };
}

/** Invitations not yet accepted and not expired, for the people who manage the organisation. */
export async function listPendingInvitations(ctx: AppContext, user: CurrentUser, slug: string): Promise<InvitationInfo[]> {
  const { organisation } = await requireOrgRole(ctx, user, slug, MANAGER_ROLES);
  const rows = await ctx.db
    .selectFrom('invitations')
    .select(['id', 'email', 'role', 'expires_at', 'created_at'])
    .where('organisation_id', '=', organisation.id)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', new Date())
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, role: r.role, expiresAt: r.expires_at, createdAt: r.created_at }));
}

export interface InvitationView {
  organisation: { slug: string; name: string };
  email: string;
  role: OrgRole;
  status: 'open' | 'accepted' | 'expired';
}

/** What an invitation link offers, for the page that accepts it; null when the link is unknown. */
export async function findInvitation(ctx: AppContext, token: string): Promise<InvitationView | null> {
  if (!token || token.length > 200) return null;
  const row = await ctx.db
    .selectFrom('invitations')
    .innerJoin('organisations', 'organisations.id', 'invitations.organisation_id')
    .select([
      'organisations.slug',
      'organisations.name',
      'invitations.email',
      'invitations.role',
      'invitations.accepted_at',
      'invitations.expires_at',
    ])
    .where('invitations.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row) return null;
  const status = row.accepted_at ? 'accepted' : new Date(row.expires_at) <= new Date() ? 'expired' : 'open';
  return { organisation: { slug: row.slug, name: row.name }, email: row.email, role: row.role, status };
}

/** Accepts an invitation for the signed-in person, whose email must be the one invited. */
export async function acceptInvitation(ctx: AppContext, user: CurrentUser, token: string): Promise<{ slug: string; role: OrgRole }> {
  const invitation = await findInvitation(ctx, token);
  if (invitation?.status !== 'open') throw E.invitationNotFound();
  if (normaliseEmail(invitation.email) !== normaliseEmail(user.email)) throw E.wrongInvitee();
  return ctx.db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('invitations')
      .set({ accepted_at: new Date(), accepted_by: user.id })
      .where('token_hash', '=', sha256(token))
      .where('accepted_at', 'is', null)
      .where('expires_at', '>', new Date())
      .returning(['organisation_id', 'role'])
      .executeTakeFirst();
    if (!used) throw E.invitationNotFound();
    // Someone who is a member already keeps the role they have.
    await trx
      .insertInto('memberships')
      .values({ organisation_id: used.organisation_id, user_id: user.id, role: used.role })
      .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doNothing())
      .execute();
    return { slug: invitation.organisation.slug, role: used.role };
  });
}

async function memberForChange(ctx: AppContext, user: CurrentUser, slug: string, userId: string) {
  const access = await requireOrgRole(ctx, user, slug, MANAGER_ROLES);
  if (!isUuid(userId)) throw E.memberNotFound();
  const target = await ctx.db
    .selectFrom('memberships')
    .select('role')
    .where('organisation_id', '=', access.organisation.id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!target) throw E.memberNotFound();
  const isOwner = access.role === 'owner' || user.isOperator;
  return { ...access, targetRole: target.role, isOwner };
}

async function ensureAnotherOwner(ctx: AppContext, organisationId: string): Promise<void> {
  const { count } = await ctx.db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  if (Number(count) <= 1) throw E.lastOwner('role');
}

/** Changes a member's role: owners and admins; only owners touch owners; the last owner stays. */
export async function changeMemberRole(ctx: AppContext, user: CurrentUser, slug: string, userId: string, role: string): Promise<Member> {
  if (!isOrgRole(role)) throw E.role('role');
  const { organisation, targetRole, isOwner } = await memberForChange(ctx, user, slug, userId);
  if ((role === 'owner' || targetRole === 'owner') && !isOwner) throw E.changeOwner();
  if (targetRole === 'owner' && role !== 'owner') await ensureAnotherOwner(ctx, organisation.id);
  await ctx.db
    .updateTable('memberships')
    .set({ role })
    .where('organisation_id', '=', organisation.id)
    .where('user_id', '=', userId)
    .execute();
  const member = (await listMembers(ctx, user, organisation.id)).find((m) => m.userId === userId);
  if (!member) throw E.memberNotFound();
  return member;
}

/** Removes a member: owners and admins; only owners remove owners; never the last owner. */
export async function removeMember(ctx: AppContext, user: CurrentUser, slug: string, userId: string): Promise<void> {
  const { organisation, targetRole, isOwner } = await memberForChange(ctx, user, slug, userId);
  if (targetRole === 'owner' && !isOwner) throw E.changeOwner();
  if (targetRole === 'owner') await ensureAnotherOwner(ctx, organisation.id);
  await ctx.db.deleteFrom('memberships').where('organisation_id', '=', organisation.id).where('user_id', '=', userId).execute();
}

// ---------------------------------------------------------------------------------------------
// The operator's view of the mail outbox

export type { OutboxMail };

/** The mail outbox (the platform keeps it), for the network operator. */
export async function listOutbox(ctx: AppContext, user: CurrentUser, limit = 200): Promise<OutboxMail[]> {
  if (!user.isOperator) throw E.operatorOnly();
  return ctx.mail.outbox(limit);
}
