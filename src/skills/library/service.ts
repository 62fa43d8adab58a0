import { type Kysely, type Selectable, sql } from 'kysely';
import { findOrganisation } from '../../accounts/api.ts';
import { getCurrentUser } from '../../accounts/api.ts';
import type { CurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/schema.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { SkillsErrors as E } from '../errors.ts';
import { labelRowsFor, replaceLabels } from '../labels.ts';
import type { CollectionsTable, SkillStatus, SkillsTable } from '../schema.ts';
import { canCurate, defaultAuthor, memberOrganisations, requireCurator, userRef, type Viewer } from './access.ts';
import type {
  Collection,
  CollectionInput,
  HistoryEntry,
  NewCollectionInput,
  NewSkillInput,
  OccupationReference,
  Skill,
  SkillInput,
} from './types.ts';
import * as v from './validate.ts';

export type { Viewer } from './access.ts';
export { canCurate } from './access.ts';

type Db = Kysely<Database>;
type SkillRow = Selectable<SkillsTable>;
type CollectionRow = Selectable<CollectionsTable>;

/** now() of the transaction: every row a change touches gets the same time. */
const NOW = sql<Date>`now()`;

/** The canonical URL of a skill (RSD `id`). */
export function skillUri(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/$/, '')}/skills/${id}`;
}

/** The canonical URL of a collection. */
export function collectionUri(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/$/, '')}/collections/${id}`;
}

const SKILL_FIELDS = [
  'name',
  'statement',
  'keywords',
  'categories',
  'standards',
  'certifications',
  'occupations',
  'employers',
  'alignments',
  'author',
] as const;
type SkillField = (typeof SKILL_FIELDS)[number];

/** Validates the given fields of a skill input; names the field that is wrong. */
export function validateSkillInput(input: SkillInput, creating: boolean): SkillInput {
  if (typeof input !== 'object' || input === null) throw PlatformErrors.invalid('body');
  const out: SkillInput = {};
  for (const field of SKILL_FIELDS) v.noNul(field, input[field]);
  if (creating || input.name !== undefined) out.name = v.langMap('name', input.name, v.LIMITS.name, true);
  if (input.statement !== undefined) out.statement = v.langMap('statement', input.statement, v.LIMITS.statement);
  if (input.keywords !== undefined) out.keywords = v.langList('keywords', input.keywords, v.LIMITS.keyword);
  if (input.categories !== undefined) out.categories = v.stringList('categories', input.categories, v.LIMITS.category);
  if (input.standards !== undefined) out.standards = v.references('standards', input.standards);
  if (input.certifications !== undefined) out.certifications = v.references('certifications', input.certifications);
  if (input.occupations !== undefined) out.occupations = v.occupationRefs('occupations', input.occupations);
  if (input.employers !== undefined) out.employers = v.references('employers', input.employers);
  if (input.alignments !== undefined) out.alignments = v.references('alignments', input.alignments);
  if (input.author !== undefined) out.author = v.author('author', input.author);
  return out;
}

function isVisible(row: { status: SkillStatus; organisation_id: string | null }, orgs: string[] | 'all', source?: string): boolean {
  if (row.status !== 'draft' || source === 'esco') return true;
  return orgs === 'all' || (row.organisation_id !== null && orgs.includes(row.organisation_id));
}

/** Fills missing occupation names from the occupations table (ESCO URIs) and marks the local row. */
async function resolveOccupations(db: Db, refs: OccupationReference[]): Promise<(OccupationReference & { occupationId?: string })[]> {
  const uris = refs.map((r) => r.id).filter((id): id is string => !!id);
  if (!uris.length) return refs;
  const rows = await db.selectFrom('occupations').select(['id', 'external_uri', 'name']).where('external_uri', 'in', uris).execute();
  const byUri = new Map(rows.map((r) => [r.external_uri, r]));
  return refs.map((ref) => {
    const row = ref.id ? byUri.get(ref.id) : undefined;
    return row ? { ...ref, occupationId: row.id } : ref;
  });
}

async function fillOccupationNames(db: Db, refs: OccupationReference[]): Promise<OccupationReference[]> {
  const missing = refs.filter((r) => r.id && !r.name).map((r) => r.id as string);
  if (!missing.length) return refs;
  const rows = await db.selectFrom('occupations').select(['external_uri', 'name']).where('external_uri', 'in', missing).execute();
  const names = new Map(rows.map((r) => [r.external_uri, r.name.en ?? Object.values(r.name)[0]]));
  return refs.map((r) => (r.id && !r.name && names.get(r.id) ? { ...r, name: names.get(r.id) } : r));
}

async function toSkills(ctx: Pick<AppContext, 'config' | 'db'>, rows: SkillRow[], viewer: Viewer, db: Db = ctx.db): Promise<Skill[]> {
  if (!rows.length) return [];
  const orgs = await memberOrganisations(db, viewer);
  const memberships = await db
    .selectFrom('collection_skills')
    .innerJoin('collections', 'collections.id', 'collection_skills.collection_id')
    .select(['collection_skills.skill_id', 'collections.id', 'collections.name', 'collections.status', 'collections.organisation_id'])
    .where(
      'collection_skills.skill_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('collection_skills.added_at')
    .execute();
  const result: Skill[] = [];
  for (const row of rows) {
    result.push({
      id: row.id,
      uri: skillUri(ctx.config.baseUrl, row.id),
      source: row.source,
      kind: row.kind,
      externalUri: row.external_uri,
      skillType: row.skill_type,
      organisationId: row.organisation_id,
      name: row.name,
      statement: row.statement,
      keywords: row.keywords,
      altLabels: row.alt_labels,
      categories: row.categories,
      standards: row.standards,
      certifications: row.certifications,
      occupations: await resolveOccupations(db, row.occupations ?? []),
      employers: row.employers,
      alignments: row.alignments,
      author: row.author,
      status: row.status,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      publishedAt: row.published_at,
      archivedAt: row.archived_at,
      collections: memberships
        .filter((m) => m.skill_id === row.id && isVisible(m, orgs))
        .map((m) => ({ id: m.id, uri: collectionUri(ctx.config.baseUrl, m.id), name: m.name, status: m.status })),
    });
  }
  return result;
}

async function skillRow(db: Db, id: string): Promise<SkillRow> {
  if (!v.isUuid(id)) throw E.skillNotFound('id');
  const row = await db.selectFrom('skills').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw E.skillNotFound('id');
  return row;
}

/** A skill as the viewer may see it: drafts only for members of the curating organisation and operators. */
export async function getSkill(ctx: AppContext, id: string, viewer: Viewer): Promise<Skill> {
  const row = await skillRow(ctx.db, id);
  if (!isVisible(row, await memberOrganisations(ctx.db, viewer), row.source)) throw E.skillNotFound('id');
  const [skill] = await toSkills(ctx, [row], viewer);
  return skill;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the skill a reference names: a library id, the skill's canonical URL, or the URI of
 * the concept it was imported from (an ESCO conceptUri). Null when nothing matches. Visibility is
 * checked by getSkill, not here.
 */
export async function findSkillId(ctx: AppContext, ref: string): Promise<string | null> {
  const value = ref.trim();
  const own = `${ctx.config.baseUrl}/skills/`;
  const candidate = value.startsWith(own) ? value.slice(own.length) : value;
  if (UUID_PATTERN.test(candidate)) {
    const row = await ctx.db.selectFrom('skills').select('id').where('id', '=', candidate).executeTakeFirst();
    return row?.id ?? null;
  }
  if (!/^https?:\/\//.test(value)) return null;
  const row = await ctx.db.selectFrom('skills').select('id').where('external_uri', '=', value).executeTakeFirst();
  return row?.id ?? null;
}

/** Whether the person may change this skill (for showing edit buttons). */
export async function canEditSkill(ctx: AppContext, skill: Pick<Skill, 'source' | 'organisationId'>, viewer: Viewer): Promise<boolean> {
  return skill.source === 'local' && (await canCurate(ctx.db, viewer, skill.organisationId));
}

export interface SkillFilter {
  organisationId?: string;
  status?: SkillStatus | SkillStatus[];
  source?: 'local' | 'esco';
  collectionId?: string;
  ids?: string[];
  /** 'updated' (newest first, default) or 'name' (by the English, else any, name). */
  order?: 'updated' | 'name';
  limit?: number;
  offset?: number;
}

/** Skills the viewer may see, filtered; not a search (that is the search part's `searchSkills`). */
export async function listSkills(ctx: AppContext, viewer: Viewer, filter: SkillFilter = {}): Promise<{ items: Skill[]; total: number }> {
  const { limit, offset } = v.page(filter, 50, 100_000);
  const orgs = await memberOrganisations(ctx.db, viewer);
  let query = ctx.db.selectFrom('skills').where('kind', '=', 'skill');
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId);
  if (filter.source) query = query.where('source', '=', filter.source);
  if (filter.status) query = query.where('status', 'in', Array.isArray(filter.status) ? filter.status : [filter.status]);
  if (filter.ids) {
    const ids = filter.ids.filter(v.isUuid);
    if (!ids.length) return { items: [], total: 0 };
    query = query.where('id', 'in', ids);
  }
  if (filter.collectionId) {
    if (!v.isUuid(filter.collectionId)) return { items: [], total: 0 };
    query = query.where('id', 'in', (qb) =>
      qb
        .selectFrom('collection_skills')
        .select('skill_id')
        .where('collection_id', '=', filter.collectionId as string),
    );
  }
  if (orgs !== 'all') {
    query = query.where((eb) =>
      eb.or([eb('status', '!=', 'draft'), eb('source', '=', 'esco'), ...(orgs.length ? [eb('organisation_id', 'in', orgs)] : [])]),
    );
  }
  const { total } = await query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  let rows = query.selectAll();
  rows =
    filter.order === 'name'
      ? rows.orderBy(sql`coalesce(name->>'en', name->>'nl', '')`).orderBy('id')
      : rows.orderBy('updated_at', 'desc').orderBy('id');
  const items = await rows.limit(limit).offset(offset).execute();
  return { items: await toSkills(ctx, items, viewer), total: Number(total) };
}

async function writeHistory(
  db: Db,
  skillId: string,
  user: CurrentUser | null,
  action: string,
  changes: HistoryEntry['changes'],
): Promise<void> {
  await db
    .insertInto('skill_history')
    .values({ skill_id: skillId, user_id: userRef(user), action, changes: JSON.stringify(changes) })
    .execute();
}

async function syncLabels(db: Db, row: Pick<SkillRow, 'id' | 'name' | 'keywords' | 'alt_labels' | 'hidden_labels'>): Promise<void> {
  await replaceLabels(db, [row.id], labelRowsFor(row.id, row));
}

function columnValue(field: SkillField, value: unknown): unknown {
  return field === 'author' ? value : JSON.stringify(value);
}

/**
 * Creates an own skill inside a transaction the caller holds (imports put many in one). Returns the
 * new row. The writer's rights are checked by the caller.
 */
export async function insertSkill(db: Db, user: CurrentUser | null, input: NewSkillInput, action = 'create'): Promise<SkillRow> {
  const data = validateSkillInput(input, true);
  if (input.id !== undefined && !v.isUuid(input.id)) throw PlatformErrors.notUuid('id');
  const status = input.status === undefined ? 'draft' : v.status('status', input.status);
  if (status !== 'draft' && !Object.keys(data.statement ?? {}).length) throw E.statementToPublish('statement');
  const occupations = await fillOccupationNames(db, data.occupations ?? []);
  const now = new Date();
  const row = await db
    .insertInto('skills')
    .values({
      ...(input.id ? { id: input.id } : {}),
      source: 'local',
      kind: 'skill',
      name: JSON.stringify(data.name),
      statement: JSON.stringify(data.statement ?? {}),
      scope_note: '{}',
      alt_labels: '{}',
      hidden_labels: '{}',
      keywords: JSON.stringify(data.keywords ?? {}),
      categories: JSON.stringify(data.categories ?? []),
      standards: JSON.stringify(data.standards ?? []),
      certifications: JSON.stringify(data.certifications ?? []),
      occupations: JSON.stringify(occupations),
      employers: JSON.stringify(data.employers ?? []),
      alignments: JSON.stringify(data.alignments ?? []),
      author: data.author ?? defaultAuthor(user),
      status,
      organisation_id: input.organisationId,
      source_modified_at: now,
      created_by: userRef(user),
      published_at: status === 'draft' ? null : now,
      archived_at: status === 'archived' ? now : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const changes: HistoryEntry['changes'] = {};
  for (const field of SKILL_FIELDS) {
    const value = row[field];
    if (value !== null && !(typeof value === 'object' && Object.keys(value).length === 0)) changes[field] = { from: null, to: value };
  }
  changes.status = { from: null, to: status };
  await writeHistory(db, row.id, user, action, changes);
  await syncLabels(db, row);
  return row;
}

/** Applies validated changes to an own skill row, with history and labels, in the caller's transaction. */
export async function applySkillChanges(
  db: Db,
  user: CurrentUser | null,
  row: SkillRow,
  input: SkillInput,
  action = 'update',
): Promise<SkillRow> {
  const data = validateSkillInput(input, false);
  if (data.occupations) data.occupations = await fillOccupationNames(db, data.occupations);
  const changes: HistoryEntry['changes'] = {};
  const set: Record<string, unknown> = {};
  for (const field of SKILL_FIELDS) {
    if (data[field] === undefined) continue;
    const before = row[field] ?? (field === 'author' ? null : undefined);
    if (JSON.stringify(before) === JSON.stringify(data[field])) continue;
    changes[field] = { from: before, to: data[field] };
    set[field] = columnValue(field, data[field]);
  }
  if (row.status !== 'draft' && data.statement !== undefined && !Object.keys(data.statement).length) {
    throw E.statementPublished('statement');
  }
  if (!Object.keys(changes).length) return row;
  const now = new Date();
  const updated = await db
    .updateTable('skills')
    .set({ ...set, updated_at: NOW, source_modified_at: now })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeHistory(db, row.id, user, action, changes);
  if (changes.name || changes.keywords) await syncLabels(db, updated);
  return updated;
}

async function ownSkillForWrite(db: Db, user: Viewer, id: string): Promise<{ row: SkillRow; user: CurrentUser }> {
  const row = await skillRow(db, id);
  if (row.source !== 'local') throw E.escoReadOnly('id');
  const writer = await requireCurator(db, user, row.organisation_id);
  return { row, user: writer };
}

/** Creates an own skill (draft unless `status` says otherwise) for the given organisation. */
export async function createSkill(ctx: AppContext, user: Viewer, input: NewSkillInput): Promise<Skill> {
  if (!input || !v.isUuid(input.organisationId)) throw E.unknownOrganisation('organisationId');
  const writer = await requireCurator(ctx.db, user, input.organisationId);
  if (!(await findOrganisation(ctx.db, input.organisationId))) throw E.unknownOrganisation('organisationId');
  if (input.id) {
    const taken = await ctx.db.selectFrom('skills').select('id').where('id', '=', input.id).executeTakeFirst();
    if (taken) throw E.skillIdTaken('id');
  }
  const row = await ctx.db.transaction().execute((trx) => insertSkill(trx, writer, input));
  const [skill] = await toSkills(ctx, [row], writer);
  return skill;
}

/** Changes the given fields of an own skill; each change is recorded in its history. */
export async function updateSkill(ctx: AppContext, user: Viewer, id: string, input: SkillInput): Promise<Skill> {
  const row = await ctx.db.transaction().execute(async (trx) => {
    const { row, user: writer } = await ownSkillForWrite(trx, user, id);
    return applySkillChanges(trx, writer, row, input);
  });
  const [skill] = await toSkills(ctx, [row], user);
  return skill;
}

const TRANSITIONS: Record<SkillStatus, SkillStatus[]> = {
  draft: ['published', 'archived'],
  published: ['archived'],
  archived: ['draft', 'published'],
};
const STATUS_ACTIONS: Record<SkillStatus, string> = { published: 'publish', archived: 'archive', draft: 'unarchive' };

/**
 * Moves an own skill through its life: draft → published → archived; an archived skill can be
 * brought back as a draft or published again. Publishing needs a statement.
 */
export async function setSkillStatus(ctx: AppContext, user: Viewer, id: string, status: SkillStatus): Promise<Skill> {
  const next = v.status('status', status);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const { row, user: writer } = await ownSkillForWrite(trx, user, id);
    return changeStatus(trx, writer, row, next);
  });
  const [skill] = await toSkills(ctx, [row], user);
  return skill;
}

export async function changeStatus(db: Db, user: CurrentUser | null, row: SkillRow, next: SkillStatus): Promise<SkillRow> {
  if (row.status === next) return row;
  if (!TRANSITIONS[row.status].includes(next)) throw E.statusNotAllowed('status', { from: row.status, to: next });
  if (next === 'published' && !Object.keys(row.statement).length) throw E.statementToPublish('statement');
  const now = new Date();
  const updated = await db
    .updateTable('skills')
    .set({
      status: next,
      updated_at: NOW,
      published_at: next === 'published' ? now : row.published_at,
      archived_at: next === 'archived' ? now : null,
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeHistory(db, row.id, user, STATUS_ACTIONS[next], { status: { from: row.status, to: next } });
  return updated;
}

/** The audit trail of a skill, oldest first: who changed what from what to what. */
export async function skillHistory(ctx: AppContext, id: string, viewer: Viewer): Promise<HistoryEntry[]> {
  await getSkill(ctx, id, viewer);
  const rows = await ctx.db
    .selectFrom('skill_history')
    .select(['id', 'skill_id', 'user_id', 'action', 'changes', 'at'])
    .where('skill_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  // Names through the accounts module's service, once per person.
  const names = new Map<string, string | null>();
  for (const userId of new Set(rows.map((r) => r.user_id).filter((u): u is string => u !== null))) {
    names.set(userId, (await getCurrentUser(ctx.db, userId))?.name ?? null);
  }
  return rows.map((r) => ({
    id: r.id,
    skillId: r.skill_id,
    userId: r.user_id,
    userName: r.user_id ? (names.get(r.user_id) ?? null) : null,
    action: r.action,
    changes: r.changes,
    at: r.at,
  }));
}

// ---------------------------------------------------------------------------------------------
// Collections

async function collectionRow(db: Db, id: string): Promise<CollectionRow> {
  if (!v.isUuid(id)) throw E.collectionNotFound('id');
  const row = await db.selectFrom('collections').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw E.collectionNotFound('id');
  return row;
}

async function toCollections(ctx: Pick<AppContext, 'config' | 'db'>, rows: CollectionRow[], viewer: Viewer): Promise<Collection[]> {
  if (!rows.length) return [];
  const orgs = await memberOrganisations(ctx.db, viewer);
  let counts = ctx.db
    .selectFrom('collection_skills')
    .innerJoin('skills', 'skills.id', 'collection_skills.skill_id')
    .select(['collection_skills.collection_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where(
      'collection_skills.collection_id',
      'in',
      rows.map((r) => r.id),
    )
    .groupBy('collection_skills.collection_id');
  if (orgs !== 'all') {
    counts = counts.where((eb) =>
      eb.or([
        eb('skills.status', '!=', 'draft'),
        eb('skills.source', '=', 'esco'),
        ...(orgs.length ? [eb('skills.organisation_id', 'in', orgs)] : []),
      ]),
    );
  }
  const n = new Map((await counts.execute()).map((c) => [c.collection_id, Number(c.n)]));
  return rows.map((r) => ({
    id: r.id,
    uri: collectionUri(ctx.config.baseUrl, r.id),
    externalKey: r.external_key,
    organisationId: r.organisation_id,
    name: r.name,
    description: r.description,
    author: r.author,
    status: r.status,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    skillCount: n.get(r.id) ?? 0,
  }));
}

/** A collection as the viewer may see it (drafts only for members and operators). Its skills: `listSkills(..., {collectionId})`. */
export async function getCollection(ctx: AppContext, id: string, viewer: Viewer): Promise<Collection> {
  const row = await collectionRow(ctx.db, id);
  if (!isVisible(row, await memberOrganisations(ctx.db, viewer))) throw E.collectionNotFound('id');
  const [collection] = await toCollections(ctx, [row], viewer);
  return collection;
}

/** The skills of a collection the viewer may see, by name. */
export async function listCollectionSkills(ctx: AppContext, id: string, viewer: Viewer, page: { limit?: number; offset?: number } = {}) {
  await getCollection(ctx, id, viewer);
  return listSkills(ctx, viewer, { collectionId: id, order: 'name', limit: page.limit ?? 1000, offset: page.offset });
}

export interface CollectionFilter {
  organisationId?: string;
  status?: SkillStatus | SkillStatus[];
  /** Only collections holding this skill. */
  skillId?: string;
  limit?: number;
  offset?: number;
}

export async function listCollections(
  ctx: AppContext,
  viewer: Viewer,
  filter: CollectionFilter = {},
): Promise<{ items: Collection[]; total: number }> {
  const { limit, offset } = v.page(filter, 50, 1000);
  const orgs = await memberOrganisations(ctx.db, viewer);
  let query = ctx.db.selectFrom('collections');
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId);
  if (filter.status) query = query.where('status', 'in', Array.isArray(filter.status) ? filter.status : [filter.status]);
  if (filter.skillId) {
    if (!v.isUuid(filter.skillId)) return { items: [], total: 0 };
    query = query.where('id', 'in', (qb) =>
      qb
        .selectFrom('collection_skills')
        .select('collection_id')
        .where('skill_id', '=', filter.skillId as string),
    );
  }
  if (orgs !== 'all') {
    query = query.where((eb) => eb.or([eb('status', '!=', 'draft'), ...(orgs.length ? [eb('organisation_id', 'in', orgs)] : [])]));
  }
  const { total } = await query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy(sql`coalesce(name->>'en', name->>'nl', '')`)
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  return { items: await toCollections(ctx, rows, viewer), total: Number(total) };
}

function validateCollectionInput(input: CollectionInput, creating: boolean): CollectionInput {
  if (typeof input !== 'object' || input === null) throw PlatformErrors.invalid('body');
  const out: CollectionInput = {};
  for (const field of ['name', 'description', 'author'] as const) v.noNul(field, input[field]);
  if (creating || input.name !== undefined) out.name = v.langMap('name', input.name, v.LIMITS.name, true);
  if (input.description !== undefined) out.description = v.langMap('description', input.description, v.LIMITS.statement);
  if (input.author !== undefined) out.author = v.author('author', input.author);
  return out;
}

/** Inserts a collection in the caller's transaction (rights checked by the caller). */
export async function insertCollection(db: Db, user: CurrentUser | null, input: NewCollectionInput): Promise<CollectionRow> {
  const data = validateCollectionInput(input, true);
  if (input.id !== undefined && !v.isUuid(input.id)) throw PlatformErrors.notUuid('id');
  const status = input.status === undefined ? 'draft' : v.status('status', input.status);
  return db
    .insertInto('collections')
    .values({
      ...(input.id ? { id: input.id } : {}),
      name: JSON.stringify(data.name),
      description: JSON.stringify(data.description ?? {}),
      author: data.author ?? defaultAuthor(user),
      status,
      organisation_id: input.organisationId,
      created_by: userRef(user),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createCollection(ctx: AppContext, user: Viewer, input: NewCollectionInput): Promise<Collection> {
  if (!input || !v.isUuid(input.organisationId)) throw E.unknownOrganisation('organisationId');
  const writer = await requireCurator(ctx.db, user, input.organisationId);
  if (!(await findOrganisation(ctx.db, input.organisationId))) throw E.unknownOrganisation('organisationId');
  const row = await insertCollection(ctx.db, writer, input);
  const [collection] = await toCollections(ctx, [row], writer);
  return collection;
}

async function collectionForWrite(db: Db, user: Viewer, id: string): Promise<{ row: CollectionRow; user: CurrentUser }> {
  const row = await collectionRow(db, id);
  const writer = await requireCurator(db, user, row.organisation_id);
  return { row, user: writer };
}

export async function updateCollection(ctx: AppContext, user: Viewer, id: string, input: CollectionInput): Promise<Collection> {
  const { row } = await collectionForWrite(ctx.db, user, id);
  const data = validateCollectionInput(input, false);
  const set: Record<string, unknown> = {};
  if (data.name) set.name = JSON.stringify(data.name);
  if (data.description) set.description = JSON.stringify(data.description);
  if (data.author !== undefined) set.author = data.author;
  const updated = Object.keys(set).length
    ? await ctx.db
        .updateTable('collections')
        .set({ ...set, updated_at: NOW })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow()
    : row;
  const [collection] = await toCollections(ctx, [updated], user);
  return collection;
}

/** draft → published → archived (archived → draft or published again), like skills. */
export async function setCollectionStatus(ctx: AppContext, user: Viewer, id: string, status: SkillStatus): Promise<Collection> {
  const next = v.status('status', status);
  const { row } = await collectionForWrite(ctx.db, user, id);
  let updated = row;
  if (row.status !== next) {
    if (!TRANSITIONS[row.status].includes(next)) throw E.statusNotAllowed('status', { from: row.status, to: next });
    updated = await ctx.db
      .updateTable('collections')
      .set({ status: next, updated_at: NOW })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const [collection] = await toCollections(ctx, [updated], user);
  return collection;
}

/** Adds skills (own or ESCO, any the writer can see) to a collection; skills already in it are left alone. */
export async function addSkillsToCollection(ctx: AppContext, user: Viewer, id: string, skillIds: string[]): Promise<Collection> {
  const { row, user: writer } = await collectionForWrite(ctx.db, user, id);
  await addSkillsIn(ctx.db, writer, row.id, skillIds);
  return getCollection(ctx, row.id, writer);
}

export async function addSkillsIn(db: Db, user: CurrentUser | null, collectionId: string, skillIds: string[]): Promise<void> {
  if (!Array.isArray(skillIds) || !skillIds.length) throw PlatformErrors.required('skillIds');
  const ids = [...new Set(skillIds)];
  ids.forEach((id, i) => {
    if (!v.isUuid(id)) throw E.unknownSkill(`skillIds.${i}`);
  });
  const rows = await db.selectFrom('skills').select(['id', 'status', 'source', 'organisation_id', 'kind']).where('id', 'in', ids).execute();
  const orgs = await memberOrganisations(db, user);
  ids.forEach((id, i) => {
    const row = rows.find((r) => r.id === id);
    if (!row || !isVisible(row, orgs, row.source)) throw E.unknownSkill(`skillIds.${i}`);
  });
  await db
    .insertInto('collection_skills')
    .values(ids.map((skill_id) => ({ collection_id: collectionId, skill_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db.updateTable('collections').set({ updated_at: NOW }).where('id', '=', collectionId).execute();
}

export async function removeSkillFromCollection(ctx: AppContext, user: Viewer, id: string, skillId: string): Promise<Collection> {
  const { row, user: writer } = await collectionForWrite(ctx.db, user, id);
  if (!v.isUuid(skillId)) throw E.skillNotFound('skillId');
  const deleted = await ctx.db
    .deleteFrom('collection_skills')
    .where('collection_id', '=', row.id)
    .where('skill_id', '=', skillId)
    .returning('skill_id')
    .execute();
  if (!deleted.length) throw E.skillNotInCollection('skillId');
  await ctx.db.updateTable('collections').set({ updated_at: NOW }).where('id', '=', row.id).execute();
  return getCollection(ctx, row.id, writer);
}

/** Internal: loads a skill row for writers of other library files (import, crosswalk). */
export { ownSkillForWrite, skillRow, toSkills };
