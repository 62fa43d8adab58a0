/**
 * A badge of the network as the next badge (docs/matching.md): what it proves, who issues it, the
 * pathways it is part of, how many current vacancies ask for each of its skills, and — for a reader
 * who opted in — the vacancies whose match it raises most. The page people reach from a next-badge
 * suggestion or a gap (the badge's own address, /achievements/:id, is its Open Badges JSON-LD).
 */
import { achievementIdOf, networkAchievements } from '../../credentials/api.ts';
import { listPathways } from '../../pathways/api.ts';
import type { AppContext } from '../../platform/context.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import { E } from './errors.ts';
import { namesOf, neighboursOf, vacanciesToMatch, verifiedSkills } from './inputs.ts';
import { match } from './score.ts';
import { optedIn, type VacancyMatch } from './service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface BadgeView {
  badge: { id: string; name: string; description: string; organisationName: string; imageUrl: string | null };
  /** The library skills it proves, each with how many current vacancies of the network ask for it. */
  skills: { skillId: string; name: string; vacancies: number }[];
  /** Published pathways with this badge as a step or as their own badge. */
  pathways: { id: string; name: string; organisationName: string }[];
  /** For a reader who opted in: whether they hold all its skills, and the vacancies it raises most. */
  forYou: {
    holdsAll: boolean;
    raises: {
      vacancy: Pick<VacancyMatch['vacancy'], 'id' | 'title' | 'employer' | 'municipality' | 'language'>;
      before: number;
      after: number;
    }[];
  } | null;
  /** Whether the reader turned matching on (else the page invites them). */
  optIn: boolean;
}

export async function badgeView(ctx: AppContext, user: CurrentUser, lang: string, id: string): Promise<BadgeView> {
  const [a] = UUID.test(id) ? await networkAchievements(ctx, { ids: [id] }) : [];
  if (!a || a.archived) throw E.badgeNotFound('id');
  const badgeSkills = a.skills.map((s) => s.skillId);
  const vacancies = await vacanciesToMatch(ctx, { limit: 5000 });
  const asking = new Map<string, number>();
  for (const v of vacancies) for (const s of new Set(v.vacancy.skills.map((x) => x.skillId))) asking.set(s, (asking.get(s) ?? 0) + 1);
  const labels = new Map(a.skills.map((s) => [s.skillId, s.targetName]));
  const names = await namesOf(ctx, badgeSkills, lang, labels);
  const skills = [...new Set(badgeSkills)]
    .map((skillId) => ({ skillId, name: names.get(skillId) ?? skillId, vacancies: asking.get(skillId) ?? 0 }))
    .sort((x, y) => y.vacancies - x.vacancies || x.name.localeCompare(y.name, lang));

  const pathways = (await listPathways(ctx, null, { limit: 500 }))
    .filter(
      (p) =>
        p.achievementId === a.id ||
        p.steps.some((step) => step.options.some((o) => o.type !== 'skill' && (achievementIdOf(ctx.config.baseUrl, o.uri) ?? '') === a.id)),
    )
    .map((p) => ({ id: p.id, name: p.name, organisationName: p.organisationName }));

  const optIn = await optedIn(ctx, user);
  let forYou: BadgeView['forYou'] = null;
  if (optIn) {
    const { held } = await verifiedSkills(ctx, user.id, lang);
    const withBadge = new Set([...held, ...badgeSkills]);
    const neighbours = await neighboursOf(
      ctx,
      vacancies.flatMap((v) => v.requirements.map((r) => r.skillId)),
    );
    const raised = vacancies
      .map((v) => {
        const before = match(v.requirements, held, neighbours);
        const after = match(v.requirements, withBadge, neighbours);
        return { v, result: after, before, tieBreak: `${9e15 - v.vacancy.postedAt.getTime()}|${v.vacancy.id}` };
      })
      .filter((x) => x.result.score - x.before.score > 1e-9);
    // The largest rise first, then the higher match after, then the newer vacancy.
    const rise = (x: (typeof raised)[number]) => x.result.score - x.before.score;
    const ranked = [...raised].sort(
      (x, y) =>
        (Math.abs(rise(y) - rise(x)) > 1e-9 ? rise(y) - rise(x) : 0) ||
        (Math.abs(y.result.score - x.result.score) > 1e-9 ? y.result.score - x.result.score : 0) ||
        x.tieBreak.localeCompare(y.tieBreak),
    );
    forYou = {
      holdsAll: badgeSkills.length > 0 && badgeSkills.every((s) => held.has(s)),
      raises: ranked.slice(0, 5).map(({ v, result, before }) => ({
        vacancy: {
          id: v.vacancy.id,
          title: v.vacancy.title,
          employer: v.vacancy.employer,
          municipality: v.vacancy.municipality,
          language: v.vacancy.language,
        },
        before: Math.round(before.score * 100),
        after: Math.round(result.score * 100),
      })),
    };
  }
  return {
    badge: { id: a.id, name: a.name, description: a.description, organisationName: a.organisationName, imageUrl: a.imageUrl },
    skills,
    pathways,
    forYou,
    optIn,
  };
}
