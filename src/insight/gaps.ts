/**
 * Gaps: demand against supply per skill under the filters, ranked by how many more vacancies ask
 * for a skill than people have proven it, with what in the network teaches each gap skill — badges
 * aligned to it, published pathways with a step on it, themes of findable communities about it —
 * or nothing yet (a signal for issuers).
 */
import { achievementIdOf, networkAchievements } from '../credentials/api.ts';
import { themesForSkills } from '../communities/api.ts';
import { listPathways } from '../pathways/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import { skillCounts } from './demand.ts';
import type { Filters } from './filters.ts';
import { supplyCounts } from './supply.ts';

/** How many of the most asked skills are weighed for gaps. */
const CANDIDATES = 200;

export interface Teaching {
  badges: { id: string; name: string; organisationName: string }[];
  pathways: { id: string; name: string; organisationName: string }[];
  themes: { themeId: string; title: string; communityName: string; communitySlug: string }[];
}

export interface Gap extends Teaching {
  skillId: string;
  demand: number;
  /** People who proved it; null when fewer than 5 (counted as 0 for the gap). */
  supply: number | null;
  gap: number;
}

/** What teaches each of these skills in the network. */
export async function teachingFor(ctx: AppContext, user: CurrentUser | null, skillIds: readonly string[]): Promise<Map<string, Teaching>> {
  const out = new Map<string, Teaching>(skillIds.map((id) => [id, { badges: [], pathways: [], themes: [] }]));
  if (skillIds.length === 0) return out;
  const achievements = await networkAchievements(ctx, { limit: 5000 });
  const skillsOfAchievement = new Map(achievements.map((a) => [a.id, new Set(a.skills.map((s) => s.skillId))]));
  for (const a of achievements)
    for (const s of new Set(a.skills.map((x) => x.skillId)))
      out.get(s)?.badges.push({ id: a.id, name: a.name, organisationName: a.organisationName });
  for (const p of await listPathways(ctx, user, { limit: 1000 })) {
    const taught = new Set<string>();
    for (const step of p.steps)
      for (const option of step.options) {
        if (option.type === 'skill') taught.add(option.skillId);
        else {
          const id = achievementIdOf(ctx.config.baseUrl, option.uri);
          for (const s of (id && skillsOfAchievement.get(id)) || []) taught.add(s);
        }
      }
    for (const s of taught) out.get(s)?.pathways.push({ id: p.id, name: p.name, organisationName: p.organisationName });
  }
  for (const t of await themesForSkills(ctx, skillIds))
    for (const s of new Set(t.skillIds))
      out.get(s)?.themes.push({ themeId: t.themeId, title: t.title, communityName: t.communityName, communitySlug: t.communitySlug });
  return out;
}

/** The gaps under the filters, largest first, at most `f.limit`. */
export async function gaps(ctx: AppContext, user: CurrentUser | null, f: Filters): Promise<Gap[]> {
  const demand = await skillCounts(ctx, f, f.from, f.to, CANDIDATES);
  if (demand.length === 0) return [];
  const supply = new Map(
    (await supplyCounts(ctx, { ...f, skillIds: demand.map((d) => d.skillId) }, null)).map((s) => [s.skillId, s.people]),
  );
  const ranked = demand
    .map((d) => {
      const people = supply.get(d.skillId) ?? null;
      return { skillId: d.skillId, demand: d.vacancies, supply: people, gap: d.vacancies - (people ?? 0) };
    })
    .filter((g) => g.gap > 0)
    .sort((a, b) => b.gap - a.gap || b.demand - a.demand || a.skillId.localeCompare(b.skillId))
    .slice(0, f.limit);
  const teaching = await teachingFor(
    ctx,
    user,
    ranked.map((g) => g.skillId),
  );
  return ranked.map((g) => ({ ...g, ...(teaching.get(g.skillId) ?? { badges: [], pathways: [], themes: [] }) }));
}
