/**
 * What the issuing pages show, each gathered by one service call, so that a route reads its input,
 * calls one function and renders (authorisation included: the issuer roles of the organisation).
 */
import { type CurrentUser, findOrganisation, type OrganisationRow, requireOrgRole } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { E } from '../errors.ts';
import {
  type Achievement,
  getAchievement,
  ISSUER_ROLES,
  listAchievements,
  publicAchievement,
  publicAchievementsOf,
} from './achievements.ts';
import { type ClaimCode, listClaimCodes } from './claims.ts';
import { findCredential, type IssuedCredential, listIssued, type StatusAction } from './issue.ts';
import { ensureIssuer, issuerDid, issuerProfile, rotateKeys } from './issuer.ts';
import type { VerdictView } from './pages/public.tsx';
import { resignStatusLists } from './status.ts';
import { verifyIssued } from './verify.ts';

export const issuerOrganisation = async (ctx: AppContext, user: CurrentUser | null, slug: string): Promise<OrganisationRow> =>
  (await requireOrgRole(ctx, user, slug, ISSUER_ROLES)).organisation;

export interface IssuerDashboard {
  organisation: OrganisationRow;
  achievements: (Achievement & { issued: number })[];
  settings: { did: string; primary: string; accent: string; didKey: boolean; baseUrl: string };
}

export async function issuerDashboard(ctx: AppContext, user: CurrentUser | null, slug: string): Promise<IssuerDashboard> {
  const organisation = await issuerOrganisation(ctx, user, slug);
  await ensureIssuer(ctx, organisation.id);
  const achievements = await listAchievements(ctx, user, organisation.slug, { archived: true });
  const settings = await ctx.db
    .selectFrom('issuer_profiles')
    .selectAll()
    .where('organisation_id', '=', organisation.id)
    .executeTakeFirstOrThrow();
  return {
    organisation,
    achievements,
    settings: {
      did: issuerDid(ctx.config.baseUrl, organisation.slug),
      primary: settings.primary_colour,
      accent: settings.accent_colour,
      didKey: settings.did_key,
      baseUrl: ctx.config.baseUrl,
    },
  };
}

export interface AchievementView {
  organisation: OrganisationRow;
  achievement: Achievement;
  claims: ClaimCode[];
  recent: IssuedCredential[];
}

export async function achievementView(ctx: AppContext, user: CurrentUser | null, slug: string, id: string): Promise<AchievementView> {
  const organisation = await issuerOrganisation(ctx, user, slug);
  const achievement = await getAchievement(ctx, user, organisation.slug, id);
  const claims = await listClaimCodes(ctx, user, organisation.slug, achievement.id);
  const recent = await listIssued(ctx, user, organisation.slug, { achievementId: achievement.id, limit: 20 });
  return { organisation, achievement, claims, recent: recent.items };
}

/** The credential whose status an issuer is about to change, for the confirmation page. */
export async function statusChangeView(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  credentialId: string,
  action: string,
): Promise<{ organisation: OrganisationRow; credential: IssuedCredential; action: StatusAction }> {
  const organisation = await issuerOrganisation(ctx, user, slug);
  if (!['revoke', 'suspend', 'reinstate'].includes(action)) throw E.statusAction('action');
  const credential = await findCredential(ctx, credentialId);
  if (!credential || credential.organisationId !== organisation.id) throw E.credentialNotFound();
  return { organisation, credential, action: action as StatusAction };
}

/** A credential's public page: the credential, its issuer's name and a live verification. */
export async function credentialPageView(
  ctx: AppContext,
  id: string,
): Promise<{ credential: IssuedCredential; issuerName: string; issuerSlug: string | null; verdict: VerdictView | null }> {
  const credential = await findCredential(ctx, id);
  if (!credential) throw E.credentialNotFound();
  const organisation = await findOrganisation(ctx.db, credential.organisationId);
  return {
    credential,
    issuerName: organisation?.name ?? '',
    issuerSlug: organisation?.slug ?? null,
    verdict: await verifyIssued(ctx, credential),
  };
}

/** The issuer profile document of an organisation (public). */
export async function publicIssuerProfile(ctx: AppContext, slug: string): Promise<Record<string, unknown>> {
  const organisation = await findOrganisation(ctx.db, slug);
  if (!organisation) throw E.issuerNotFound();
  await ensureIssuer(ctx, organisation.id);
  return issuerProfile(ctx, organisation);
}

export interface PublicAchievementView {
  /** The badge's current Open Badges 3.0 Achievement, as its URL serves it to machines. */
  json: Record<string, unknown>;
  archived: boolean;
  issuer: { name: string; slug: string };
}

/** A badge as anyone sees it at its URL (`/achievements/:id`), with its issuer. */
export async function publicAchievementView(ctx: AppContext, id: string): Promise<PublicAchievementView> {
  const found = await publicAchievement(ctx, id);
  const organisation = found ? await findOrganisation(ctx.db, found.organisationId) : null;
  if (!found || !organisation) throw E.achievementNotFound();
  return { json: found.json, archived: found.archived, issuer: { name: organisation.name, slug: organisation.slug } };
}

export interface PublicIssuerView {
  organisation: OrganisationRow;
  did: string;
  badges: Awaited<ReturnType<typeof publicAchievementsOf>>;
}

/** An issuer as anyone sees it at its URL (`/orgs/:slug`): who it is and the badges it awards. */
export async function publicIssuerView(ctx: AppContext, slug: string): Promise<PublicIssuerView> {
  const organisation = await findOrganisation(ctx.db, slug);
  if (!organisation) throw E.issuerNotFound();
  return { organisation, did: issuerDid(ctx.config.baseUrl, organisation.slug), badges: await publicAchievementsOf(ctx, organisation.id) };
}

/** New signing keys for an organisation (owners and admins), with its status lists signed again by them. */
export async function rotateIssuerKeys(ctx: AppContext, user: CurrentUser | null, slug: string): Promise<OrganisationRow> {
  const { organisation } = await requireOrgRole(ctx, user, slug, ['owner', 'admin']);
  await rotateKeys(ctx, organisation.id);
  await resignStatusLists(ctx, organisation);
  return organisation;
}
