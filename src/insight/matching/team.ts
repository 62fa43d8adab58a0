import {
  type CurrentUser,
  findOrganisation,
  getCurrentUser,
  membershipOrganisationIds,
  requireOrgRole,
  roleIn,
} from '../../accounts/api.ts';
import { themesForSkills } from '../../communities/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { type AppError, invalidFields, PlatformErrors } from '../../platform/errors.ts';
import { findSkillId, skillNames } from '../../skills/api.ts';
import { E } from './errors.ts';
import { learningOffers, neighboursOf, pickName, verifiedSkills } from './inputs.ts';
import { EMPLOYER_ROLES, TARGET_ROLES } from './service.ts';

/**
 * Employers (docs/matching.md): an organisation sets the skills it aims for, each with a wanted
 * number of people, and sees its own people's verified skills against them — only people who chose
 * to share with that organisation (an explicit share per organisation, revocable) — as a team
 * matrix, with the badges, pathways and community themes that would close the gaps.
 */

export const MAX_TARGETS = 50;
export const MAX_WANTED = 10_000;

// ----------------------------------------------------------------- a person's shares

export interface ShareChoice {
  organisationId: string;
  slug: string;
  name: string;
  shared: boolean;
}

/** The organisations the person belongs to, each with whether they share their verified skills with it. */
export async function myShares(ctx: AppContext, user: CurrentUser): Promise<ShareChoice[]> {
  const ids = await membershipOrganisationIds(ctx.db, user.id);
  const shared = new Set(
    (await ctx.db.selectFrom('insight_matching_shares').select('organisation_id').where('user_id', '=', user.id).execute()).map(
      (r) => r.organisation_id,
    ),
  );
  const out: ShareChoice[] = [];
  for (const id of ids) {
    const organisation = await findOrganisation(ctx.db, id);
    if (organisation) out.push({ organisationId: id, slug: organisation.slug, name: organisation.name, shared: shared.has(id) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Shares (or stops sharing) the person's verified skills with an organisation they belong to. */
export async function setShare(ctx: AppContext, user: CurrentUser, slug: string, value: unknown): Promise<boolean> {
  const on = value === true || value === 'on' || value === 'true';
  const off = value === false || value === 'off' || value === 'false';
  if (!on && !off) throw E.optInValue('share');
  const organisation = await findOrganisation(ctx.db, slug);
  if (!organisation) throw E.shareNotMember('organisation');
  if (on) {
    if (!(await roleIn(ctx.db, organisation.id, user.id))) throw E.shareNotMember('organisation');
    await ctx.db
      .insertInto('insight_matching_shares')
      .values({ user_id: user.id, organisation_id: organisation.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
  } else
    await ctx.db
      .deleteFrom('insight_matching_shares')
      .where('user_id', '=', user.id)
      .where('organisation_id', '=', organisation.id)
      .execute();
  return on;
}

// ----------------------------------------------------------------- targets

export interface Target {
  skillId: string;
  name: string;
  wanted: number;
}

export interface TargetInput {
  skill?: unknown;
  wanted?: unknown;
}

/** The organisation's target skills, by name. */
export async function listTargets(ctx: AppContext, organisationId: string, lang: string): Promise<Target[]> {
  const rows = await ctx.db
    .selectFrom('insight_matching_targets')
    .select(['skill_id', 'wanted'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const names = await skillNames(
    ctx.db,
    rows.map((r) => r.skill_id),
  );
  return rows
    .map((r) => ({ skillId: r.skill_id, wanted: r.wanted, name: pickName(names.get(r.skill_id), lang, r.skill_id) }))
    .sort((a, b) => a.name.localeCompare(b.name, lang));
}

/**
 * Replaces the organisation's target skills (owners and admins). Every entry is checked first and
 * every fault named (`targets.<n>.skill`, `targets.<n>.wanted`); nothing is stored unless all are right.
 */
export async function saveTargets(ctx: AppContext, user: CurrentUser, slug: string, input: unknown): Promise<Target[]> {
  const { organisation } = await requireOrgRole(ctx, user, slug, TARGET_ROLES);
  if (!Array.isArray(input)) throw PlatformErrors.invalid('targets');
  if (input.length > MAX_TARGETS) throw E.tooManyTargets('targets', { max: MAX_TARGETS });
  const errors: AppError[] = [];
  const values = new Map<string, number>();
  for (const [i, raw] of input.entries()) {
    const entry = (raw ?? {}) as TargetInput;
    const ref = typeof entry.skill === 'string' ? entry.skill.trim() : '';
    const wanted =
      typeof entry.wanted === 'number' ? entry.wanted : typeof entry.wanted === 'string' ? Number(entry.wanted.trim()) : Number.NaN;
    let skillId: string | null = null;
    if (!ref) errors.push(PlatformErrors.required(`targets.${i}.skill`));
    else {
      skillId = ref.length <= 500 ? await findSkillId(ctx, ref) : null;
      const published = skillId ? (await skillNames(ctx.db, [skillId])).has(skillId) : false;
      if (!skillId || !published) errors.push(E.targetSkillUnknown(`targets.${i}.skill`, { skill: ref.slice(0, 100) }));
    }
    if (!Number.isInteger(wanted) || wanted < 1 || wanted > MAX_WANTED)
      errors.push(E.targetWanted(`targets.${i}.wanted`, { min: 1, max: MAX_WANTED }));
    if (skillId && Number.isInteger(wanted)) values.set(skillId, wanted);
  }
  if (errors.length) throw invalidFields(errors);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('insight_matching_targets').where('organisation_id', '=', organisation.id).execute();
    if (values.size)
      await trx
        .insertInto('insight_matching_targets')
        .values([...values].map(([skill_id, wanted]) => ({ organisation_id: organisation.id, skill_id, wanted, updated_by: user.id })))
        .execute();
  });
  return listTargets(ctx, organisation.id, user.locale ?? 'en');
}

// ----------------------------------------------------------------- the team matrix

export interface TeamPerson {
  userId: string;
  name: string;
  /** Per target skill, in the order of `targets`: held, related (a neighbouring skill held) or missing. */
  cells: ('held' | 'related' | 'missing')[];
}

export interface TargetGap {
  skillId: string;
  name: string;
  wanted: number;
  holders: number;
  /** People still wanted: wanted − holders, at least 0. */
  gap: number;
  badges: { id: string; name: string; href: string; organisationName: string }[];
  pathways: { id: string; name: string; href: string; organisationName: string }[];
  themes: { name: string; href: string; communityName: string }[];
}

export interface TeamView {
  organisation: { id: string; slug: string; name: string };
  targets: TargetGap[];
  people: TeamPerson[];
}

/**
 * The organisation's targets against the verified skills of its members who share with it: who holds
 * what (a matrix of people × target skills), how many hold each against how many are wanted, and
 * what teaches each skill still short of people.
 */
export async function teamView(ctx: AppContext, user: CurrentUser, slug: string, lang: string): Promise<TeamView> {
  const { organisation } = await requireOrgRole(ctx, user, slug, EMPLOYER_ROLES);
  const targets = await listTargets(ctx, organisation.id, lang);
  const shares = await ctx.db
    .selectFrom('insight_matching_shares')
    .select('user_id')
    .where('organisation_id', '=', organisation.id)
    .execute();
  const people: TeamPerson[] = [];
  const neighbours = await neighboursOf(
    ctx,
    targets.map((t) => t.skillId),
  );
  for (const { user_id } of shares) {
    // Only current members: a share with an organisation one left is not used.
    if (!(await roleIn(ctx.db, organisation.id, user_id))) continue;
    const person = await getCurrentUser(ctx.db, user_id);
    if (!person) continue;
    const { held } = await verifiedSkills(ctx, user_id, lang);
    people.push({
      userId: user_id,
      name: person.name,
      cells: targets.map((t) =>
        held.has(t.skillId) ? 'held' : [...(neighbours.get(t.skillId) ?? [])].some((n) => held.has(n)) ? 'related' : 'missing',
      ),
    });
  }
  people.sort((a, b) => a.name.localeCompare(b.name, lang) || a.userId.localeCompare(b.userId));
  const short = targets.filter((t, i) => people.filter((p) => p.cells[i] === 'held').length < t.wanted).map((t) => t.skillId);
  const offers = short.length ? await learningOffers(ctx, null) : [];
  const themeMap = new Map<string, TargetGap['themes']>();
  for (const theme of short.length ? await themesForSkills(ctx, short) : [])
    for (const skillId of theme.skillIds)
      themeMap.set(skillId, [
        ...(themeMap.get(skillId) ?? []),
        { name: theme.title, href: `/communities/themes/${theme.themeId}`, communityName: theme.communityName },
      ]);
  const gaps = targets.map((t, i) => {
    const holders = people.filter((p) => p.cells[i] === 'held').length;
    const teaching = holders < t.wanted ? offers.filter((o) => o.skills.includes(t.skillId)) : [];
    const pick = (kind: 'badge' | 'pathway') =>
      teaching
        .filter((o) => o.kind === kind)
        .slice(0, 5)
        .map((o) => ({ id: o.id, name: o.name, href: o.href, organisationName: o.organisationName }));
    return {
      skillId: t.skillId,
      name: t.name,
      wanted: t.wanted,
      holders,
      gap: Math.max(0, t.wanted - holders),
      badges: pick('badge'),
      pathways: pick('pathway'),
      themes: holders < t.wanted ? (themeMap.get(t.skillId) ?? []).slice(0, 5) : [],
    };
  });
  return {
    organisation: { id: organisation.id, slug: organisation.slug, name: organisation.name },
    targets: gaps,
    people,
  };
}
