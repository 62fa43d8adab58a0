import { membershipOrganisationIds } from '../../accounts/api.ts';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { type AppError, invalidFields, PlatformErrors } from '../../platform/errors.ts';
import { SkillsErrors } from '../errors.ts';
import { normaliseText } from '../labels.ts';
import type { LangMap, SkillStatus } from '../schema.ts';

export type SearchLang = 'nl' | 'en';
export const SEARCH_LANGS: readonly SearchLang[] = ['nl', 'en'];
export const SKILL_STATUSES: readonly SkillStatus[] = ['draft', 'published', 'archived'];
/** `skill` (default) searches skills, `group` ESCO skill groups, `any` both. */
export type SearchKind = 'skill' | 'group' | 'any';

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;
export const MAX_QUERY_LENGTH = 200;
/** Offsets past this are refused (a 400 naming the field), as in the library's lists. */
export const MAX_OFFSET = 1_000_000;
/** Labels taken from the prefix branch (ordered by label, so exact and shortest prefixes come first). */
export const PREFIX_CANDIDATES = 60;
/** Labels taken from the word branch (unordered: a per-query cap that keeps broad words fast). */
export const WORD_CANDIDATES = 200;
/** Vocabulary words a query word may stand for: by trigram similarity (typos) and by prefix (the last word). */
export const TYPO_EXPANSIONS = 5;
export const PREFIX_EXPANSIONS = 20;
/**
 * Trigram similarity a vocabulary word needs to count as a typo of a query word. pg_trgm's default
 * (0.3) is too loose, 0.6 misses one-letter typos in short words ("carpantry" is 0.54 from
 * "carpentry"). Set per search, in the search's own transaction.
 */
export const TYPO_SIMILARITY = 0.45;

/** Who is searching: decides whether unpublished skills may be seen. Null is an anonymous caller. */
export interface SearchViewer {
  userId: string;
  isOperator: boolean;
}

export interface SearchFilters {
  collectionId?: string;
  category?: string;
  skillType?: string;
  status?: SkillStatus[];
  kind?: SearchKind;
}

export interface SearchOptions {
  q?: string;
  lang?: SearchLang;
  limit?: number;
  offset?: number;
  filters?: SearchFilters;
  /** Origin the canonical skill URLs are built on (`config.baseUrl`). */
  baseUrl: string;
  viewer?: SearchViewer | null;
}

export interface SearchMatch {
  label: string;
  lang: string;
  kind: string;
}

export interface SearchItem {
  id: string;
  /** Canonical URL of the skill: `${baseUrl}/skills/${id}`. */
  uri: string;
  /** ESCO conceptUri for imported skills, else null. */
  externalUri: string | null;
  name: string;
  statement: string;
  /** Language the name was found in (the requested one, else English, else any). */
  lang: string | null;
  skillType: string | null;
  status: SkillStatus;
  source: string;
  kind: string;
  /** Relevance from 0 to 1; null when listing without a query. */
  score: number | null;
  /** The label that matched best; null when listing without a query. */
  match: SearchMatch | null;
}

export interface SearchResult {
  items: SearchItem[];
  /**
   * Number of skills that match. For very broad queries search looks at a bounded window of
   * candidate labels (see PREFIX_CANDIDATES and FUZZY_CANDIDATES), and total counts the skills in that window.
   */
  total: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A text in the requested language, else English, else the first language that has one. */
export function pickLang(map: LangMap | null | undefined, lang: string): { text: string; lang: string | null } {
  if (!map) return { text: '', lang: null };
  if (map[lang]) return { text: map[lang], lang };
  if (map.en) return { text: map.en, lang: 'en' };
  for (const [l, text] of Object.entries(map)) if (text) return { text, lang: l };
  return { text: '', lang: null };
}

function withoutNul(text: string | undefined): string | undefined {
  return text?.replaceAll('\u0000', '');
}

/** The query as labels are stored (`skill_labels.norm`): see normaliseText. */
export function normaliseQuery(q: string): string {
  return normaliseText(q);
}

function validate(options: SearchOptions): Required<Pick<SearchOptions, 'lang' | 'limit' | 'offset'>> {
  const errors: AppError[] = [];
  const lang = options.lang ?? 'en';
  if (!SEARCH_LANGS.includes(lang)) errors.push(PlatformErrors.oneOf('lang', { options: SEARCH_LANGS.join(', ') }));
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    errors.push(SkillsErrors.notWholeNumber('limit', { min: 1, max: MAX_LIMIT }));
  const offset = options.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET)
    errors.push(SkillsErrors.notWholeNumber('offset', { min: 0, max: MAX_OFFSET }));
  if ((options.q ?? '').length > MAX_QUERY_LENGTH) errors.push(PlatformErrors.tooLong('q', { max: MAX_QUERY_LENGTH }));
  const f = options.filters ?? {};
  if (f.collectionId !== undefined && !UUID.test(f.collectionId)) errors.push(PlatformErrors.notUuid('collectionId'));
  if (f.status?.some((s) => !SKILL_STATUSES.includes(s)))
    errors.push(PlatformErrors.oneOf('status', { options: SKILL_STATUSES.join(', ') }));
  if (f.kind !== undefined && !['skill', 'group', 'any'].includes(f.kind))
    errors.push(PlatformErrors.oneOf('kind', { options: 'skill, group, any' }));
  if (errors.length) throw invalidFields(errors);
  return { lang, limit, offset };
}

/**
 * The conditions on `s` (skills) every branch of the search shares: filters and visibility.
 * Visibility: published skills are public; unpublished ones (draft, archived) are shown to operators
 * and to members of the organisation that owns them. When no status filter is given, anonymous
 * callers see published skills and signed-in people published and draft skills.
 */
async function conditions(db: Kysely<Database>, options: SearchOptions): Promise<RawBuilder<unknown>> {
  const f = options.filters ?? {};
  const viewer = options.viewer ?? null;
  const parts: RawBuilder<unknown>[] = [];
  const kind = f.kind ?? 'skill';
  if (kind !== 'any') parts.push(sql`s.kind = ${kind}`);
  const status = f.status?.length ? f.status : viewer ? ['published', 'draft'] : ['published'];
  parts.push(sql`s.status in (${sql.join(status)})`);
  if (viewer && !viewer.isOperator) {
    const orgs = await membershipOrganisationIds(db, viewer.userId);
    parts.push(orgs.length ? sql`(s.status = 'published' or s.organisation_id in (${sql.join(orgs)}))` : sql`s.status = 'published'`);
  } else if (!viewer) {
    parts.push(sql`s.status = 'published'`);
  }
  if (f.skillType) parts.push(sql`s.skill_type = ${f.skillType}`);
  if (f.category) parts.push(sql`s.categories @> jsonb_build_array(${f.category}::text)`);
  if (f.collectionId) {
    parts.push(sql`exists (select 1 from collection_skills cs where cs.collection_id = ${f.collectionId}::uuid and cs.skill_id = s.id)`);
  }
  return sql.join(parts, sql` and `);
}

interface Row {
  total: string | number;
  id: string | null;
  external_uri: string | null;
  name: LangMap;
  statement: LangMap;
  skill_type: string | null;
  status: SkillStatus;
  source: string;
  kind: string;
  score: number | null;
  m_label: string | null;
  m_lang: string | null;
  m_kind: string | null;
}

function toItem(row: Row, lang: SearchLang, baseUrl: string): SearchItem {
  const name = pickLang(row.name, lang);
  return {
    id: row.id as string,
    uri: `${baseUrl}/skills/${row.id}`,
    externalUri: row.external_uri,
    name: name.text,
    statement: pickLang(row.statement, lang).text,
    lang: name.lang,
    skillType: row.skill_type,
    status: row.status,
    source: row.source,
    kind: row.kind,
    score: row.score === null ? null : Math.round(Number(row.score) * 1000) / 1000,
    match: row.m_label === null ? null : { label: row.m_label, lang: row.m_lang ?? '', kind: row.m_kind ?? '' },
  };
}

// ---- scoring, in JavaScript over the bounded candidate set ----------------------------------------

/** Words of a normalised text, split as migrations.ts's WORD_SPLIT_SQL does (ASCII space and punctuation). */
export function labelWords(norm: string): string[] {
  return norm.split(/[\s!-/:-@[-`{-~]+/).filter(Boolean);
}

function trigrams(text: string): Set<string> {
  const set = new Set<string>();
  for (const word of labelWords(text)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
  }
  return set;
}

/** pg_trgm's similarity: shared trigrams over all trigrams of both. */
export function trigramSimilarity(a: string | Set<string>, b: string | Set<string>): number {
  const ta = typeof a === 'string' ? trigrams(a) : a;
  const tb = typeof b === 'string' ? trigrams(b) : b;
  if (ta.size === 0 || tb.size === 0) return 0;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / (ta.size + tb.size - shared);
}

const KIND_WEIGHT: Record<string, number> = { preferred: 1, alt: 0.85, keyword: 0.8, hidden: 0.75 };
const OTHER_LANGUAGE = 0.9;

export interface PreparedQuery {
  q: string;
  words: string[];
  phrase: string;
  trigrams: Set<string>;
  wordTrigrams: Set<string>[];
  cache: Map<string, Set<string>>;
}

export function prepareQuery(q: string): PreparedQuery {
  const words = labelWords(q);
  return { q, words, phrase: ` ${words.join(' ')}`, trigrams: trigrams(q), wordTrigrams: words.map((w) => trigrams(w)), cache: new Map() };
}

/** Trigrams of a label word, computed once per search. */
function wordTrigrams(query: PreparedQuery, word: string): Set<string> {
  let set = query.cache.get(word);
  if (!set) {
    set = trigrams(word);
    query.cache.set(word, set);
  }
  return set;
}

/**
 * A label's relevance to the query, from 0 to 1, before the weights of its kind and language:
 * exact 1; the label starts with the query 0.75–0.95 (more for shorter labels); the query's words
 * start a word run inside the label 0.6–0.8; else how well each query word finds a label word (the
 * last query word may be a prefix) blended with the similarity of the whole texts.
 */
export function labelScore(query: PreparedQuery, norm: string): number {
  const { q } = query;
  if (norm === q) return 1;
  if (norm.startsWith(q)) return 0.75 + (0.2 * q.length) / norm.length;
  const words = labelWords(norm);
  if (` ${words.join(' ')}`.includes(query.phrase)) return 0.6 + (0.2 * q.length) / norm.length;
  let sum = 0;
  query.words.forEach((qw, i) => {
    let best = 0;
    const last = i === query.words.length - 1;
    for (const w of words) {
      if (w === qw) {
        best = 1;
        break;
      }
      const s = last && w.startsWith(qw) ? 0.9 : trigramSimilarity(query.wordTrigrams[i]!, wordTrigrams(query, w));
      if (s > best) best = s;
    }
    sum += best;
  });
  const coverage = query.words.length ? sum / query.words.length : 0;
  return 0.45 * coverage + 0.25 * trigramSimilarity(query.trigrams, trigrams(norm));
}

interface Candidate {
  skill_id: string;
  lang: string;
  kind: string;
  label: string;
  norm: string;
}

/** Quotes a vocabulary word as a tsquery lexeme. */
const lexeme = (w: string) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * Finds skills by a text in one search box, ranked.
 *
 * The query is normalised as labels are (case and accents do not matter) and split into words. Each
 * word is looked up in the vocabulary of label words (skill_search_words): itself, words within
 * trigram similarity TYPO_SIMILARITY (typos), and for the last word the most used words it starts
 * (prefixes). Candidate labels then come from two branches over skill_labels: labels starting with the
 * whole query (btree, in label order, PREFIX_CANDIDATES) and labels holding, for every query word, one
 * of its expansions (GIN full-text index, WORD_CANDIDATES); when no label holds them all, labels
 * holding any. When no query word is known the trigram index on the whole label stands in. Candidates are scored in JavaScript (`labelScore`) times the
 * label's kind (preferred 1, alternative 0.85, keyword 0.8, hidden 0.75) and language (the requested
 * one 1, others 0.9: other languages still match); a skill ranks by its best label.
 * Without a query it lists the skills that pass the filters by name.
 */
export async function searchSkills(db: Kysely<Database>, input: SearchOptions): Promise<SearchResult> {
  // PostgreSQL text cannot hold U+0000; it means nothing in a query, so it is dropped, not refused.
  const options = {
    ...input,
    q: withoutNul(input.q),
    filters: input.filters && { ...input.filters, category: withoutNul(input.filters.category) },
  };
  const { lang, limit, offset } = validate(options);
  const where = await conditions(db, options);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const q = normaliseQuery(options.q ?? '');

  if (!q) {
    const { rows } = await sql<Row>`
      select t.total, r.*
      from (select count(*) as total from skills s where ${where}) t
      left join lateral (
        select s.id, s.external_uri, s.name, s.statement, s.skill_type, s.status, s.source, s.kind,
          null::real as score, null as m_label, null as m_lang, null as m_kind
        from skills s where ${where}
        order by lower(coalesce(s.name->>${lang}, s.name->>'en', '')), s.id
        limit ${limit} offset ${offset}
      ) r on true
    `.execute(db);
    return { total: Number(rows[0]?.total ?? 0), items: rows.filter((r) => r.id).map((r) => toItem(r, lang, baseUrl)) };
  }

  const query = prepareQuery(q);
  // Filters and visibility, checked per candidate label by its skill's primary key. A scalar
  // subquery, not a join: it stays a lookup per label row whatever the planner's statistics say
  // (PGlite runs no autovacuum, so a fresh import has none), and the LIMITs stop the label scans early.
  const visible = sql`(select true from skills s where s.id = l.skill_id and ${where}) is not null`;
  const words = query.words.slice(0, 8);
  const run = async (trx: Kysely<Database>) => {
    // Local to this transaction: the typo threshold, and index scans with nested loops (the planner's
    // row estimates for `@@`, `%` and prefix ranges make a sequential scan or a hash join over all
    // skills look cheap next to a LIMIT; with a few hundred candidates at most, they are not).
    await sql`select set_config('pg_trgm.similarity_threshold', ${String(TYPO_SIMILARITY)}, true),
      set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`.execute(
      trx,
    );
    const expansions = new Map<number, Set<string>>();
    if (words.length) {
      const values = sql.join(words.map((w, i) => sql`(${i}::int, ${w}::text, ${i === words.length - 1}::boolean)`));
      const { rows } = await sql<{ i: number; word: string }>`
        select qw.i, x.word
        from (values ${values}) as qw(i, w, last)
        cross join lateral (
          (select word from skill_search_words where word = qw.w and n > 0)
          union
          (select word from skill_search_words
           where qw.last and length(qw.w) >= 2 and word ~>=~ qw.w and word ~<~ (qw.w || chr(1114111)) and n > 0
           order by n desc limit ${PREFIX_EXPANSIONS})
          union
          (select word from skill_search_words
           where length(qw.w) >= 4 and word % qw.w and n > 0
           order by similarity(word, qw.w) desc limit ${TYPO_EXPANSIONS})
        ) x
      `.execute(trx);
      for (const r of rows) {
        if (!expansions.has(r.i)) expansions.set(r.i, new Set());
        expansions.get(r.i)!.add(r.word);
      }
    }
    // Words with no expansion at all (unknown and no near word) are left out rather than match nothing.
    const groups = [...expansions.values()].map((set) => `(${[...set].map(lexeme).join(' | ')})`);
    const byWords = (tsquery: string) =>
      sql<Candidate>`select l.skill_id, l.lang, l.kind, l.label, l.norm
         from skill_labels l
         where to_tsvector('simple', l.norm) @@ to_tsquery('simple', ${tsquery}) and ${visible}
         limit ${WORD_CANDIDATES}`;
    const second = groups.length
      ? byWords(groups.join(' & '))
      : sql<Candidate>`select l.skill_id, l.lang, l.kind, l.label, l.norm
         from skill_labels l
         where ${q} <% l.norm and ${visible}
         limit ${WORD_CANDIDATES}`;
    const upper = `${q}\u{10FFFF}`;
    let { rows: candidates } = await sql<Candidate>`
      (select l.skill_id, l.lang, l.kind, l.label, l.norm
       from skill_labels l
       where l.norm ~>=~ ${q} and l.norm ~<~ ${upper} and ${visible}
       order by l.norm using ~<~
       limit ${PREFIX_CANDIDATES})
      union
      (${second})
    `.execute(trx);
    // No label holds all the words: take labels holding any of them, ranked by how many they cover.
    if (!candidates.length && groups.length > 1) candidates = (await byWords(groups.join(' | ')).execute(trx)).rows;

    const best = new Map<string, { score: number; c: Candidate }>();
    for (const c of candidates) {
      const score = labelScore(query, c.norm) * (KIND_WEIGHT[c.kind] ?? 0.75) * (c.lang === lang ? 1 : OTHER_LANGUAGE);
      const seen = best.get(c.skill_id);
      if (!seen || score > seen.score || (score === seen.score && c.label.length < seen.c.label.length)) best.set(c.skill_id, { score, c });
    }
    const ranked = [...best.values()].sort(
      (a, b) => b.score - a.score || a.c.label.length - b.c.label.length || (a.c.skill_id < b.c.skill_id ? -1 : 1),
    );
    const page = ranked.slice(offset, offset + limit);
    if (!page.length) return { total: ranked.length, items: [] };
    const { rows } = await sql<Row>`
      select s.id, s.external_uri, s.name, s.statement, s.skill_type, s.status, s.source, s.kind
      from skills s where s.id in (${sql.join(page.map((p) => p.c.skill_id))})
    `.execute(trx);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items = page.flatMap((p) => {
      const row = byId.get(p.c.skill_id);
      if (!row) return [];
      return [toItem({ ...row, total: 0, score: p.score, m_label: p.c.label, m_lang: p.c.lang, m_kind: p.c.kind }, lang, baseUrl)];
    });
    return { total: ranked.length, items };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
