import { type Kysely, sql } from 'kysely';
import { invalidFields, PlatformErrors, type AppError } from '../../platform/errors.ts';
import type { Database } from '../../platform/db/schema.ts';
import { SkillsErrors } from '../errors.ts';
import type { LangMap } from '../schema.ts';
import { analyse, TYPO_CANDIDATE_SIMILARITY, termGroups } from './expand.ts';
import { ensureSearchLexicon } from './lexicon.ts';
import {
  DEFAULT_LIMIT,
  KIND_WEIGHT,
  labelScore,
  MAX_LIMIT,
  MAX_OFFSET,
  MAX_QUERY_LENGTH,
  normaliseQuery,
  pickLang,
  prepareQuery,
  SEARCH_LANGS,
  type SearchLang,
} from './service.ts';

/** Occupation labels looked at per search (prefix branch, word branch). */
const PREFIX_CANDIDATES = 60;
const WORD_CANDIDATES = 300;

export interface OccupationSearchOptions {
  q?: string;
  lang?: SearchLang;
  limit?: number;
  offset?: number;
  baseUrl: string;
}

export interface OccupationItem {
  id: string;
  /** ESCO conceptUri, or null for an occupation of one's own. */
  externalUri: string | null;
  /** ISCO-08 group code. */
  iscoGroup: string | null;
  name: string;
  description: string;
  /** Language of name and description as found (the requested one, else English). */
  lang: string | null;
  /** Set when the name is not in the requested language: that language ("en"). */
  labelLang: string | null;
  /** Number of skills ESCO lists as essential for it. */
  essentialSkills: number;
  score: number | null;
  match: { label: string; lang: string; kind: string } | null;
}

export interface OccupationSearchResult {
  items: OccupationItem[];
  total: number;
}

function validate(o: OccupationSearchOptions) {
  const errors: AppError[] = [];
  const lang = o.lang ?? 'en';
  if (!SEARCH_LANGS.includes(lang)) errors.push(PlatformErrors.oneOf('lang', { options: SEARCH_LANGS.join(', ') }));
  const limit = o.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    errors.push(SkillsErrors.notWholeNumber('limit', { min: 1, max: MAX_LIMIT }));
  const offset = o.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET)
    errors.push(SkillsErrors.notWholeNumber('offset', { min: 0, max: MAX_OFFSET }));
  if ((o.q ?? '').length > MAX_QUERY_LENGTH) errors.push(PlatformErrors.tooLong('q', { max: MAX_QUERY_LENGTH }));
  if (errors.length) throw invalidFields(errors);
  return { lang, limit, offset };
}

interface OccupationRow {
  id: string;
  external_uri: string | null;
  isco_group: string | null;
  name: LangMap;
  description: LangMap;
  essential: number | string;
}

function toItem(row: OccupationRow, lang: SearchLang, score: number | null, match: OccupationItem['match']): OccupationItem {
  const name = pickLang(row.name, lang);
  return {
    id: row.id,
    externalUri: row.external_uri,
    iscoGroup: row.isco_group,
    name: name.text,
    description: pickLang(row.description, lang).text,
    lang: name.lang,
    labelLang: name.lang && name.lang !== lang ? name.lang : null,
    essentialSkills: Number(row.essential),
    score: score === null ? null : Math.round(score * 1000) / 1000,
    match,
  };
}

const columns = sql`o.id, o.external_uri, o.isco_group, o.name, o.description,
  (select count(*) from occupation_skills os where os.occupation_id = o.id and os.relation_type = 'essential') as essential`;

/**
 * Finds occupations by a text, in Dutch or English, the way skills are found: their preferred and
 * alternative labels in every language, with word forms, one typo in words of four letters or more,
 * Dutch compounds split, and labels holding the whole query ranked first. Without a query it lists
 * them by name.
 */
export async function searchOccupations(db: Kysely<Database>, options: OccupationSearchOptions): Promise<OccupationSearchResult> {
  const { lang, limit, offset } = validate(options);
  const q = normaliseQuery((options.q ?? '').replaceAll('\u0000', ''));
  if (!q) {
    const total = await sql<{ n: string }>`select count(*) as n from occupations`.execute(db);
    const { rows } = await sql<OccupationRow>`
      select ${columns} from occupations o
      order by lower(coalesce(o.name->>${lang}, o.name->>'en', '')), o.id limit ${limit} offset ${offset}
    `.execute(db);
    return { total: Number(total.rows[0]?.n ?? 0), items: rows.map((r) => toItem(r, lang, null, null)) };
  }
  if (!db.isTransaction) await ensureSearchLexicon(db);
  const query = prepareQuery(q);
  const run = async (trx: Kysely<Database>) => {
    await sql`select set_config('pg_trgm.similarity_threshold', ${String(TYPO_CANDIDATE_SIMILARITY)}, true),
      set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`.execute(
      trx,
    );
    const { slots } = await analyse(trx, query.words, lang === 'nl', 'occupation_search_words', false);
    const groups = termGroups(slots);
    const byWords = (tsquery: string) =>
      sql<{ occupation_id: string; lang: string; kind: string; label: string; norm: string }>`
        select l.occupation_id, l.lang, l.kind, l.label, l.norm from occupation_labels l
        where to_tsvector('simple', l.norm) @@ to_tsquery('simple', ${tsquery}) limit ${WORD_CANDIDATES}`;
    const upper = `${q}\u{10FFFF}`;
    const second = groups.length ? sql`union (${byWords(groups.join(' & '))})` : sql``;
    let { rows: labels } = await sql<{ occupation_id: string; lang: string; kind: string; label: string; norm: string }>`
      (select l.occupation_id, l.lang, l.kind, l.label, l.norm from occupation_labels l
       where l.norm ~>=~ ${q} and l.norm ~<~ ${upper} order by l.norm using ~<~ limit ${PREFIX_CANDIDATES})
      ${second}
    `.execute(trx);
    if (!labels.length && groups.length > 1) labels = (await byWords(groups.join(' | ')).execute(trx)).rows;
    const best = new Map<string, { score: number; label: string; lang: string; kind: string }>();
    for (const l of labels) {
      const score = labelScore(query, l.norm, slots) * (KIND_WEIGHT[l.kind] ?? 0.9) * (l.lang === lang ? 1 : 0.92);
      const seen = best.get(l.occupation_id);
      if (!seen || score > seen.score || (score === seen.score && l.label.length < seen.label.length))
        best.set(l.occupation_id, { score, label: l.label, lang: l.lang, kind: l.kind });
    }
    const ranked = [...best].sort((a, b) => b[1].score - a[1].score || a[1].label.length - b[1].label.length || (a[0] < b[0] ? -1 : 1));
    const page = ranked.slice(offset, offset + limit);
    if (!page.length) return { total: ranked.length, items: [] };
    const { rows } = await sql<OccupationRow>`
      select ${columns} from occupations o where o.id in (${sql.join(page.map(([id]) => id))})
    `.execute(trx);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items = page.flatMap(([id, m]) => {
      const row = byId.get(id);
      return row ? [toItem(row, lang, m.score, { label: m.label, lang: m.lang, kind: m.kind })] : [];
    });
    return { total: ranked.length, items };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
