import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { normaliseText } from '../labels.ts';
import type { LangList, LangMap } from '../schema.ts';
import { ensureSearchLexicon, refreshSearchLexicon } from './lexicon.ts';

/**
 * The library as plain data for text matchers that keep their own index in memory (the labour
 * market's skill extraction): every published skill with its labels in every language, the
 * occupations with their labels and their essential and optional skills, the Dutch→English
 * lexicon, and the words the library's texts use. Read once and rebuilt when `librarySignature`
 * changes; other modules never read these tables themselves.
 */

export interface VocabularySkill {
  id: string;
  /** ESCO conceptUri, or null for the network's own skills. */
  externalUri: string | null;
  name: LangMap;
  skillType: string | null;
  /** Every label: `[lang, kind, label]`, kind preferred | alt | hidden | keyword. */
  labels: [string, string, string][];
}

export interface VocabularyOccupation {
  id: string;
  externalUri: string | null;
  name: LangMap;
  /** Every label: `[lang, label]` (preferred first). */
  labels: [string, string][];
  /** Indexes into `skills`. */
  essential: number[];
  optional: number[];
}

export interface LibraryVocabulary {
  signature: string;
  skills: VocabularySkill[];
  occupations: VocabularyOccupation[];
  /** Dutch word → English stem (the search's light stem, `englishStem`) with the alignment's weight. */
  lexicon: [string, string, number][];
  /** Normalised words of the library's labels and descriptions, per language (for typo and compound checks). */
  words: Record<string, string[]>;
}

/**
 * What the vocabulary is built from: changes with every import, edit or status change of a skill,
 * every occupation change and every rebuild of the lexicon.
 */
export async function librarySignature(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ s: string }>`
    select (select count(*) || ':' || coalesce(max(updated_at)::text, '') from skills where kind = 'skill') || '|' ||
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from occupations) || '|' ||
      coalesce((select built_at::text from search_lexicon_state where id = 1), '') as s
  `.execute(db);
  return rows[0]?.s ?? '';
}

const WORDS = /[^\p{L}\p{N}]+/u;

/** Reads the vocabulary (a few seconds on the full ESCO import); builds the lexicon first when it lags. */
export async function libraryVocabulary(db: Kysely<Database>): Promise<LibraryVocabulary> {
  const state = await sql<{ n: number }>`select count(*)::int as n from search_lexicon_state`.execute(db);
  if (!state.rows[0]?.n) {
    const occupations = await sql<{ n: number }>`select count(*)::int as n from occupations`.execute(db);
    if (occupations.rows[0]?.n) await refreshSearchLexicon(db);
  } else await ensureSearchLexicon(db);
  const signature = await librarySignature(db);

  const { rows: skillRows } = await sql<{
    id: string;
    external_uri: string | null;
    name: LangMap;
    skill_type: string | null;
    statement: LangMap | null;
  }>`select id, external_uri, name, skill_type, statement from skills where kind = 'skill' and status = 'published' order by id`.execute(
    db,
  );
  const index = new Map<string, number>();
  const skills: VocabularySkill[] = skillRows.map((r, i) => {
    index.set(r.id, i);
    return { id: r.id, externalUri: r.external_uri, name: r.name ?? {}, skillType: r.skill_type, labels: [] };
  });
  const { rows: labelRows } = await sql<{ skill_id: string; lang: string; kind: string; label: string }>`
    select skill_id, lang, kind, label from skill_labels order by skill_id, lang, kind, label
  `.execute(db);
  for (const l of labelRows) {
    const i = index.get(l.skill_id);
    if (i !== undefined) skills[i]!.labels.push([l.lang, l.kind, l.label]);
  }

  const { rows: occupationRows } = await sql<{
    id: string;
    external_uri: string | null;
    name: LangMap;
    alt_labels: LangList | null;
    description: LangMap | null;
  }>`
    select id, external_uri, name, alt_labels, description from occupations order by id
  `.execute(db);
  const occupationIndex = new Map<string, number>();
  const occupations: VocabularyOccupation[] = occupationRows.map((r, i) => {
    occupationIndex.set(r.id, i);
    const labels: [string, string][] = [];
    for (const [lang, label] of Object.entries(r.name ?? {})) labels.push([lang, label]);
    for (const [lang, list] of Object.entries(r.alt_labels ?? {})) for (const label of list ?? []) labels.push([lang, label]);
    return { id: r.id, externalUri: r.external_uri, name: r.name ?? {}, labels, essential: [], optional: [] };
  });
  const { rows: links } = await sql<{ occupation_id: string; skill_id: string; relation_type: string }>`
    select occupation_id, skill_id, relation_type from occupation_skills order by occupation_id, skill_id
  `.execute(db);
  for (const link of links) {
    const o = occupationIndex.get(link.occupation_id);
    const s = index.get(link.skill_id);
    if (o === undefined || s === undefined) continue;
    (link.relation_type === 'essential' ? occupations[o]!.essential : occupations[o]!.optional).push(s);
  }

  const { rows: lexiconRows } = await sql<{ nl: string; en: string; weight: number }>`
    select nl, en, weight from search_lexicon order by nl, en
  `.execute(db);

  const words: Record<string, Set<string>> = {};
  const addWords = (lang: string, text: string | undefined | null) => {
    if (!text) return;
    const set = (words[lang] ??= new Set());
    for (const w of normaliseText(text).split(WORDS)) if (w.length >= 2 && !/^\d+$/.test(w)) set.add(w);
  };
  for (const r of skillRows) for (const [lang, text] of Object.entries(r.statement ?? {})) addWords(lang, text);
  for (const s of skills) for (const [lang, , label] of s.labels) addWords(lang, label);
  for (const r of occupationRows) for (const [lang, text] of Object.entries(r.description ?? {})) addWords(lang, text);
  for (const o of occupations) for (const [lang, label] of o.labels) addWords(lang, label);

  return {
    signature,
    skills,
    occupations,
    lexicon: lexiconRows.map((r) => [r.nl, r.en, Number(r.weight)]),
    words: Object.fromEntries(Object.entries(words).map(([lang, set]) => [lang, [...set].sort()])),
  };
}
