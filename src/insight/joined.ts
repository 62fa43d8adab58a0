/**
 * Joined up (issue 12): demand where people act on it. An issuer sees the demand for the skills of
 * each of its badges; a facilitator sees, on a theme, the theme's skills rising in the network's
 * demand and puts one on the agenda of the next session.
 */
import { findOrganisation, type OrgRole, requireOrgRole } from '../accounts/api.ts';
import { accessTheme, addAgendaItem, type CommunityRow, nextSessionOfTheme } from '../communities/api.ts';
import { canonicalProvince } from '../labour-market/api.ts';
import { networkAchievements } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import { skillNames } from '../skills/api.ts';
import { emerging, skillCounts } from './demand.ts';
import { E } from './errors.ts';
import { addMonths, type Filters, isoDay, monthLast } from './filters.ts';
import { nameIn } from './views.ts';

/** Who sees an organisation's badges against demand: those who may issue them. */
export const ISSUER_ROLES: readonly OrgRole[] = ['owner', 'admin', 'issuer'];

/** The last `months` whole months up to today's month, and as many before. */
export function recentFilters(
  months: number,
  today = new Date(),
  skillIds: string[] | null = null,
  region: Pick<DemandRegion, 'province' | 'municipality'> | null = null,
): Filters {
  const thisMonth = isoDay(today).slice(0, 7);
  const from = `${addMonths(thisMonth, -(months - 1))}-01`;
  return {
    from,
    to: monthLast(thisMonth),
    interval: 'month',
    skill: null,
    group: null,
    skillIds,
    occupation: null,
    province: region?.province ?? null,
    municipality: region?.municipality ?? null,
    limit: 200,
    min: 1,
    baselineFrom: `${addMonths(thisMonth, -(2 * months - 1))}-01`,
    baselineTo: monthLast(addMonths(thisMonth, -months)),
  };
}

export interface BadgeDemand {
  id: string;
  name: string;
  skills: { skillId: string; name: string; vacancies: number; before: number }[];
  /** Vacancies asking for any of its skills, counted per skill. */
  vacancies: number;
}

/** Each badge of the organisation with the vacancies asking for its skills: the last 12 months and the 12 before. */
export async function badgeDemand(ctx: AppContext, user: CurrentUser | null, slug: string, lang: string, today = new Date()) {
  const { organisation } = await requireOrgRole(ctx, user, slug, ISSUER_ROLES);
  const badges = (await networkAchievements(ctx, { limit: 5000 })).filter((a) => a.organisationId === organisation.id);
  const skillIds = [...new Set(badges.flatMap((b) => b.skills.map((s) => s.skillId)))];
  const f = recentFilters(12, today, skillIds);
  const [now, before, names] = await Promise.all([
    skillCounts(ctx, f, f.from, f.to, null),
    skillCounts(ctx, f, f.baselineFrom, f.baselineTo, null),
    skillNames(ctx.db, skillIds),
  ]);
  const count = new Map(now.map((s) => [s.skillId, s.vacancies]));
  const earlier = new Map(before.map((s) => [s.skillId, s.vacancies]));
  const rows: BadgeDemand[] = badges.map((b) => {
    const skills = [...new Set(b.skills.map((s) => s.skillId))].map((id) => ({
      skillId: id,
      name: nameIn(names.get(id) as Record<string, string> | undefined, lang) || id,
      vacancies: count.get(id) ?? 0,
      before: earlier.get(id) ?? 0,
    }));
    return { id: b.id, name: b.name, skills, vacancies: skills.reduce((n, s) => n + s.vacancies, 0) };
  });
  rows.sort((a, b) => b.vacancies - a.vacancies || a.name.localeCompare(b.name));
  return { organisation, period: { from: f.from, to: f.to, baselineFrom: f.baselineFrom, baselineTo: f.baselineTo }, badges: rows };
}

export interface RisingSkill {
  skillId: string;
  name: string;
  vacancies: number;
  before: number;
}

/** The region a community's figures are for, and where it came from. */
export interface DemandRegion {
  province: string | null;
  municipality: string | null;
  /** The community's own region, its organisation's, or none: the whole network. */
  from: 'community' | 'organisation' | 'network';
}

/** A region a record carries (`province`, `municipality`), checked as the filters check them; null when none. */
function regionIn(row: object | null | undefined): Pick<DemandRegion, 'province' | 'municipality'> | null {
  const r = (row ?? {}) as { province?: unknown; municipality?: unknown };
  const province = typeof r.province === 'string' ? canonicalProvince(r.province) : null;
  const municipality = typeof r.municipality === 'string' && r.municipality.trim() ? r.municipality.trim().slice(0, 100) : null;
  return province || municipality ? { province, municipality } : null;
}

/**
 * The region whose vacancies a community's theme reads: the community's own (its facilitators set
 * it on the community’s form: its province and municipality), else its organisation’s,
 * else the whole network. Organisations keep no region (December 2026), so a community without
 * one reads the network; the page says which. A region is checked as a filter is.
 */
export async function communityRegion(ctx: AppContext, community: CommunityRow): Promise<DemandRegion> {
  const own = regionIn(community);
  if (own) return { ...own, from: 'community' };
  const organisation = regionIn(await findOrganisation(ctx.db, community.organisation_id));
  if (organisation) return { ...organisation, from: 'organisation' };
  return { province: null, municipality: null, from: 'network' };
}

/**
 * The theme's skills asked for more in the last 3 months than in the 3 before, in the vacancies of
 * the region (the community's: `communityRegion`), or of the whole network when none is given.
 */
export async function risingForTheme(
  ctx: AppContext,
  skillIds: string[],
  lang: string,
  region: Pick<DemandRegion, 'province' | 'municipality'> | null = null,
  today = new Date(),
): Promise<RisingSkill[]> {
  if (skillIds.length === 0) return [];
  const list = await emerging(ctx, recentFilters(3, today, skillIds, region));
  const names = await skillNames(
    ctx.db,
    list.map((s) => s.skillId),
  );
  return list.map((s) => ({
    skillId: s.skillId,
    name: nameIn(names.get(s.skillId) as Record<string, string> | undefined, lang) || s.skillId,
    vacancies: s.vacancies,
    before: s.baseline,
  }));
}

/**
 * A facilitator puts one of the theme's skills on the agenda of the community's next session (of
 * this theme if one is planned, else the next without a theme): an item titled `title`.
 */
export async function putOnAgenda(
  ctx: AppContext,
  user: CurrentUser | null,
  themeId: string,
  skillId: unknown,
  title: (skill: string) => string,
  lang: string,
): Promise<{ sessionId: string; sessionTitle: string; themeId: string }> {
  const { theme } = await accessTheme(ctx, user, themeId, 'facilitator');
  const skill = typeof skillId === 'string' ? skillId.trim() : '';
  if (!theme.skill_ids.includes(skill)) throw E.skillNotInTheme('skill');
  const session = await nextSessionOfTheme(ctx, theme);
  if (!session) throw E.noNextSession('skill');
  const names = await skillNames(ctx.db, [skill]);
  await addAgendaItem(ctx, user, session.id, {
    title: title(nameIn(names.get(skill) as Record<string, string> | undefined, lang) || skill).slice(0, 300),
    minutes: 20,
  });
  return { sessionId: session.id, sessionTitle: session.title, themeId: theme.id };
}
