import { type Kysely, type Selectable, sql } from 'kysely';
import { type CurrentUser, membershipOrganisationIds, requireOrgRole } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { searchOccupations } from '../skills/api.ts';
import { bandKeys, comparableText, minhash, sameVacancy } from './dedup.ts';
import { E } from './errors.ts';
import type { Posting } from './posting.ts';
import type { SourceKind, VacanciesTable } from './schema.ts';
import { normaliseText, sha256 } from './text.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** How a posting was taken in: a new vacancy, a sighting of one (exact or near duplicate), seen again, or changed. */
export type IngestStatus = 'new' | 'exact' | 'near' | 'seen' | 'updated';
export interface IngestResult {
  status: IngestStatus;
  vacancyId: string;
  similarity: number | null;
}

export interface IngestSource {
  id: string;
  organisationId: string;
  kind: SourceKind;
}

/** An occupation found for a vacancy's title, with the search's score as its confidence (0–1). */
export interface OccupationGuess {
  id: string;
  uri: string | null;
  label: string;
  confidence: number;
}

/** Scores below this are no occupation: the title named something else. */
export const OCCUPATION_MIN_CONFIDENCE = 0.45;

/** The words of a title that name the job: hours, gender marks and the like left out. */
export function occupationQuery(title: string): string {
  return title
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\b[mvfxd]\s*\/\s*[mvfxd](?:\s*\/\s*[mvfxd])?\b/gi, ' ')
    .replace(/\b\d+(?:[,.]\d+)?\s*(?:-|–|tot)?\s*\d*\s*(?:uur|uren|hours?|fte|hrs)\b/gi, ' ')
    .replace(/\b(?:vacature|gezocht|wanted|senior|junior|medior|ervaren|experienced|allround)\b/gi, ' ')
    .split(/[|–—:]| - /)[0]
    .replace(/[^\p{L}\p{N}\s'-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** The ESCO occupation (or one of the network's own) a vacancy's title names, through the skills module's occupation search. */
export async function guessOccupation(ctx: Pick<AppContext, 'db' | 'config'>, posting: Posting): Promise<OccupationGuess | null> {
  const lang = posting.language ?? 'nl';
  for (const q of [occupationQuery(posting.title), occupationQuery(posting.description.split('\n')[0] ?? '')]) {
    if (!q) continue;
    const result = await searchOccupations(ctx.db, { q, lang, limit: 1, baseUrl: ctx.config.baseUrl });
    const best = result.items[0];
    if (best && (best.score ?? 0) >= OCCUPATION_MIN_CONFIDENCE)
      return { id: best.id, uri: best.externalUri, label: best.name, confidence: Math.min(1, best.score ?? 0) };
  }
  return null;
}

function contentHash(p: Posting): string {
  const { url: _url, ...rest } = p;
  return sha256(JSON.stringify(rest));
}

function fields(p: Posting, occupation: OccupationGuess | null) {
  return {
    title: p.title,
    employer: p.employer,
    description: p.description,
    municipality: p.municipality,
    province: p.province,
    postcode: p.postcode,
    country: p.country,
    date_posted: p.datePosted,
    valid_through: p.validThrough,
    employment_type: JSON.stringify(p.employmentType),
    education: p.education,
    experience: p.experience,
    salary_min: p.salaryMin,
    salary_max: p.salaryMax,
    salary_currency: p.salaryCurrency,
    salary_unit: p.salaryUnit,
    language: p.language,
    occupation_id: occupation?.id ?? null,
    occupation_uri: occupation?.uri ?? null,
    occupation_label: occupation?.label ?? null,
    occupation_confidence: occupation ? Math.round(occupation.confidence * 1000) / 1000 : null,
  };
}

/** Where a posting was seen: its page, or the source's own id for it, or its content. */
export function sightingKey(source: IngestSource, posting: Posting): string {
  return posting.url ?? `${source.kind}:${posting.externalId ?? sha256(normaliseText(comparableText(posting))).slice(0, 32)}`;
}

/**
 * Takes a posting in: a vacancy seen before at the same place of the same source is seen again (or
 * updated when its text changed); otherwise it is matched against the organisation's vacancies of
 * every source, first on the exact normalised text, then as a near duplicate (MinHash + LSH, see
 * dedup.ts), and becomes a sighting of the one it matches, or a new vacancy. Analytics count
 * vacancies, not sightings. Safe to repeat: the same posting again is `seen`.
 */
export async function ingestPosting(
  ctx: Pick<AppContext, 'db' | 'config'>,
  source: IngestSource,
  posting: Posting,
  now = new Date(),
): Promise<IngestResult> {
  const url = sightingKey(source, posting);
  const hash = contentHash(posting);
  const seen = async (db: Kysely<Database>) => {
    const row = await db
      .updateTable('vacancy_sightings')
      .set({ last_seen_at: now, times_seen: sql`times_seen + 1` })
      .where('source_id', '=', source.id)
      .where('url', '=', url)
      .where('content_hash', '=', hash)
      .returning('vacancy_id')
      .executeTakeFirst();
    if (row) await db.updateTable('vacancies').set({ last_seen_at: now }).where('id', '=', row.vacancy_id).execute();
    return row ? { status: 'seen' as const, vacancyId: row.vacancy_id, similarity: null } : null;
  };
  // Most postings of a second crawl are unchanged: seen again without searching for an occupation.
  const unchanged = await seen(ctx.db);
  if (unchanged) return unchanged;

  const text = comparableText(posting);
  const textHash = sha256(normaliseText(text));
  const signature = minhash(text);
  const keys = bandKeys(signature);
  const occupation = await guessOccupation(ctx, posting);

  return ctx.db.transaction().execute(async (trx) => {
    // One posting at a time per organisation, so two runs cannot both make the same new vacancy.
    await sql`select pg_advisory_xact_lock(hashtext(${source.organisationId}))`.execute(trx);
    const again = await seen(trx);
    if (again) return again;
    const writeLsh = async (vacancyId: string) => {
      await trx.deleteFrom('vacancy_lsh').where('vacancy_id', '=', vacancyId).execute();
      await trx
        .insertInto('vacancy_lsh')
        .values(keys.map((band_key) => ({ organisation_id: source.organisationId, band_key, vacancy_id: vacancyId })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    };
    const sighting = await trx
      .selectFrom('vacancy_sightings')
      .select(['id', 'vacancy_id'])
      .where('source_id', '=', source.id)
      .where('url', '=', url)
      .executeTakeFirst();
    if (sighting) {
      // The same place now shows another text: the vacancy it was is updated (and tagged again).
      await trx
        .updateTable('vacancies')
        .set({
          ...fields(posting, occupation),
          text_hash: textHash,
          minhash: JSON.stringify(signature),
          last_seen_at: now,
          tagged_at: null,
          updated_at: now,
        })
        .where('id', '=', sighting.vacancy_id)
        .execute();
      await writeLsh(sighting.vacancy_id);
      await trx
        .updateTable('vacancy_sightings')
        .set({ content_hash: hash, last_seen_at: now, times_seen: sql`times_seen + 1`, external_id: posting.externalId })
        .where('id', '=', sighting.id)
        .execute();
      return { status: 'updated' as const, vacancyId: sighting.vacancy_id, similarity: null };
    }
    const addSighting = async (vacancyId: string, match: 'new' | 'exact' | 'near', similarity: number | null) => {
      await trx
        .insertInto('vacancy_sightings')
        .values({
          vacancy_id: vacancyId,
          source_id: source.id,
          url,
          external_id: posting.externalId,
          content_hash: hash,
          match,
          similarity,
          first_seen_at: now,
          last_seen_at: now,
          times_seen: 1,
        })
        .execute();
      if (match !== 'new') await trx.updateTable('vacancies').set({ last_seen_at: now }).where('id', '=', vacancyId).execute();
    };
    const exact = await trx
      .selectFrom('vacancies')
      .select('id')
      .where('organisation_id', '=', source.organisationId)
      .where('text_hash', '=', textHash)
      .orderBy('created_at')
      .executeTakeFirst();
    if (exact) {
      await addSighting(exact.id, 'exact', 1);
      return { status: 'exact' as const, vacancyId: exact.id, similarity: 1 };
    }
    const candidates = await trx
      .selectFrom('vacancy_lsh as l')
      .innerJoin('vacancies as v', 'v.id', 'l.vacancy_id')
      .select(['v.id', 'v.title', 'v.minhash'])
      .distinct()
      .where('l.organisation_id', '=', source.organisationId)
      .where('l.band_key', 'in', keys)
      .execute();
    let best: { id: string; similarity: number } | null = null;
    for (const c of candidates) {
      const verdict = sameVacancy({ title: posting.title, signature }, { title: c.title, signature: c.minhash });
      if (verdict.same && (!best || verdict.similarity > best.similarity)) best = { id: c.id, similarity: verdict.similarity };
    }
    if (best) {
      await addSighting(best.id, 'near', Math.round(best.similarity * 1000) / 1000);
      return { status: 'near' as const, vacancyId: best.id, similarity: best.similarity };
    }
    const created = await trx
      .insertInto('vacancies')
      .values({
        organisation_id: source.organisationId,
        ...fields(posting, occupation),
        text_hash: textHash,
        minhash: JSON.stringify(signature),
        first_seen_at: now,
        last_seen_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeLsh(created.id);
    await addSighting(created.id, 'new', null);
    return { status: 'new' as const, vacancyId: created.id, similarity: null };
  });
}

// ---------------------------------------------------------------- reading

/** A vacancy is current while its closing date has not passed, or, without one, when it was seen in the last 60 days. */
export const CURRENT_DAYS = 60;
const currentSql = sql<boolean>`(v.valid_through >= now() or (v.valid_through is null and v.last_seen_at > now() - make_interval(days => ${CURRENT_DAYS})))`;

export interface VacancyFilter {
  /** Organisation id or slug; else every organisation the person may read. */
  organisation?: string;
  skill?: string;
  occupation?: string;
  /** A province, or a municipality. */
  region?: string;
  /** Posted (or first seen) on or after / before these days. */
  from?: Date;
  to?: Date;
  source?: string;
  current?: boolean;
  limit?: number;
  offset?: number;
}

export interface VacancySummary {
  id: string;
  organisationId: string;
  title: string;
  employer: string | null;
  municipality: string | null;
  province: string | null;
  postedAt: Date;
  validThrough: Date | null;
  occupationLabel: string | null;
  language: string | null;
  sightings: number;
  skills: number;
  current: boolean;
}

/** The organisations whose vacancies a person may read: their own (any role); null for the operator (all). */
export async function readableOrganisations(ctx: Pick<AppContext, 'db'>, user: CurrentUser): Promise<string[] | null> {
  if (user.isOperator) return null;
  return membershipOrganisationIds(ctx.db, user.id);
}

async function scope(ctx: Pick<AppContext, 'db'>, user: CurrentUser, organisation?: string): Promise<string[] | null> {
  if (organisation) {
    const { organisation: org } = await requireOrgRole(ctx, user, organisation);
    return [org.id];
  }
  return readableOrganisations(ctx, user);
}

export const MAX_PAGE = 100;

/** Vacancies a person may read (their organisations'), newest first, with the filters of the vacancies page. */
export async function listVacancies(
  ctx: Pick<AppContext, 'db'>,
  user: CurrentUser,
  filter: VacancyFilter = {},
): Promise<{ items: VacancySummary[]; total: number }> {
  const orgs = await scope(ctx, user, filter.organisation);
  if (orgs && orgs.length === 0) return { items: [], total: 0 };
  const conditions = [sql`true`];
  if (orgs) conditions.push(sql`v.organisation_id in (${sql.join(orgs)})`);
  if (filter.skill && isUuid(filter.skill))
    conditions.push(sql`exists (select 1 from vacancy_skills vs where vs.vacancy_id = v.id and vs.skill_id = ${filter.skill})`);
  else if (filter.skill) conditions.push(sql`false`);
  if (filter.occupation && isUuid(filter.occupation)) conditions.push(sql`v.occupation_id = ${filter.occupation}`);
  else if (filter.occupation) conditions.push(sql`false`);
  if (filter.region) conditions.push(sql`(v.province = ${filter.region} or v.municipality = ${filter.region})`);
  if (filter.from) conditions.push(sql`coalesce(v.date_posted, v.first_seen_at) >= ${filter.from}`);
  if (filter.to) conditions.push(sql`coalesce(v.date_posted, v.first_seen_at) < ${new Date(filter.to.getTime() + 86_400_000)}`);
  if (filter.source && isUuid(filter.source))
    conditions.push(sql`exists (select 1 from vacancy_sightings s where s.vacancy_id = v.id and s.source_id = ${filter.source})`);
  else if (filter.source) conditions.push(sql`false`);
  if (filter.current) conditions.push(currentSql);
  const where = sql.join(conditions, sql` and `);
  const limit = Math.min(MAX_PAGE, Math.max(1, filter.limit ?? 25));
  const offset = Math.max(0, filter.offset ?? 0);
  const [{ rows }, total] = await Promise.all([
    sql<{
      id: string;
      organisation_id: string;
      title: string;
      employer: string | null;
      municipality: string | null;
      province: string | null;
      posted_at: Date;
      valid_through: Date | null;
      occupation_label: string | null;
      language: string | null;
      sightings: string | number;
      skills: string | number;
      current: boolean;
    }>`
      select v.id, v.organisation_id, v.title, v.employer, v.municipality, v.province,
        coalesce(v.date_posted, v.first_seen_at) as posted_at, v.valid_through, v.occupation_label, v.language,
        (select count(*) from vacancy_sightings s where s.vacancy_id = v.id) as sightings,
        (select count(*) from vacancy_skills vs where vs.vacancy_id = v.id) as skills,
        ${currentSql} as current
      from vacancies v where ${where}
      order by coalesce(v.date_posted, v.first_seen_at) desc, v.id limit ${limit} offset ${offset}
    `.execute(ctx.db),
    sql<{ n: string | number }>`select count(*) as n from vacancies v where ${where}`.execute(ctx.db),
  ]);
  return {
    total: Number(total.rows[0]?.n ?? 0),
    items: rows.map((r) => ({
      id: r.id,
      organisationId: r.organisation_id,
      title: r.title,
      employer: r.employer,
      municipality: r.municipality,
      province: r.province,
      postedAt: new Date(r.posted_at),
      validThrough: r.valid_through ? new Date(r.valid_through) : null,
      occupationLabel: r.occupation_label,
      language: r.language,
      sightings: Number(r.sightings),
      skills: Number(r.skills),
      current: r.current,
    })),
  };
}

export interface Sighting {
  sourceId: string;
  sourceName: string;
  sourceKind: string;
  url: string;
  match: string;
  similarity: number | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  timesSeen: number;
}

export interface VacancySkill {
  skillId: string;
  escoUri: string | null;
  label: string;
  score: number;
  spans: [number, number][];
}

export type VacancyRow = Selectable<VacanciesTable>;
export interface VacancyDetail {
  vacancy: VacancyRow;
  sightings: Sighting[];
  skills: VacancySkill[];
  current: boolean;
}

/** One vacancy with its sightings and skills, for a member of its organisation (or the operator). */
export async function getVacancy(ctx: Pick<AppContext, 'db'>, user: CurrentUser | null, id: string): Promise<VacancyDetail> {
  if (!isUuid(id)) throw E.vacancyNotFound('id');
  const vacancy = await ctx.db.selectFrom('vacancies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!vacancy) throw E.vacancyNotFound('id');
  try {
    await requireOrgRole(ctx, user, vacancy.organisation_id);
  } catch (error) {
    // Someone outside the organisation does not learn that the vacancy exists.
    if ((error as { status?: number }).status === 403) throw E.vacancyNotFound('id');
    throw error;
  }
  const [sightings, skills, current] = await Promise.all([
    ctx.db
      .selectFrom('vacancy_sightings as s')
      .innerJoin('vacancy_sources as src', 'src.id', 's.source_id')
      .select([
        's.source_id',
        'src.name',
        'src.kind',
        's.url',
        's.match',
        's.similarity',
        's.first_seen_at',
        's.last_seen_at',
        's.times_seen',
      ])
      .where('s.vacancy_id', '=', id)
      .orderBy('s.first_seen_at')
      .execute(),
    ctx.db.selectFrom('vacancy_skills').selectAll().where('vacancy_id', '=', id).orderBy('score', 'desc').execute(),
    sql<{ current: boolean }>`select ${currentSql} as current from vacancies v where v.id = ${id}`.execute(ctx.db),
  ]);
  return {
    vacancy,
    current: current.rows[0]?.current ?? false,
    sightings: sightings.map((s) => ({
      sourceId: s.source_id,
      sourceName: s.name,
      sourceKind: s.kind,
      url: s.url,
      match: s.match,
      similarity: s.similarity,
      firstSeenAt: new Date(s.first_seen_at),
      lastSeenAt: new Date(s.last_seen_at),
      timesSeen: s.times_seen,
    })),
    skills: skills.map((s) => ({ skillId: s.skill_id, escoUri: s.esco_uri, label: s.label, score: s.score, spans: s.spans })),
  };
}

export interface Facets {
  skills: { id: string; label: string; count: number }[];
  occupations: { id: string; label: string; count: number }[];
  regions: { value: string; kind: 'province' | 'municipality'; count: number }[];
  sources: { id: string; name: string }[];
}

/** What the filters of the vacancies page offer: the skills, occupations, regions and sources of the readable vacancies. */
export async function vacancyFacets(ctx: Pick<AppContext, 'db'>, user: CurrentUser, organisation?: string): Promise<Facets> {
  const orgs = await scope(ctx, user, organisation);
  if (orgs && orgs.length === 0) return { skills: [], occupations: [], regions: [], sources: [] };
  const inOrgs = orgs ? sql`v.organisation_id in (${sql.join(orgs)})` : sql`true`;
  const [skills, occupations, provinces, municipalities, sources] = await Promise.all([
    sql<{ id: string; label: string; n: string }>`
      select vs.skill_id as id, min(vs.label) as label, count(*) as n from vacancy_skills vs
      join vacancies v on v.id = vs.vacancy_id where ${inOrgs}
      group by vs.skill_id order by count(*) desc, min(vs.label) limit 200`.execute(ctx.db),
    sql<{ id: string; label: string; n: string }>`
      select v.occupation_id as id, min(v.occupation_label) as label, count(*) as n from vacancies v
      where ${inOrgs} and v.occupation_id is not null group by v.occupation_id order by count(*) desc limit 200`.execute(ctx.db),
    sql<{ value: string; n: string }>`
      select v.province as value, count(*) as n from vacancies v where ${inOrgs} and v.province is not null
      group by v.province order by v.province`.execute(ctx.db),
    sql<{ value: string; n: string }>`
      select v.municipality as value, count(*) as n from vacancies v where ${inOrgs} and v.municipality is not null
      group by v.municipality order by v.municipality limit 300`.execute(ctx.db),
    sql<{ id: string; name: string }>`
      select s.id, s.name from vacancy_sources s where ${orgs ? sql`s.organisation_id in (${sql.join(orgs)})` : sql`true`}
      order by s.name`.execute(ctx.db),
  ]);
  return {
    skills: skills.rows.map((r) => ({ id: r.id, label: r.label, count: Number(r.n) })),
    occupations: occupations.rows.map((r) => ({ id: r.id, label: r.label, count: Number(r.n) })),
    regions: [
      ...provinces.rows.map((r) => ({ value: r.value, kind: 'province' as const, count: Number(r.n) })),
      ...municipalities.rows.map((r) => ({ value: r.value, kind: 'municipality' as const, count: Number(r.n) })),
    ],
    sources: sources.rows,
  };
}

/** How many current vacancies (not sightings) in the whole network ask for a skill; for the skill's page. */
export async function currentVacanciesForSkill(db: Kysely<Database>, skillId: string): Promise<{ count: number; any: boolean }> {
  if (!isUuid(skillId)) return { count: 0, any: false };
  const { rows } = await sql<{ n: string | number; any: boolean }>`
    select (select count(distinct v.id) from vacancy_skills vs join vacancies v on v.id = vs.vacancy_id
            where vs.skill_id = ${skillId} and ${currentSql}) as n,
           exists (select 1 from vacancies) as any`.execute(db);
  return { count: Number(rows[0]?.n ?? 0), any: rows[0]?.any ?? false };
}
