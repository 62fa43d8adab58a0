/**
 * What other modules read of themes by skill (through api.ts): the themes that work on a skill
 * (insight's gaps: which community teaches it) and a theme's next session (insight's "put a rising
 * skill on the agenda").
 */
import type { AppContext } from '../platform/context.ts';
import { isUuid } from './communities.ts';

export interface SkillTheme {
  themeId: string;
  title: string;
  communityId: string;
  communitySlug: string;
  communityName: string;
  skillIds: string[];
}

/** Themes of communities that anyone may find (open or on request) naming one of these skills. */
export async function themesForSkills(ctx: AppContext, skillIds: readonly string[]): Promise<SkillTheme[]> {
  const wanted = new Set(skillIds.filter(isUuid));
  if (wanted.size === 0) return [];
  const rows = await ctx.db
    .selectFrom('community_themes as t')
    .innerJoin('communities as c', 'c.id', 't.community_id')
    .select(['t.id', 't.title', 't.skill_ids', 'c.id as community_id', 'c.slug', 'c.name'])
    .where('c.visibility', 'in', ['open', 'request'])
    .orderBy('t.title')
    .execute();
  return rows
    .filter((r) => r.skill_ids.some((s) => wanted.has(s)))
    .map((r) => ({
      themeId: r.id,
      title: r.title,
      communityId: r.community_id,
      communitySlug: r.slug,
      communityName: r.name,
      skillIds: r.skill_ids,
    }));
}

/** The first session of a theme (else of its community) that starts after `now` and is not cancelled; null when none. */
export async function nextSessionOfTheme(
  ctx: AppContext,
  theme: { id: string; community_id: string },
  now = new Date(),
): Promise<{ id: string; title: string; startsAt: Date } | null> {
  const base = ctx.db
    .selectFrom('community_sessions')
    .select(['id', 'title', 'starts_at', 'theme_id'])
    .where('community_id', '=', theme.community_id)
    .where('cancelled_at', 'is', null)
    .where('starts_at', '>', now)
    .orderBy('starts_at')
    .limit(20);
  const rows = await base.execute();
  const row = rows.find((r) => r.theme_id === theme.id) ?? rows.find((r) => r.theme_id === null) ?? null;
  return row ? { id: row.id, title: row.title, startsAt: new Date(row.starts_at) } : null;
}
