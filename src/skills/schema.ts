import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** A text in several languages: `{ "en": "...", "nl": "..." }`. RSD holds one string; Vaardig keeps all. */
export type LangMap = Record<string, string>;
/** Several texts per language: `{ "en": ["...", "..."], "nl": [...] }`. */
export type LangList = Record<string, string[]>;

/** A reference to something outside: RSD's standards, certifications, employers, alignments. */
export interface NamedReference {
  name?: string;
  id?: string;
  url?: string;
  framework?: string;
}

export type SkillStatus = 'draft' | 'published' | 'archived';
export type SkillSource = 'esco' | 'local';
/** ESCO's skill types; local skills may leave it empty. */
export type SkillType = 'skill/competence' | 'knowledge' | 'language' | 'group';

/**
 * A skill (Rich Skill Descriptor) or an ESCO skill group. The canonical URL is derived from BASE_URL
 * and the id (`${BASE_URL}/skills/${id}`), so it is not stored.
 */
export interface SkillsTable {
  id: Generated<string>;
  source: SkillSource;
  /** 'skill' for skills, 'group' for ESCO skill groups (browsable hierarchy nodes). */
  kind: 'skill' | 'group';
  /** ESCO conceptUri for imported concepts; unique, the key re-imports update on. */
  external_uri: string | null;
  /** ESCO group code (e.g. "S1.2") or an own code. */
  code: string | null;
  skill_type: string | null;
  reuse_level: string | null;
  name: JSONColumnType<LangMap>;
  statement: JSONColumnType<LangMap>;
  scope_note: JSONColumnType<LangMap>;
  alt_labels: JSONColumnType<LangList>;
  hidden_labels: JSONColumnType<LangList>;
  keywords: JSONColumnType<LangList>;
  categories: JSONColumnType<string[]>;
  standards: JSONColumnType<NamedReference[]>;
  certifications: JSONColumnType<NamedReference[]>;
  employers: JSONColumnType<NamedReference[]>;
  alignments: JSONColumnType<NamedReference[]>;
  author: string | null;
  status: SkillStatus;
  /** Organisation that curates it; null for the network's shared library (ESCO). */
  organisation_id: string | null;
  /** ESCO's modifiedDate, or the last change of an own skill. */
  source_modified_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
  archived_at: Timestamp | null;
}

/** Broader/narrower links of the skills pillar (skill → group, group → group). */
export interface SkillBroaderTable {
  skill_id: string;
  broader_id: string;
}

/** ESCO skill–skill relations. */
export interface SkillRelationsTable {
  skill_id: string;
  related_skill_id: string;
  relation_type: string;
}

export interface OccupationsTable {
  id: Generated<string>;
  external_uri: string | null;
  code: string | null;
  isco_group: string | null;
  name: JSONColumnType<LangMap>;
  description: JSONColumnType<LangMap>;
  alt_labels: JSONColumnType<LangList>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IscoGroupsTable {
  code: string;
  external_uri: string;
  name: JSONColumnType<LangMap>;
  description: JSONColumnType<LangMap>;
}

export interface OccupationSkillsTable {
  occupation_id: string;
  skill_id: string;
  relation_type: 'essential' | 'optional';
}

/** Every searchable text of a skill, one row per label and language (kept by the search service). */
export interface SkillLabelsTable {
  skill_id: string;
  lang: string;
  kind: 'preferred' | 'alt' | 'hidden' | 'keyword';
  label: string;
  /** lower(unaccent(label)): what the trigram and prefix indexes work on. */
  norm: string;
}

export interface CollectionsTable {
  id: Generated<string>;
  /** ESCO collection key (e.g. "digital") for imported collections, else null. */
  external_key: string | null;
  name: JSONColumnType<LangMap>;
  description: JSONColumnType<LangMap>;
  author: string | null;
  status: SkillStatus;
  organisation_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CollectionSkillsTable {
  collection_id: string;
  skill_id: string;
  added_at: Timestamp;
}

/** Who changed what, for an RSD's audit trail. */
export interface SkillHistoryTable {
  id: Generated<string>;
  skill_id: string;
  user_id: string | null;
  action: string;
  changes: JSONColumnType<Record<string, { from: unknown; to: unknown }>>;
  at: Timestamp;
}

/** Crosswalk: a suggested ESCO alignment for an own skill, accepted or rejected by a curator. */
export interface AlignmentSuggestionsTable {
  skill_id: string;
  esco_skill_id: string;
  score: number;
  status: 'suggested' | 'accepted' | 'rejected';
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
}

/** An ESCO import run: started from the CLI or a page, progress visible while it runs. */
export interface SkillImportsTable {
  id: Generated<string>;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  phase: string | null;
  done: number;
  total: number;
  paths: JSONColumnType<string[]>;
  counts: JSONColumnType<Record<string, number>>;
  error: string | null;
  /** The failure as a coded error (an EscoFileError's code and its file, line, …), when it was one. */
  error_code: string | null;
  error_params: JSONColumnType<Record<string, string | number>> | null;
  started_by: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

declare module '../platform/db/schema.ts' {
  interface Database {
    skills: SkillsTable;
    skill_broader: SkillBroaderTable;
    skill_relations: SkillRelationsTable;
    occupations: OccupationsTable;
    isco_groups: IscoGroupsTable;
    occupation_skills: OccupationSkillsTable;
    skill_labels: SkillLabelsTable;
    collections: CollectionsTable;
    collection_skills: CollectionSkillsTable;
    skill_history: SkillHistoryTable;
    alignment_suggestions: AlignmentSuggestionsTable;
    skill_imports: SkillImportsTable;
  }
}

/** The tables of the skills module; no other module names them in its SQL (test/boundaries.test.ts). */
export const tables = [
  'skills',
  'skill_broader',
  'skill_relations',
  'occupations',
  'isco_groups',
  'occupation_skills',
  'skill_labels',
  'collections',
  'collection_skills',
  'skill_history',
  'alignment_suggestions',
  'skill_imports',
  'skill_search_words',
  'occupation_labels',
  'occupation_search_words',
  'search_lexicon',
  'search_lexicon_state',
] as const;
