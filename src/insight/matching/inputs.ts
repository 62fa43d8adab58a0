import { skillProfile } from '../../backpack/api.ts';
import { networkAchievements, achievementIdOf } from '../../credentials/api.ts';
import { type MatchableVacancy, matchableVacancies } from '../../labour-market/api.ts';
import { listPathways, progressOn } from '../../pathways/api.ts';
import type { AppContext } from '../../platform/context.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import { occupationSkillLinks, skillNames, skillNeighbourLinks } from '../../skills/api.ts';
import { type LearningOption, neighbourMap, type Requirement, vacancyRequirements } from './score.ts';

/**
 * What matching reads from the other modules, only through their api.ts: a person's verified
 * skills (the backpack's skills profile: accepted badges in good standing — not revoked,
 * suspended or expired), vacancies and their skills (labour market), occupations' ESCO relations
 * and the hierarchy (skills), the network's badges (credentials) and pathways.
 */

type LangMap = Record<string, string>;
export const pickName = (name: LangMap | undefined, lang: string, fallback = ''): string =>
  name?.[lang] || name?.en || Object.values(name ?? {})[0] || fallback;

export interface VerifiedSkills {
  /** Library skill ids proven by the person's valid, accepted badges. */
  held: Set<string>;
  /** The badges that prove each skill (their names), for the explanation. */
  proof: Map<string, string[]>;
}

/** The person's verified skills: those of their accepted badges in good standing that the library knows. */
export async function verifiedSkills(ctx: AppContext, userId: string, lang: string): Promise<VerifiedSkills> {
  const groups = await skillProfile(ctx, userId, lang);
  const held = new Set<string>();
  const proof = new Map<string, string[]>();
  for (const group of groups)
    for (const skill of group.skills) {
      if (!skill.skillId) continue;
      held.add(skill.skillId);
      proof.set(skill.skillId, [...new Set(skill.badges.map((b) => b.name))]);
    }
  return { held, proof };
}

/** Essential and optional skills per occupation (ESCO's relations, through the skills module). */
export async function occupationSkills(
  ctx: AppContext,
  occupationIds: readonly string[],
): Promise<Map<string, { essential: string[]; optional: string[] }>> {
  const out = new Map<string, { essential: string[]; optional: string[] }>();
  for (const link of await occupationSkillLinks(ctx.db, occupationIds)) {
    const entry = out.get(link.occupationId) ?? { essential: [], optional: [] };
    entry[link.relation].push(link.skillId);
    out.set(link.occupationId, entry);
  }
  return out;
}

export interface VacancyWithRequirements {
  vacancy: MatchableVacancy;
  requirements: Requirement[];
}

/** Vacancies with their requirements (named skills, the occupation's relations). */
export async function withRequirements(ctx: AppContext, vacancies: MatchableVacancy[]): Promise<VacancyWithRequirements[]> {
  const occupations = await occupationSkills(
    ctx,
    vacancies.map((v) => v.occupationId).filter((id): id is string => id !== null),
  );
  return vacancies.map((vacancy) => ({
    vacancy,
    requirements: vacancyRequirements(
      vacancy.skills.map((s) => s.skillId),
      vacancy.occupationId ? (occupations.get(vacancy.occupationId) ?? null) : null,
    ),
  }));
}

/** Current vacancies of the network (or those ids), with requirements; vacancies asking for nothing left out. */
export async function vacanciesToMatch(
  ctx: AppContext,
  options: { ids?: readonly string[]; organisationId?: string; limit?: number } = {},
): Promise<VacancyWithRequirements[]> {
  return (await withRequirements(ctx, await matchableVacancies(ctx, options))).filter((v) => v.requirements.length > 0);
}

/** The hierarchy's neighbours of these skills (one step broader or narrower, skills only). */
export async function neighboursOf(ctx: AppContext, skillIds: Iterable<string>) {
  return neighbourMap(await skillNeighbourLinks(ctx.db, [...new Set(skillIds)]));
}

/** Skill names in the reader's language, with the vacancy's own labels as a fallback. */
export async function namesOf(ctx: AppContext, skillIds: Iterable<string>, lang: string, fallback = new Map<string, string>()) {
  const names = await skillNames(ctx.db, [...new Set(skillIds)]);
  const out = new Map<string, string>();
  for (const id of new Set([...skillIds, ...names.keys()])) out.set(id, pickName(names.get(id), lang, fallback.get(id) ?? id));
  return out;
}

/** A badge or pathway one can earn, with where to read about it. */
export interface LearningOffer extends LearningOption {
  href: string;
  organisationName: string;
}

/**
 * What the network offers to earn: its badges (not archived) that prove a library skill, and its
 * published pathways with the skills of their steps and their own badge. Effort: a badge is 1; a
 * pathway is the badges the person still needs for its steps (a pathway they completed is left out).
 */
export async function learningOffers(ctx: AppContext, user: CurrentUser | null): Promise<LearningOffer[]> {
  const achievements = await networkAchievements(ctx, { limit: 2000 });
  const byUri = new Map(achievements.map((a) => [a.uri, a]));
  const byId = new Map(achievements.map((a) => [a.id, a]));
  const offers: LearningOffer[] = achievements
    .filter((a) => a.skills.length > 0)
    .map((a) => ({
      kind: 'badge' as const,
      id: a.id,
      name: a.name,
      skills: [...new Set(a.skills.map((s) => s.skillId))],
      effort: 1,
      href: `/insight/badges/${a.id}`,
      organisationName: a.organisationName,
    }));
  const pathways = await listPathways(ctx, null, { limit: 500 });
  if (pathways.length === 0) return offers;
  const progress = user ? await progressOn(ctx, user.id, pathways) : new Map();
  for (const p of pathways) {
    const skills = new Set<string>();
    const steps = p.steps;
    for (const step of steps)
      for (const option of step.options) {
        if (option.type === 'skill') skills.add(option.skillId);
        else {
          const id = achievementIdOf(ctx.config.baseUrl, option.uri);
          for (const s of (id ? byId.get(id) : byUri.get(option.uri))?.skills ?? []) skills.add(s.skillId);
        }
      }
    for (const s of byId.get(p.achievementId)?.skills ?? []) skills.add(s.skillId);
    if (skills.size === 0) continue;
    const mine = progress.get(p.id);
    const stillNeeded = mine
      ? mine.progress.steps.reduce((n: number, s: { needed: number; met: number }) => n + Math.max(0, s.needed - s.met), 0)
      : steps.reduce((n, s) => n + (s.rule === 'all' ? s.options.length : Math.min(s.count, s.options.length)), 0);
    if (mine?.progress.complete) continue;
    offers.push({
      kind: 'pathway',
      id: p.id,
      name: p.name,
      skills: [...skills],
      effort: Math.max(1, stillNeeded),
      href: `/pathways/${p.id}`,
      organisationName: p.organisationName,
    });
  }
  return offers;
}
