/**
 * What the insight module's rollups read of vacancies (through api.ts): per organisation and month,
 * the vacancies and the skills they ask for, grouped so that insight can insert them into its own
 * tables in one statement. The SQL naming this module's tables stays here.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../platform/db/schema.ts';

/** The day a vacancy counts on: the day it was posted, else the day it was first seen (UTC). */
const postedAt = sql<Date>`coalesce(v.date_posted, v.first_seen_at)`;
const day = sql<string>`(coalesce(v.date_posted, v.first_seen_at) at time zone 'UTC')::date`;

/** A month of one organisation's vacancies: from its first day (inclusive) to the next month's (exclusive). */
export interface DemandPartition {
  organisationId: string;
  /** 'YYYY-MM-01' */
  month: string;
}

function bounds(p: DemandPartition): [string, string] {
  const from = new Date(`${p.month}T00:00:00Z`);
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  return [from.toISOString(), to.toISOString()];
}

/**
 * Every (organisation, month) holding vacancies, with a fingerprint of what they hold (count,
 * last change, last tagging): a partition whose fingerprint did not change need not be rebuilt.
 */
export async function demandPartitions(
  db: Kysely<Database>,
  organisationId?: string,
): Promise<(DemandPartition & { fingerprint: string })[]> {
  const rows = await sql<{ organisation_id: string; month: string; n: string; changed: string | null; tagged: string | null }>`
    select v.organisation_id, to_char(date_trunc('month', ${postedAt} at time zone 'UTC'), 'YYYY-MM-DD') as month,
           count(*) as n, max(v.updated_at)::text as changed, max(v.tagged_at)::text as tagged
    from vacancies v
    ${organisationId ? sql`where v.organisation_id = ${organisationId}` : sql``}
    group by 1, 2 order by 1, 2`.execute(db);
  return rows.rows.map((r) => ({
    organisationId: r.organisation_id,
    month: r.month,
    fingerprint: `${r.n}|${r.changed ?? ''}|${r.tagged ?? ''}`,
  }));
}

/**
 * Vacancies asking for each skill in a partition, by day, municipality, province and occupation
 * ('' when not given): the columns of insight_demand_daily, in its order.
 */
export function demandBySkill(p: DemandPartition) {
  const [from, to] = bounds(p);
  return sql`select v.organisation_id, ${day} as day, s.skill_id, coalesce(v.municipality, '') as municipality,
      coalesce(v.province, '') as province, coalesce(v.occupation_id::text, '') as occupation_id, count(*)::int as vacancies
    from vacancies v join vacancy_skills s on s.vacancy_id = v.id
    where v.organisation_id = ${p.organisationId} and ${postedAt} >= ${from} and ${postedAt} < ${to}
    group by 1, 2, 3, 4, 5, 6`;
}

/** Every vacancy of a partition (with or without skills) by day, region and occupation: the columns of insight_vacancies_daily. */
export function vacanciesByDay(p: DemandPartition) {
  const [from, to] = bounds(p);
  return sql`select v.organisation_id, ${day} as day, coalesce(v.municipality, '') as municipality,
      coalesce(v.province, '') as province, coalesce(v.occupation_id::text, '') as occupation_id, count(*)::int as vacancies
    from vacancies v
    where v.organisation_id = ${p.organisationId} and ${postedAt} >= ${from} and ${postedAt} < ${to}
    group by 1, 2, 3, 4, 5`;
}

/** Pairs of skills asked for by one vacancy (a < b) in a partition, by province: the columns of insight_cooccurrence_monthly. */
export function skillPairs(p: DemandPartition) {
  const [from, to] = bounds(p);
  return sql`select v.organisation_id, ${p.month}::date as month, coalesce(v.province, '') as province,
      a.skill_id as skill_a, b.skill_id as skill_b, count(*)::int as vacancies
    from vacancies v
      join vacancy_skills a on a.vacancy_id = v.id
      join vacancy_skills b on b.vacancy_id = v.id and a.skill_id < b.skill_id
    where v.organisation_id = ${p.organisationId} and ${postedAt} >= ${from} and ${postedAt} < ${to}
    group by 1, 2, 3, 4, 5`;
}
