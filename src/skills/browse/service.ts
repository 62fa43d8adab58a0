import { findOrganisation } from '../../accounts/api.ts';
import { getCurrentUser } from '../../accounts/api.ts';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { LangList, LangMap, NamedReference, SkillStatus } from '../schema.ts';

/**
 * Read-side services behind the skills pages: the skill-group hierarchy, a skill with everything
 * around it, occupations and collections. Pages call these, never the tables. Every function takes
 * a `Viewer` where visibility matters: drafts are seen only by curators of the owning organisation
 * (and the network operator); published and archived things are public.
 */

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Who is looking, as far as visibility goes. */
export interface Viewer {
  userId: string | null;
  isOperator: boolean;
  /** Organisations in which the viewer may curate (create, change, publish) skills and collections. */
  curatorOf: ReadonlySet<string>;
  /** Organisations the viewer is a member of: their drafts are visible to the viewer. */
  memberOf: ReadonlySet<string>;
}

export const ANONYMOUS: Viewer = { userId: null, isOperator: false, curatorOf: new Set(), memberOf: new Set() };

/** Whether the viewer curates things owned by `organisationId` (null: the network's shared library). */
export function curates(viewer: Viewer, organisationId: string | null): boolean {
  if (viewer.isOperator) return true;
  return organisationId !== null && viewer.curatorOf.has(organisationId);
}

/** Whether the viewer may see something with this status and owner (drafts: members of the owner). */
export function canSee(viewer: Viewer, status: SkillStatus, organisationId: string | null): boolean {
  if (status !== 'draft' || viewer.isOperator) return true;
  return organisationId !== null && (viewer.memberOf.has(organisationId) || viewer.curatorOf.has(organisationId));
}

/** A skill or group as lists show it: all languages, the page picks one. */
export interface SkillSummary {
  id: string;
  kind: 'skill' | 'group';
  source: string;
  code: string | null;
  name: LangMap;
  statement: LangMap;
  skillType: string | null;
  status: SkillStatus;
  organisationId: string | null;
}

export interface GroupNode extends SkillSummary {
  /** Direct narrower groups. */
  groupCount: number;
  /** Skills directly under this group. */
  skillCount: number;
}

type SkillRow = {
  id: string;
  kind: 'skill' | 'group';
  source: string;
  code: string | null;
  name: LangMap;
  statement: LangMap;
  skill_type: string | null;
  status: string;
  organisation_id: string | null;
};

function toSummary(row: SkillRow): SkillSummary {
  return {
    id: row.id,
    kind: row.kind,
    source: row.source,
    code: row.code,
    name: row.name ?? {},
    statement: row.statement ?? {},
    skillType: row.skill_type,
    status: row.status as SkillStatus,
    organisationId: row.organisation_id,
  };
}

const summaryColumns = [
  's.id',
  's.kind',
  's.source',
  's.code',
  's.name',
  's.statement',
  's.skill_type',
  's.status',
  's.organisation_id',
] as const;

/** Orders by the name in `lang`, then in English. */
function byName(lang: string) {
  return sql`coalesce(s.name->>${lang}, s.name->>'en', s.code, '')`;
}

/** Direct narrower groups and (non-draft) skills of the group `s`. */
const groupCountSql = sql<string>`(select count(*) from skill_broader b join skills c on c.id = b.skill_id where b.broader_id = s.id and c.kind = 'group')`;
const skillCountSql = sql<string>`(select count(*) from skill_broader b join skills c on c.id = b.skill_id where b.broader_id = s.id and c.kind = 'skill' and c.status <> 'draft')`;

/** The top of the skills hierarchy: groups with no broader group, with how much lies under each. */
export async function topGroups(db: Kysely<Database>, lang: string): Promise<GroupNode[]> {
  const rows = await db
    .selectFrom('skills as s')
    .select(summaryColumns)
    .select([groupCountSql.as('group_count'), skillCountSql.as('skill_count')])
    .where('s.kind', '=', 'group')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('skill_broader as p').select('p.skill_id').whereRef('p.skill_id', '=', 's.id'))))
    .orderBy(sql`s.code nulls last`)
    .orderBy(byName(lang))
    .execute();
  return rows.map((r) => ({ ...toSummary(r as SkillRow), groupCount: Number(r.group_count ?? 0), skillCount: Number(r.skill_count ?? 0) }));
}

export interface GroupPage {
  group: GroupNode;
  /** Broader groups from the top down to the group's parent, for breadcrumbs. */
  trail: SkillSummary[];
  groups: GroupNode[];
  skills: SkillSummary[];
  skillTotal: number;
}

/** One group of the hierarchy: its narrower groups and (a page of) its skills. */
export async function groupPage(
  db: Kysely<Database>,
  id: string,
  lang: string,
  page: { limit: number; offset: number },
): Promise<GroupPage | null> {
  if (!isUuid(id)) return null;
  const withCounts = (q: ReturnType<typeof base>) => q.select([groupCountSql.as('group_count'), skillCountSql.as('skill_count')]);
  const base = () => db.selectFrom('skills as s').select(summaryColumns);
  const row = await withCounts(base()).where('s.id', '=', id).where('s.kind', '=', 'group').executeTakeFirst();
  if (!row) return null;
  const toNode = (r: typeof row): GroupNode => ({
    ...toSummary(r as SkillRow),
    groupCount: Number(r.group_count ?? 0),
    skillCount: Number(r.skill_count ?? 0),
  });
  const groups = await withCounts(base())
    .innerJoin('skill_broader as b', 'b.skill_id', 's.id')
    .where('b.broader_id', '=', id)
    .where('s.kind', '=', 'group')
    .orderBy(sql`s.code nulls last`)
    .orderBy(byName(lang))
    .execute();
  const skills = await base()
    .innerJoin('skill_broader as b', 'b.skill_id', 's.id')
    .where('b.broader_id', '=', id)
    .where('s.kind', '=', 'skill')
    .where('s.status', '!=', 'draft')
    .orderBy(byName(lang))
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return {
    group: toNode(row),
    trail: await broaderTrail(db, id),
    groups: groups.map(toNode),
    skills: skills.map((s) => toSummary(s as SkillRow)),
    skillTotal: Number(row.skill_count ?? 0),
  };
}

/**
 * The chain of broader groups above a skill or group, top first. ESCO concepts may have several
 * broader concepts; the trail follows the first by code, which is enough for breadcrumbs.
 */
export async function broaderTrail(db: Kysely<Database>, id: string): Promise<SkillSummary[]> {
  const rows = await sql<SkillRow & { depth: number }>`
    with recursive up(id, depth) as (
      select ${id}::uuid, 0
      union all
      select (select b.broader_id from skill_broader b join skills g on g.id = b.broader_id
              where b.skill_id = up.id order by g.kind = 'group' desc, g.code nulls last limit 1), up.depth + 1
      from up where up.id is not null and up.depth < 12
    )
    select s.id, s.kind, s.source, s.code, s.name, s.statement, s.skill_type, s.status, s.organisation_id, up.depth
    from up join skills s on s.id = up.id
    where up.depth > 0
    order by up.depth desc
  `.execute(db);
  return rows.rows.map(toSummary);
}

export interface SkillDetail {
  id: string;
  kind: 'skill' | 'group';
  source: string;
  externalUri: string | null;
  code: string | null;
  skillType: string | null;
  reuseLevel: string | null;
  name: LangMap;
  statement: LangMap;
  scopeNote: LangMap;
  altLabels: LangList;
  keywords: LangList;
  categories: string[];
  standards: NamedReference[];
  certifications: NamedReference[];
  employers: NamedReference[];
  alignments: NamedReference[];
  author: string | null;
  status: SkillStatus;
  organisationId: string | null;
  organisationName: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  archivedAt: Date | null;
  trail: SkillSummary[];
  /** Narrower skills and groups (ESCO skills can have narrower skills too). */
  narrower: SkillSummary[];
  occupations: { essential: OccupationSummary[]; optional: OccupationSummary[] };
  /** Occupations an own skill names (RSD `occupations`); `occupationId` when it is one in the library. */
  occupationRefs: { id?: string; name?: string; code?: string; framework?: string; occupationId?: string; occupationName?: LangMap }[];
  related: (SkillSummary & { relationType: string })[];
  collections: CollectionSummary[];
}

export interface OccupationSummary {
  id: string;
  code: string | null;
  name: LangMap;
}

/** Adds the curating organisation's name, read through the accounts module (never its tables). */
function withOrganisationName(db: Kysely<Database>) {
  return async <T extends { organisation_id: string | null }>(
    row: T | undefined,
  ): Promise<(T & { organisation_name: string | null }) | undefined> => {
    if (!row) return undefined;
    const organisation = row.organisation_id ? await findOrganisation(db, row.organisation_id) : null;
    return { ...row, organisation_name: organisation?.name ?? null };
  };
}

/** A skill with everything the skill page shows, or null when there is none the viewer may see. */
export async function skillDetail(db: Kysely<Database>, id: string, viewer: Viewer): Promise<SkillDetail | null> {
  if (!isUuid(id)) return null;
  const row = await db.selectFrom('skills as s').selectAll('s').where('s.id', '=', id).executeTakeFirst().then(withOrganisationName(db));
  if (!row || !canSee(viewer, row.status, row.organisation_id)) return null;
  const [trail, narrower, occupations, related, collections] = await Promise.all([
    broaderTrail(db, id),
    db
      .selectFrom('skills as s')
      .innerJoin('skill_broader as b', 'b.skill_id', 's.id')
      .select(summaryColumns)
      .where('b.broader_id', '=', id)
      .where('s.status', '!=', 'draft')
      .orderBy(sql`coalesce(s.name->>'en', '')`)
      .limit(200)
      .execute(),
    db
      .selectFrom('occupation_skills as os')
      .innerJoin('occupations as o', 'o.id', 'os.occupation_id')
      .select(['o.id', 'o.code', 'o.name', 'os.relation_type'])
      .where('os.skill_id', '=', id)
      .orderBy(sql`coalesce(o.name->>'en', '')`)
      .execute(),
    db
      .selectFrom('skill_relations as r')
      .innerJoin('skills as s', (join) =>
        join.on(sql<boolean>`s.id = case when r.skill_id = ${id}::uuid then r.related_skill_id else r.skill_id end`),
      )
      .select(summaryColumns)
      .select('r.relation_type')
      .where((eb) => eb.or([eb('r.skill_id', '=', id), eb('r.related_skill_id', '=', id)]))
      .where('s.status', '!=', 'draft')
      .orderBy(sql`coalesce(s.name->>'en', '')`)
      .limit(200)
      .execute(),
    db
      .selectFrom('collection_skills as cs')
      .innerJoin('collections as c', 'c.id', 'cs.collection_id')
      .select(['c.id', 'c.name', 'c.description', 'c.status', 'c.organisation_id', 'c.external_key'])
      .select(sql<string>`(select count(*) from collection_skills x where x.collection_id = c.id)`.as('skill_count'))
      .where('cs.skill_id', '=', id)
      .orderBy(sql`coalesce(c.name->>'en', '')`)
      .execute(),
  ]);
  const refs = ((row as { occupations?: unknown }).occupations ?? []) as SkillDetail['occupationRefs'];
  const refUris = refs.map((r) => r.id).filter((u): u is string => typeof u === 'string' && /^https?:/.test(u));
  const known = refUris.length
    ? await db.selectFrom('occupations').select(['id', 'external_uri', 'name']).where('external_uri', 'in', refUris).execute()
    : [];
  const knownByUri = new Map(known.map((k) => [k.external_uri, k]));
  const occupationRefs = refs.map((r) => {
    const k = r.id ? knownByUri.get(r.id) : undefined;
    return k ? { ...r, occupationId: k.id, occupationName: k.name ?? {} } : r;
  });
  const occ = (kind: string) =>
    occupations.filter((o) => o.relation_type === kind).map((o) => ({ id: o.id, code: o.code, name: o.name ?? {} }));
  return {
    id: row.id,
    kind: row.kind,
    source: row.source,
    externalUri: row.external_uri,
    code: row.code,
    skillType: row.skill_type,
    reuseLevel: row.reuse_level,
    name: row.name ?? {},
    statement: row.statement ?? {},
    scopeNote: row.scope_note ?? {},
    altLabels: row.alt_labels ?? {},
    keywords: row.keywords ?? {},
    categories: row.categories ?? [],
    standards: row.standards ?? [],
    certifications: row.certifications ?? [],
    employers: row.employers ?? [],
    alignments: row.alignments ?? [],
    author: row.author,
    status: row.status,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name ?? null,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    publishedAt: row.published_at as Date | null,
    archivedAt: row.archived_at as Date | null,
    trail,
    narrower: narrower.map((s) => toSummary(s as SkillRow)),
    occupations: { essential: occ('essential'), optional: occ('optional') },
    occupationRefs,
    related: related.map((r) => ({ ...toSummary(r as SkillRow), relationType: r.relation_type })),
    collections: collections.filter((c) => canSee(viewer, c.status, c.organisation_id)).map(toCollectionSummary),
  };
}

export interface HistoryEntry {
  id: string;
  action: string;
  userName: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
  at: Date;
}

/** Who changed what on a skill, newest first. */
export async function skillHistory(db: Kysely<Database>, skillId: string, limit = 100): Promise<HistoryEntry[]> {
  if (!isUuid(skillId)) return [];
  const rows = await db
    .selectFrom('skill_history as h')
    .select(['h.id', 'h.action', 'h.changes', 'h.at', 'h.user_id'])
    .where('h.skill_id', '=', skillId)
    .orderBy('h.at', 'desc')
    .limit(limit)
    .execute();
  // Names through the accounts module's service, once per person.
  const names = new Map<string, string>();
  for (const userId of new Set(rows.map((r) => r.user_id).filter((u): u is string => u !== null))) {
    const user = await getCurrentUser(db, userId);
    if (user) names.set(userId, user.name);
  }
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    userName: (r.user_id && names.get(r.user_id)) || null,
    changes: r.changes ?? {},
    at: toDate(r.at),
  }));
}

export interface SuggestionView {
  escoSkill: SkillSummary & { externalUri: string | null };
  score: number;
  status: 'suggested' | 'accepted' | 'rejected';
  decidedAt: Date | null;
}

/** Crosswalk suggestions of an own skill (ESCO skills to align it to), best first. */
export async function skillSuggestions(db: Kysely<Database>, skillId: string): Promise<SuggestionView[]> {
  if (!isUuid(skillId)) return [];
  const rows = await db
    .selectFrom('alignment_suggestions as a')
    .innerJoin('skills as s', 's.id', 'a.esco_skill_id')
    .select(summaryColumns)
    .select(['s.external_uri', 'a.score', 'a.status as suggestion_status', 'a.decided_at'])
    .where('a.skill_id', '=', skillId)
    .orderBy(sql`a.status = 'suggested' desc`)
    .orderBy('a.score', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    escoSkill: { ...toSummary(r as SkillRow), externalUri: r.external_uri },
    score: Number(r.score),
    status: r.suggestion_status,
    decidedAt: r.decided_at,
  }));
}

export interface OccupationDetail {
  id: string;
  externalUri: string | null;
  code: string | null;
  iscoGroup: { code: string; name: LangMap; externalUri: string } | null;
  name: LangMap;
  description: LangMap;
  altLabels: LangList;
  essential: SkillSummary[];
  optional: SkillSummary[];
}

export async function occupationDetail(db: Kysely<Database>, id: string): Promise<OccupationDetail | null> {
  if (!isUuid(id)) return null;
  const row = await db.selectFrom('occupations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const isco = row.isco_group
    ? await db.selectFrom('isco_groups').selectAll().where('code', '=', row.isco_group).executeTakeFirst()
    : undefined;
  const skills = await db
    .selectFrom('occupation_skills as os')
    .innerJoin('skills as s', 's.id', 'os.skill_id')
    .select(summaryColumns)
    .select('os.relation_type')
    .where('os.occupation_id', '=', id)
    .where('s.status', '!=', 'draft')
    .orderBy(sql`coalesce(s.name->>'en', '')`)
    .execute();
  const of = (kind: string) => skills.filter((s) => s.relation_type === kind).map((s) => toSummary(s as SkillRow));
  return {
    id: row.id,
    externalUri: row.external_uri,
    code: row.code,
    iscoGroup: isco
      ? { code: isco.code, name: isco.name ?? {}, externalUri: isco.external_uri }
      : row.isco_group
        ? { code: row.isco_group, name: {}, externalUri: '' }
        : null,
    name: row.name ?? {},
    description: row.description ?? {},
    altLabels: row.alt_labels ?? {},
    essential: of('essential'),
    optional: of('optional'),
  };
}

export interface CollectionSummary {
  id: string;
  name: LangMap;
  description: LangMap;
  status: SkillStatus;
  organisationId: string | null;
  /** Set for ESCO's own collections (e.g. "digital"). */
  externalKey: string | null;
  skillCount: number;
}

function toCollectionSummary(r: {
  id: string;
  name: LangMap;
  description: LangMap;
  status: SkillStatus;
  organisation_id: string | null;
  external_key: string | null;
  skill_count: string | number | null;
}): CollectionSummary {
  return {
    id: r.id,
    name: r.name ?? {},
    description: r.description ?? {},
    status: r.status,
    organisationId: r.organisation_id,
    externalKey: r.external_key,
    skillCount: Number(r.skill_count ?? 0),
  };
}

/** The collections the viewer may see: published and archived ones, and drafts they curate. */
export async function listCollections(db: Kysely<Database>, viewer: Viewer, lang: string): Promise<CollectionSummary[]> {
  let query = db
    .selectFrom('collections as c')
    .select(['c.id', 'c.name', 'c.description', 'c.status', 'c.organisation_id', 'c.external_key'])
    .select(sql<string>`(select count(*) from collection_skills x where x.collection_id = c.id)`.as('skill_count'))
    .orderBy(sql`coalesce(c.name->>${lang}, c.name->>'en', '')`);
  if (!viewer.isOperator) {
    const orgs = [...new Set([...viewer.curatorOf, ...viewer.memberOf])];
    query = query.where((eb) => eb.or([eb('c.status', '!=', 'draft'), ...(orgs.length ? [eb('c.organisation_id', 'in', orgs)] : [])]));
  }
  return (await query.execute()).map(toCollectionSummary);
}

export interface CollectionDetail extends CollectionSummary {
  author: string | null;
  organisationName: string | null;
  createdAt: Date;
  updatedAt: Date;
  skills: SkillSummary[];
}

/** A collection with (a page of) its skills, or null when there is none the viewer may see. */
export async function collectionDetail(
  db: Kysely<Database>,
  id: string,
  viewer: Viewer,
  lang: string,
  page: { limit: number; offset: number } = { limit: 500, offset: 0 },
): Promise<CollectionDetail | null> {
  if (!isUuid(id)) return null;
  const row = await db
    .selectFrom('collections as c')
    .selectAll('c')
    .select(sql<string>`(select count(*) from collection_skills x where x.collection_id = c.id)`.as('skill_count'))
    .where('c.id', '=', id)
    .executeTakeFirst()
    .then(withOrganisationName(db));
  if (!row || !canSee(viewer, row.status, row.organisation_id)) return null;
  const insider = viewer.isOperator || (row.organisation_id !== null && viewer.memberOf.has(row.organisation_id));
  let skills = db
    .selectFrom('collection_skills as cs')
    .innerJoin('skills as s', 's.id', 'cs.skill_id')
    .select(summaryColumns)
    .where('cs.collection_id', '=', id)
    .orderBy(byName(lang))
    .limit(page.limit)
    .offset(page.offset);
  if (!insider) skills = skills.where('s.status', '!=', 'draft');
  return {
    ...toCollectionSummary(row),
    author: row.author,
    organisationName: row.organisation_name ?? null,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    skills: (await skills.execute()).map((s) => toSummary(s as SkillRow)),
  };
}

/** How much the library holds, for the browse page. */
export async function libraryCounts(
  db: Kysely<Database>,
): Promise<{ skills: number; groups: number; occupations: number; collections: number }> {
  const row = await sql<{ skills: string; groups: string; occupations: string; collections: string }>`
    select
      (select count(*) from skills where kind = 'skill' and status = 'published') as skills,
      (select count(*) from skills where kind = 'group') as groups,
      (select count(*) from occupations) as occupations,
      (select count(*) from collections where status = 'published') as collections
  `.execute(db);
  const r = row.rows[0];
  return { skills: Number(r.skills), groups: Number(r.groups), occupations: Number(r.occupations), collections: Number(r.collections) };
}

/** Summaries of the given skills (those the viewer may see), in the order of `ids`. */
export async function skillSummaries(db: Kysely<Database>, ids: string[], viewer: Viewer): Promise<SkillSummary[]> {
  const valid = ids.filter(isUuid);
  if (!valid.length) return [];
  const rows = await db.selectFrom('skills as s').select(summaryColumns).where('s.id', 'in', valid).execute();
  const byId = new Map(rows.map((r) => [r.id, toSummary(r as SkillRow)]));
  return valid.map((id) => byId.get(id)).filter((s): s is SkillSummary => !!s && canSee(viewer, s.status, s.organisationId));
}

/** The categories in use among skills, for the search filter. */
export async function skillCategories(db: Kysely<Database>): Promise<string[]> {
  const rows = await sql<{ category: string }>`
    select distinct jsonb_array_elements_text(categories) as category from skills where kind = 'skill' order by 1 limit 500
  `.execute(db);
  return rows.rows.map((r) => r.category);
}

/** The ESCO collection keys and own collections the viewer may filter by. */
export async function collectionOptions(db: Kysely<Database>, viewer: Viewer, lang: string): Promise<{ id: string; name: LangMap }[]> {
  return (await listCollections(db, viewer, lang)).map((c) => ({ id: c.id, name: c.name }));
}
