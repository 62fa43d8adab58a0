import { membershipOrganisationIds } from '../../accounts/api.ts';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { type AppError, invalidFields, PlatformErrors } from '../../platform/errors.ts';
import { SkillsErrors } from '../errors.ts';
import { normaliseText } from '../labels.ts';
import { analyse, type Slot, TYPO_CANDIDATE_SIMILARITY, termGroups } from './expand.ts';
import { ensureSearchLexicon } from './lexicon.ts';
import { STOP_WORDS } from './text.ts';
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
/** Skills found through the occupations a Dutch query names (their essential skills), per search. */
export const OCCUPATION_SKILLS = 40;
/** Occupations whose essential skills are taken. */
export const OCCUPATIONS_FOLLOWED = 3;
/** Score of an essential skill of a named occupation, relative to the occupation's match. */
const OCCUPATION_WEIGHT = 0.4;

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
  /**
   * Set when the name is not in the requested language (a Dutch search that found a skill with only
   * an English label): the name's language, for a marker such as "EN". Null otherwise.
   */
  labelLang: string | null;
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
    labelLang: name.lang && name.lang !== lang ? name.lang : null,
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

/** A label's kind and language weigh in a little: the preferred label first, the query's language first. */
export const KIND_WEIGHT: Record<string, number> = { preferred: 1, alt: 0.95, keyword: 0.93, hidden: 0.9 };
const OTHER_LANGUAGE = 0.92;

export interface PreparedQuery {
  q: string;
  words: string[];
  phrase: string;
  cache: Map<string, Set<string>>;
}

export function prepareQuery(q: string): PreparedQuery {
  const words = labelWords(q);
  return { q, words, phrase: words.join(' '), cache: new Map() };
}

/** Trigrams of a word, computed once per search. */
function cachedTrigrams(query: PreparedQuery, word: string): Set<string> {
  let set = query.cache.get(word);
  if (!set) {
    set = trigrams(word);
    query.cache.set(word, set);
  }
  return set;
}

/** The slots of a query without the vocabulary: every word stands for itself. */
export function plainSlots(query: PreparedQuery): Slot[] {
  return query.words.map((word) => ({ word, terms: new Map([[word, 1]]), translated: new Set<string>() }));
}

/**
 * A label's relevance to the query, from 0 to 1, before the weights of its kind and language.
 * Tiers, so that a label holding the whole query phrase always ranks above partial matches:
 * exact 1; holds the whole phrase 0.75–0.86 (more when fewer other words, +0.01 when it starts
 * with it); holds it with the last word as a prefix 0.7–0.81. Else up to 0.7: how well each query slot finds a label word (the word itself,
 * its other forms, a typo or a translation, each with its weight; the last slot may be a prefix),
 * times how much of the label those words make up.
 */
export function labelScore(query: PreparedQuery, norm: string, slots: Slot[] = plainSlots(query)): number {
  const { q, phrase } = query;
  if (norm === q) return 1;
  const words = labelWords(norm);
  const text = ` ${words.join(' ')} `;
  // The whole phrase: labels with fewer other words first, a label starting with it a little higher.
  const share = query.words.length / Math.max(words.length, query.words.length);
  const start = text.startsWith(` ${phrase}`) ? 0.01 : 0;
  if (phrase && text.includes(` ${phrase} `)) return 0.75 + 0.1 * share + start;
  if (phrase && text.includes(` ${phrase}`)) return 0.7 + 0.1 * share + start;
  if (!slots.length) return 0;
  const used = new Set<string>();
  let sum = 0;
  slots.forEach((slot, i) => {
    let best = 0;
    let bestWord = '';
    const last = i === slots.length - 1;
    for (const w of words) {
      let s = slot.terms.get(w) ?? 0;
      if (s < 0.9 && last && slot.word.length >= 2 && w.startsWith(slot.word)) s = 0.9;
      if (s === 0) {
        const sim = trigramSimilarity(cachedTrigrams(query, slot.word), cachedTrigrams(query, w));
        s = sim >= 0.3 ? 0.6 * sim : 0;
      }
      if (s > best) {
        best = s;
        bestWord = w;
      }
    }
    if (bestWord && best >= 0.5) used.add(bestWord);
    sum += best;
  });
  const coverage = sum / slots.length;
  const content = words.filter((w) => !STOP_WORDS.has(w)).length || 1;
  const density = Math.min(1, used.size / content);
  return coverage * (0.5 + 0.2 * density);
}

interface Candidate {
  skill_id: string;
  lang: string;
  kind: string;
  label: string;
  norm: string;
}

interface Scored {
  score: number;
  c: Candidate;
}

/**
 * Finds skills by a text in one search box, ranked.
 *
 * The query is normalised as labels are (case and accents do not matter) and analysed into slots
 * (expand.ts): each word with the vocabulary words it may stand for — itself, its other forms, one
 * typo away when it is unknown, the words it starts when it is the last one, and for a Dutch query
 * English words through the lexicon aligned from ESCO's parallel Dutch and English labels (so that a
 * Dutch query finds skills that have only an English label). An unknown Dutch compound is split into
 * known words first. Candidate labels come from: labels starting with the whole query (btree, in
 * label order, PREFIX_CANDIDATES); labels holding, for every slot, one of its words (GIN full-text
 * index, WORD_CANDIDATES), or any slot's when none holds them all; labels that are one of the words
 * of a one-word query; and for a Dutch query the essential skills of the occupations whose labels it
 * names (OCCUPATIONS_FOLLOWED). Candidates are scored in JavaScript (`labelScore`) times the label's
 * kind and language; a skill ranks by its best label. Without a query it lists the skills that pass
 * the filters by name.
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

  if (!db.isTransaction) await ensureSearchLexicon(db);
  const query = prepareQuery(q);
  // Filters and visibility, checked per candidate label by its skill's primary key. A scalar
  // subquery, not a join: it stays a lookup per label row whatever the planner's statistics say
  // (PGlite runs no autovacuum, so a fresh import has none), and the LIMITs stop the label scans early.
  const visible = sql`(select true from skills s where s.id = l.skill_id and ${where}) is not null`;
  const run = async (trx: Kysely<Database>) => {
    // Local to this transaction: the typo threshold, and index scans with nested loops (the planner's
    // row estimates for `@@`, `%` and prefix ranges make a sequential scan or a hash join over all
    // skills look cheap next to a LIMIT; with a few hundred candidates at most, they are not).
    await sql`select set_config('pg_trgm.similarity_threshold', ${String(TYPO_CANDIDATE_SIMILARITY)}, true),
      set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`.execute(
      trx,
    );
    const { slots } = await analyse(trx, query.words, lang === 'nl', 'skill_search_words');
    const groups = termGroups(slots);
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
    // A one-word query: the labels that are exactly one of its words ("welding" for "lassen").
    const exact = slots.length === 1 ? [...slots[0]!.terms.keys()] : [];
    const third = exact.length
      ? sql<Candidate>`union (select l.skill_id, l.lang, l.kind, l.label, l.norm from skill_labels l
           where l.norm = any(${exact}::text[]) and ${visible} limit ${PREFIX_CANDIDATES})`
      : sql``;
    // With translations, the labels in the query's own language first: the translated words can be
    // broad ("bediening" → operate), and the word branch stops at WORD_CANDIDATES labels.
    const own = slots.some((s) => s.translated.size) ? termGroups(slots, (s, t) => !s.translated.has(t)) : [];
    const fourth = own.length === groups.length ? sql`union (${byWords(own.join(' & '))})` : sql``;
    const upper = `${q}\u{10FFFF}`;
    let { rows: candidates } = await sql<Candidate>`
      (select l.skill_id, l.lang, l.kind, l.label, l.norm
       from skill_labels l
       where l.norm ~>=~ ${q} and l.norm ~<~ ${upper} and ${visible}
       order by l.norm using ~<~
       limit ${PREFIX_CANDIDATES})
      union
      (${second})
      ${third}
      ${fourth}
    `.execute(trx);
    // No label holds all the words: take labels holding any of them, ranked by how many they cover.
    if (!candidates.length && groups.length > 1) candidates = (await byWords(groups.join(' | ')).execute(trx)).rows;

    const best = new Map<string, Scored>();
    const consider = (c: Candidate, score: number) => {
      const seen = best.get(c.skill_id);
      if (!seen || score > seen.score || (score === seen.score && c.label.length < seen.c.label.length)) best.set(c.skill_id, { score, c });
    };
    for (const c of candidates) {
      consider(c, labelScore(query, c.norm, slots) * (KIND_WEIGHT[c.kind] ?? 0.9) * (c.lang === lang ? 1 : OTHER_LANGUAGE));
    }
    if (lang === 'nl') {
      // Per skill, the best occupation that requires it.
      const required = new Map<string, { c: Candidate; score: number }>();
      for (const found of await occupationSkills(trx, query, visible, lang)) {
        if ((required.get(found.c.skill_id)?.score ?? 0) < found.score) required.set(found.c.skill_id, found);
      }
      for (const [id, found] of required) {
        const seen = best.get(id);
        // A skill the query finds directly and that the occupation it names requires ranks higher;
        // the occupation's other essential skills follow the direct matches.
        if (seen) seen.score = Math.min(0.99, seen.score + 0.1 * found.score);
        else consider(found.c, OCCUPATION_WEIGHT * found.score);
      }
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

/**
 * The essential skills of the occupations a Dutch query names ("timmerman", "lassen" → lasser), as
 * candidates with the occupation's label as their match and the occupation's relevance as score.
 */
async function occupationSkills(
  trx: Kysely<Database>,
  query: PreparedQuery,
  visible: RawBuilder<unknown>,
  lang: SearchLang,
): Promise<{ c: Candidate; score: number }[]> {
  const { slots } = await analyse(trx, query.words, true, 'occupation_search_words', false);
  const groups = termGroups(slots);
  if (!groups.length) return [];
  const { rows: labels } = await sql<{ occupation_id: string; lang: string; kind: string; label: string; norm: string }>`
    select l.occupation_id, l.lang, l.kind, l.label, l.norm from occupation_labels l
    where to_tsvector('simple', l.norm) @@ to_tsquery('simple', ${groups.join(' & ')})
    limit ${WORD_CANDIDATES}
  `.execute(trx);
  const occupations = new Map<string, { score: number; label: string; lang: string }>();
  for (const l of labels) {
    const score = labelScore(query, l.norm, slots) * (KIND_WEIGHT[l.kind] ?? 0.9) * (l.lang === lang ? 1 : OTHER_LANGUAGE);
    if (score > (occupations.get(l.occupation_id)?.score ?? 0)) occupations.set(l.occupation_id, { score, label: l.label, lang: l.lang });
  }
  const top = [...occupations].sort((a, b) => b[1].score - a[1].score).slice(0, OCCUPATIONS_FOLLOWED);
  if (!top.length || top[0]![1].score < 0.4) return [];
  const { rows } = await sql<Candidate & { occupation_id: string }>`
    select os.occupation_id, l.skill_id, l.lang, l.kind, l.label, l.norm
    from occupation_skills os
    cross join lateral (
      select l.skill_id, l.lang, l.kind, l.label, l.norm from skill_labels l
      where l.skill_id = os.skill_id and l.kind = 'preferred' and l.lang in (${lang}, 'en')
      order by (l.lang = ${lang}) desc limit 1
    ) l
    where os.occupation_id in (${sql.join(top.map(([id]) => id))}) and os.relation_type = 'essential' and ${visible}
    limit ${OCCUPATION_SKILLS}
  `.execute(trx);
  return rows.map((r) => {
    const occupation = occupations.get(r.occupation_id)!;
    return { c: { ...r, kind: 'occupation', label: occupation.label, lang: occupation.lang }, score: occupation.score };
  });
}
