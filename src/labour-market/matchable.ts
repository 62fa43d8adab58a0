import { sql } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import { CURRENT_DAYS, isUuid } from './vacancies.ts';

/**
 * Vacancies as matching reads them (insight's matching, through api.ts): the current vacancies of
 * the whole network — public job postings, harvested by whichever organisation — with the skills
 * they ask for and their occupation. Only what a posting itself says publicly: title, employer,
 * place, date, the address it was seen at; never who harvested it or its sightings' details.
 */

export interface MatchableVacancy {
  id: string;
  organisationId: string;
  title: string;
  employer: string | null;
  municipality: string | null;
  province: string | null;
  postedAt: Date;
  occupationId: string | null;
  occupationLabel: string | null;
  language: string | null;
  /** The first public address the posting was seen at (http/https), or null. */
  url: string | null;
  current: boolean;
  /** The library skills the vacancy asks for, highest score first. */
  skills: { skillId: string; label: string }[];
}

const currentSql = sql<boolean>`(v.valid_through >= now() or (v.valid_through is null and v.last_seen_at > now() - make_interval(days => ${CURRENT_DAYS})))`;

/**
 * Vacancies for matching: with `ids`, those (current or not); else the current ones of the network
 * (or of one organisation with `organisationId`), newest first, at most `limit` (500 by default).
 */
export async function matchableVacancies(
  ctx: Pick<AppContext, 'db'>,
  options: { ids?: readonly string[]; organisationId?: string; limit?: number } = {},
): Promise<MatchableVacancy[]> {
  const ids = options.ids?.filter(isUuid);
  if (ids && ids.length === 0) return [];
  if (options.organisationId !== undefined && !isUuid(options.organisationId)) return [];
  const conditions = [ids ? sql`v.id in (${sql.join(ids)})` : currentSql];
  if (options.organisationId) conditions.push(sql`v.organisation_id = ${options.organisationId}`);
  const limit = Math.min(5000, Math.max(1, options.limit ?? 500));
  const { rows } = await sql<{
    id: string;
    organisation_id: string;
    title: string;
    employer: string | null;
    municipality: string | null;
    province: string | null;
    posted_at: Date;
    occupation_id: string | null;
    occupation_label: string | null;
    language: string | null;
    url: string | null;
    current: boolean;
  }>`
    select v.id, v.organisation_id, v.title, v.employer, v.municipality, v.province,
      coalesce(v.date_posted, v.first_seen_at) as posted_at, v.occupation_id, v.occupation_label, v.language,
      (select s.url from vacancy_sightings s where s.vacancy_id = v.id and s.url ~ '^https?://'
        order by s.first_seen_at limit 1) as url,
      ${currentSql} as current
    from vacancies v where ${sql.join(conditions, sql` and `)}
    order by coalesce(v.date_posted, v.first_seen_at) desc, v.id limit ${limit}`.execute(ctx.db);
  if (rows.length === 0) return [];
  const skills = await ctx.db
    .selectFrom('vacancy_skills')
    .select(['vacancy_id', 'skill_id', 'label'])
    .where(
      'vacancy_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('vacancy_id')
    .orderBy('score', 'desc')
    .orderBy('skill_id')
    .execute();
  const byVacancy = new Map<string, { skillId: string; label: string }[]>();
  for (const s of skills) {
    const list = byVacancy.get(s.vacancy_id) ?? [];
    list.push({ skillId: s.skill_id, label: s.label });
    byVacancy.set(s.vacancy_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    organisationId: r.organisation_id,
    title: r.title,
    employer: r.employer,
    municipality: r.municipality,
    province: r.province,
    postedAt: new Date(r.posted_at),
    occupationId: r.occupation_id,
    occupationLabel: r.occupation_label,
    language: r.language,
    url: r.url,
    current: r.current,
    skills: byVacancy.get(r.id) ?? [],
  }));
}
