import type { Selectable } from 'kysely';
import {
  findOrganisation,
  MANAGER_ROLES,
  membershipOrganisationIds,
  type OrganisationRow,
  requireOrgRole,
  roleIn,
} from '../accounts/api.ts';
import { canonicalProvince, PROVINCES } from '../labour-market/api.ts';
import type { AppContext } from '../platform/context.ts';
import { randomToken } from '../platform/crypto.ts';
import { invalidFields, PlatformErrors, type AppError } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import { E } from './errors.ts';
import { type CommunitiesTable, type CommunityMembersTable, VISIBILITIES, type Visibility } from './schema.ts';

export type CommunityRow = Selectable<CommunitiesTable>;
export type MembershipRow = Selectable<CommunityMembersTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** What a person may do in a community: see its page, take part as a member, or manage it. */
export type Need = 'see' | 'member' | 'facilitator';

export interface CommunityAccess {
  community: CommunityRow;
  /** The person's active membership; null for someone who is no member (or the operator). */
  membership: MembershipRow | null;
  isFacilitator: boolean;
  isMember: boolean;
}

/** Trims a text field; throws `required` when empty (unless optional) and `tooLong` beyond `max`. */
export function text(value: unknown, field: string, max: number, optional = false): string {
  const out = typeof value === 'string' ? value.trim() : '';
  if (!out && !optional) throw PlatformErrors.required(field);
  if (out.length > max) throw PlatformErrors.tooLong(field, { max });
  return out;
}

/** Runs every check and throws all failures at once (a form shows each next to its field). */
export function collect<T extends Record<string, unknown>>(checks: { [K in keyof T]: () => T[K] }): T {
  const errors: AppError[] = [];
  const out = {} as T;
  for (const [key, check] of Object.entries(checks) as [keyof T, () => unknown][]) {
    try {
      out[key] = check() as T[keyof T];
    } catch (error) {
      if ((error as AppError).name === 'AppError' && (error as AppError).status < 500) errors.push(error as AppError);
      else throw error;
    }
  }
  if (errors.length) throw invalidFields(errors);
  return out;
}

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return !base || RESERVED.has(base) ? `community-${base}`.replace(/-$/, '') : base;
}

/**
 * Words of the module's own paths under /communities/, never a community's address (a test holds this
 * to the route table, so a new fixed path cannot swallow a community's pages).
 */
const RESERVED = new Set([
  'new',
  'my-actions',
  'sessions',
  'themes',
  'directory',
  'feed',
  'templates',
  'actions',
  'calendar',
  'agenda',
  'applications',
  'calls',
  'goals',
  'invitations',
  'rules',
]);

export interface CommunityInput {
  organisation?: string;
  name?: string;
  purpose?: string;
  visibility?: string;
  /** A Dutch province (its name, or an abbreviation such as "NB"); empty for none. */
  province?: string | null;
  municipality?: string | null;
}

function validate(input: CommunityInput): {
  name: string;
  purpose: string;
  visibility: Visibility;
  province: string | null;
  municipality: string | null;
} {
  return collect({
    name: () => text(input.name, 'name', 200),
    purpose: () => text(input.purpose, 'purpose', 5000, true),
    visibility: () => {
      const v = input.visibility ?? 'open';
      if (!(VISIBILITIES as readonly string[]).includes(v)) throw PlatformErrors.oneOf('visibility', { options: VISIBILITIES.join(', ') });
      return v as Visibility;
    },
    province: () => {
      const given = text(input.province, 'province', 100, true);
      if (!given) return null;
      const province = canonicalProvince(given);
      if (!province) throw PlatformErrors.oneOf('province', { options: PROVINCES.join(', ') });
      return province;
    },
    municipality: () => text(input.municipality, 'municipality', 100, true) || null,
  });
}

/** The organisations where this person may start a community (owner or admin). */
export async function hostChoices(ctx: AppContext, user: CurrentUser): Promise<OrganisationRow[]> {
  const out: OrganisationRow[] = [];
  for (const id of await membershipOrganisationIds(ctx.db, user.id)) {
    const role = await roleIn(ctx.db, id, user.id);
    const org = role && MANAGER_ROLES.includes(role) ? await findOrganisation(ctx.db, id) : null;
    if (org) out.push(org);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Starts a community of an organisation the person manages; they become its first facilitator. */
export async function createCommunity(ctx: AppContext, user: CurrentUser | null, input: CommunityInput): Promise<CommunityRow> {
  if (!user) throw PlatformErrors.unauthorized();
  const orgRef = text(input.organisation, 'organisation', 200);
  const values = validate(input);
  const { organisation } = await requireOrgRole(ctx, user, orgRef, MANAGER_ROLES);
  const base = slugify(values.name);
  return ctx.db.transaction().execute(async (trx) => {
    let slug = base;
    for (let i = 2; await trx.selectFrom('communities').select('id').where('slug', '=', slug).executeTakeFirst(); i++)
      slug = `${base}-${i}`;
    const community = await trx
      .insertInto('communities')
      .values({ organisation_id: organisation.id, slug, ...values, feed_token: randomToken(24), created_by: user.id })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('community_members')
      .values({ community_id: community.id, user_id: user.id, role: 'facilitator', status: 'active', angle: null, joined_at: new Date() })
      .execute();
    return community;
  });
}

export async function updateCommunity(
  ctx: AppContext,
  user: CurrentUser | null,
  ref: string,
  input: CommunityInput,
): Promise<CommunityRow> {
  const { community } = await accessCommunity(ctx, user, ref, 'facilitator');
  const values = validate(input);
  return ctx.db
    .updateTable('communities')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', community.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findCommunity(ctx: AppContext, ref: string): Promise<CommunityRow | null> {
  if (!ref || ref.length > 200) return null;
  return (
    (await ctx.db
      .selectFrom('communities')
      .selectAll()
      .where(isUuid(ref) ? 'id' : 'slug', '=', ref)
      .executeTakeFirst()) ?? null
  );
}

export async function membershipOf(ctx: AppContext, communityId: string, userId: string): Promise<MembershipRow | null> {
  return (
    (await ctx.db
      .selectFrom('community_members')
      .selectAll()
      .where('community_id', '=', communityId)
      .where('user_id', '=', userId)
      .executeTakeFirst()) ?? null
  );
}

/**
 * The one check before anything of a community is shown or changed. `see`: an open or by-request
 * community is seen by every signed-in person, a community by invitation only by its members;
 * `member`: active members (facilitators and guest experts included); `facilitator`: its
 * facilitators. The network operator passes every check. An invisible community is a 404.
 */
export async function accessCommunity(ctx: AppContext, user: CurrentUser | null, ref: string, need: Need): Promise<CommunityAccess> {
  if (!user) throw PlatformErrors.unauthorized();
  const community = await findCommunity(ctx, ref);
  if (!community) throw E.communityNotFound();
  const row = await membershipOf(ctx, community.id, user.id);
  const membership = row?.status === 'active' ? row : null;
  const isFacilitator = membership?.role === 'facilitator' || user.isOperator;
  const isMember = membership !== null || user.isOperator;
  if (!isMember && community.visibility === 'invitation') throw E.communityNotFound();
  if (need === 'member' && !isMember) throw E.notMember();
  if (need === 'facilitator' && !isFacilitator) throw E.notFacilitator();
  return { community, membership: row, isFacilitator, isMember };
}

export interface CommunitySummary {
  community: CommunityRow;
  organisationName: string;
  role: string | null;
  members: number;
}

/** The communities a person can see: theirs first, then the open and by-request ones. */
export async function listCommunities(ctx: AppContext, user: CurrentUser): Promise<CommunitySummary[]> {
  const rows = await ctx.db
    .selectFrom('communities as c')
    .leftJoin('community_members as m', (j) => j.onRef('m.community_id', '=', 'c.id').on('m.user_id', '=', user.id))
    .selectAll('c')
    .select(['m.role as my_role', 'm.status as my_status'])
    .select((eb) =>
      eb
        .selectFrom('community_members as n')
        .whereRef('n.community_id', '=', 'c.id')
        .where('n.status', '=', 'active')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('members'),
    )
    .where((eb) => (user.isOperator ? eb.val(true) : eb.or([eb('c.visibility', '<>', 'invitation'), eb('m.status', '=', 'active')])))
    .orderBy('c.name')
    .execute();
  const names = new Map<string, string>();
  const out: CommunitySummary[] = [];
  for (const row of rows) {
    if (!names.has(row.organisation_id)) names.set(row.organisation_id, (await findOrganisation(ctx.db, row.organisation_id))?.name ?? '');
    const { my_role, my_status, members, ...community } = row;
    out.push({
      community: community as CommunityRow,
      organisationName: names.get(row.organisation_id) ?? '',
      role: my_status === 'active' ? my_role : my_status === 'requested' ? 'requested' : null,
      members: Number(members ?? 0),
    });
  }
  return out.sort((a, b) => Number(b.role !== null) - Number(a.role !== null));
}
