import type { Kysely } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import { E } from './errors.ts';
import { ORG_ROLES, type OrgRole } from './schema.ts';
import type { CurrentUser } from './sessions.ts';
import { isUuid } from './tokens.ts';

export interface OrganisationRow {
  id: string;
  slug: string;
  name: string;
  kind: string;
  description: string;
  website: string | null;
  isDemo: boolean;
  createdAt: Date;
}

export interface OrgAccess {
  organisation: OrganisationRow;
  /** The person's role in the organisation; null for an operator who is not a member. */
  role: OrgRole | null;
}

/** Roles that may manage an organisation's people: invite, change roles, remove. */
export const MANAGER_ROLES: readonly OrgRole[] = ['owner', 'admin'];
/** Any member may read the organisation and its member list. */
export const ANY_ROLE: readonly OrgRole[] = ORG_ROLES;

/** Finds an organisation by id or slug. */
export async function findOrganisation(db: Kysely<Database>, idOrSlug: string): Promise<OrganisationRow | null> {
  const row = await db
    .selectFrom('organisations')
    .selectAll()
    .where(isUuid(idOrSlug) ? 'id' : 'slug', '=', idOrSlug)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        slug: row.slug,
        name: row.name,
        kind: row.kind,
        description: row.description,
        website: row.website,
        isDemo: row.is_demo,
        createdAt: row.created_at,
      }
    : null;
}

export async function roleIn(db: Kysely<Database>, organisationId: string, userId: string): Promise<OrgRole | null> {
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role ?? null;
}

/** The ids of the organisations a person belongs to, in any role (for visibility filters). */
export async function membershipOrganisationIds(db: Kysely<Database>, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('memberships').select('organisation_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.organisation_id);
}

/**
 * The one check every module uses before it shows or changes anything of an organisation: the
 * person must hold one of `roles` in it. The network operator passes every check. Throws
 * `platform:errors.unauthorized` (401) without a person, `organisationNotFound` (404) for an unknown
 * organisation and `notMember` or `roleNotAllowed` (403) for anyone without one of the roles.
 *
 *   const { organisation, role } = await requireOrgRole(ctx, requireUser(request), slug, ['owner', 'admin', 'issuer']);
 */
export async function requireOrgRole(
  ctx: Pick<AppContext, 'db'>,
  user: CurrentUser | null,
  organisation: string,
  roles: readonly OrgRole[] = ANY_ROLE,
): Promise<OrgAccess> {
  if (!user) throw PlatformErrors.unauthorized();
  const org = await findOrganisation(ctx.db, organisation);
  if (!org) throw E.organisationNotFound();
  const role = await roleIn(ctx.db, org.id, user.id);
  if (user.isOperator) return { organisation: org, role };
  if (!role) throw E.notMember();
  if (!roles.includes(role)) throw E.roleNotAllowed(undefined, {}, { roles: [...roles] });
  return { organisation: org, role };
}

/** Whether the person holds one of `roles` (or is the operator), without throwing. */
export async function hasOrgRole(
  ctx: Pick<AppContext, 'db'>,
  user: CurrentUser | null,
  organisation: string,
  roles: readonly OrgRole[] = ANY_ROLE,
): Promise<boolean> {
  try {
    await requireOrgRole(ctx, user, organisation, roles);
    return true;
  } catch (error) {
    if (error instanceof AppError && (error.status === 403 || error.status === 404)) return false;
    throw error;
  }
}
