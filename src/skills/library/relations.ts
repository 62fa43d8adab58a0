import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { LangMap } from '../schema.ts';

/**
 * The library's relations as plain rows, for other modules that reason about skills (insight's
 * matching): an occupation's essential and optional skills (ESCO's occupation–skill relations),
 * the skill-to-skill links of the hierarchy (a skill and its broader or narrower skill, groups left
 * out) and skill names. Read-only; ids are library ids.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuids = (ids: readonly string[]) => [...new Set(ids.filter((id) => UUID.test(id)))];

export interface OccupationSkillLink {
  occupationId: string;
  skillId: string;
  relation: 'essential' | 'optional';
}

/** The essential and optional skills of these occupations (published skills only). */
export async function occupationSkillLinks(db: Kysely<Database>, occupationIds: readonly string[]): Promise<OccupationSkillLink[]> {
  const ids = uuids(occupationIds);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('occupation_skills as os')
    .innerJoin('skills as s', 's.id', 'os.skill_id')
    .select(['os.occupation_id', 'os.skill_id', 'os.relation_type'])
    .where('os.occupation_id', 'in', ids)
    .where('s.status', '=', 'published')
    .orderBy('os.occupation_id')
    .orderBy('os.skill_id')
    .execute();
  return rows.map((r) => ({ occupationId: r.occupation_id, skillId: r.skill_id, relation: r.relation_type }));
}

/** Occupations by id: their names in every language (unknown ids left out). */
export async function occupationNames(db: Kysely<Database>, occupationIds: readonly string[]): Promise<{ id: string; name: LangMap }[]> {
  const ids = uuids(occupationIds);
  if (ids.length === 0) return [];
  return db.selectFrom('occupations').select(['id', 'name']).where('id', 'in', ids).orderBy('id').execute();
}

/**
 * Pairs `[skill, broader skill]` of the hierarchy where one side is among `skillIds` and both are
 * skills (not groups): a held skill one step more specific or more general than another.
 */
export async function skillNeighbourLinks(db: Kysely<Database>, skillIds: readonly string[]): Promise<[string, string][]> {
  const ids = uuids(skillIds);
  if (ids.length === 0) return [];
  const { rows } = await sql<{ skill_id: string; broader_id: string }>`
    select b.skill_id, b.broader_id from skill_broader b
    join skills s on s.id = b.skill_id and s.kind = 'skill'
    join skills g on g.id = b.broader_id and g.kind = 'skill'
    where b.skill_id in (${sql.join(ids)}) or b.broader_id in (${sql.join(ids)})
    order by b.skill_id, b.broader_id`.execute(db);
  return rows.map((r) => [r.skill_id, r.broader_id]);
}

/** Names of these skills in every language, by id (unknown ids left out). */
export async function skillNames(db: Kysely<Database>, skillIds: readonly string[]): Promise<Map<string, LangMap>> {
  const ids = uuids(skillIds);
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('skills').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
