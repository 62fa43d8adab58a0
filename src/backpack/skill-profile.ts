import type { AppContext } from '../platform/context.ts';
import { broaderTrail, findSkillId, getSkill } from '../skills/api.ts';
import { acceptedSkillBadges, type SkillBadge } from './items.ts';

/**
 * The skills profile: the skills the person's accepted badges are aligned to, grouped by the skills
 * library's hierarchy (the nearest broader group of an ESCO skill, else the skill's first
 * category), each with the badges that prove it. Skills a badge names that are not in the library
 * (a badge from elsewhere) are listed by their name under "other skills".
 */

type LangMap = Record<string, string>;

export interface ProfileSkill {
  /** The library's skill, when the alignment names one. */
  skillId: string | null;
  name: string;
  /** The skill's page in the library, or the alignment's own URL. */
  url: string | null;
  badges: SkillBadge[];
}

export interface SkillGroup {
  /** The group's name (a library group or a category); null for skills outside the library's groups. */
  name: string | null;
  /** The path above the group in the library, top first (e.g. "skills > communication"). */
  trail: string[];
  skills: ProfileSkill[];
}

type Resolved = { id: string; name: string; group: string | null; trail: string[] } | null;

/**
 * What alignment references resolved to in the library (three queries each), per database and
 * language, kept for a minute: a profile of a thousand badges names the same few skills again on
 * every view. A skill renamed in the library shows within the minute.
 */
const resolutions = new WeakMap<AppContext, Map<string, { at: number; value: Resolved }>>();
const KEEP_MS = 60_000;

function pickName(name: LangMap, lang: string): string {
  return name[lang] || name.en || Object.values(name)[0] || '';
}

/** The skills profile of the person's accepted badges (or of the badges given), in the reader's language. */
export async function skillProfile(ctx: AppContext, userId: string, lang: string, badges?: SkillBadge[]): Promise<SkillGroup[]> {
  const accepted = (badges ?? (await acceptedSkillBadges(ctx, userId))).filter((i) => i.state === 'accepted' && i.status === 'active');
  const skills = new Map<string, ProfileSkill & { group: string | null; trail: string[] }>();
  const badgeIds = new Map<string, Set<string>>();
  let resolved = resolutions.get(ctx);
  if (!resolved) {
    resolved = new Map();
    resolutions.set(ctx, resolved);
  }
  const cache = resolved;

  // Within this call every reference is looked up once, found or not.
  const seen = new Map<string, Promise<Resolved>>();
  const resolve = (ref: string): Promise<Resolved> => {
    let found = seen.get(ref);
    if (!found) {
      found = lookUp(ref);
      seen.set(ref, found);
    }
    return found;
  };

  async function lookUp(ref: string): Promise<Resolved> {
    const key = `${lang}\u0000${ref}`;
    const kept = cache.get(key);
    if (kept && Date.now() - kept.at < KEEP_MS) return kept.value;
    let found: Resolved = null;
    const id = await findSkillId(ctx, ref);
    if (id) {
      try {
        const skill = await getSkill(ctx, id, null);
        const trail = (await broaderTrail(ctx.db, id)).filter((s) => s.kind === 'group').map((s) => pickName(s.name, lang));
        const group = trail.length ? trail[trail.length - 1] : (skill.categories[0] ?? null);
        found = { id, name: pickName(skill.name, lang), group, trail: trail.slice(0, -1) };
      } catch {
        found = null;
      }
    }
    // Only what was found: a reference the library lacks is looked up again (it may be imported any time).
    if (found) {
      if (cache.size > 5000) cache.clear();
      cache.set(key, { at: Date.now(), value: found });
    }
    return found;
  }

  for (const badge of accepted) {
    for (const alignment of badge.skills) {
      const refs = [alignment.targetUrl, alignment.targetCode].filter((r): r is string => typeof r === 'string' && r.length > 0);
      let library: Awaited<ReturnType<typeof resolve>> = null;
      for (const ref of refs) {
        library = await resolve(ref);
        if (library) break;
      }
      const key = library ? `skill:${library.id}` : `name:${(alignment.targetName ?? alignment.targetUrl ?? '').toLowerCase()}`;
      if (key === 'name:') continue;
      const entry = skills.get(key) ?? {
        skillId: library?.id ?? null,
        name: library?.name ?? alignment.targetName ?? alignment.targetUrl ?? '',
        url: library ? `/skills/${library.id}` : (alignment.targetUrl ?? null),
        badges: [],
        group: library?.group ?? null,
        trail: library?.trail ?? [],
      };
      // A badge naming the same skill twice counts once (a set: a skill may have a thousand badges).
      let ids = badgeIds.get(key);
      if (!ids) badgeIds.set(key, (ids = new Set()));
      if (!ids.has(badge.id)) {
        ids.add(badge.id);
        entry.badges.push(badge);
      }
      skills.set(key, entry);
    }
  }

  const groups = new Map<string, SkillGroup>();
  for (const { group, trail, ...skill } of skills.values()) {
    const key = group ?? '';
    const entry = groups.get(key) ?? { name: group, trail, skills: [] };
    entry.skills.push(skill);
    groups.set(key, entry);
  }
  const collator = new Intl.Collator(lang);
  const sorted = [...groups.values()].sort((a, b) => (a.name === null ? 1 : b.name === null ? -1 : collator.compare(a.name, b.name)));
  for (const g of sorted) g.skills.sort((a, b) => b.badges.length - a.badges.length || collator.compare(a.name, b.name));
  return sorted;
}
