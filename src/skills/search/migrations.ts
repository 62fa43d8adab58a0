import { type Kysely, type Migration, sql } from 'kysely';

/**
 * How a label splits into words, the same in SQL (this regex) and in JavaScript (`labelWords` in
 * service.ts): at ASCII whitespace and punctuation. Non-ASCII characters stay inside words, as
 * PostgreSQL's text-search parser also treats them (norm has its accents stripped already).
 */
export const WORD_SPLIT_SQL = '[[:space:][:punct:]]+';

/**
 * The search's own structures over skill_labels (filled by the ESCO importer and the library):
 * - skill_search_words: every distinct word of every label with the number of labels using it,
 *   kept by statement-level triggers on skill_labels. Query words are matched against this small
 *   vocabulary (exact, prefix, trigram for typos) before labels are looked up.
 * - a GIN full-text index on to_tsvector('simple', norm): finds the labels that contain a word of
 *   each query word's expansion (AND of ORs), which is selective even for long multi-word queries.
 * - a btree text_pattern_ops index on norm: labels that start with the whole query, in order.
 * - a GIN trigram index on norm: the fallback when no query word is in the vocabulary.
 * pg_trgm itself is created by the platform's first migration.
 */
const statements = [
  `create index if not exists skill_labels_norm_trgm_idx on skill_labels using gin (norm gin_trgm_ops)`,
  `create index if not exists skill_labels_norm_prefix_idx on skill_labels (norm text_pattern_ops)`,
  `create index if not exists skill_labels_norm_words_idx on skill_labels using gin (to_tsvector('simple', norm))`,
  `create table skill_search_words (word text primary key, n integer not null default 0)`,
  `create index skill_search_words_trgm_idx on skill_search_words using gin (word gin_trgm_ops)`,
  `create index skill_search_words_prefix_idx on skill_search_words (word text_pattern_ops)`,
  `insert into skill_search_words (word, n)
     select w, count(*) from skill_labels, regexp_split_to_table(norm, '${WORD_SPLIT_SQL}') as w where w <> '' group by w`,
  `create function skill_search_words_added() returns trigger language plpgsql as $$
   begin
     insert into skill_search_words (word, n)
       select w, count(*) from new_rows, regexp_split_to_table(new_rows.norm, '${WORD_SPLIT_SQL}') as w where w <> '' group by w
       on conflict (word) do update set n = skill_search_words.n + excluded.n;
     return null;
   end $$`,
  `create function skill_search_words_removed() returns trigger language plpgsql as $$
   begin
     update skill_search_words sw set n = greatest(sw.n - d.c, 0)
       from (select w, count(*) as c from old_rows, regexp_split_to_table(old_rows.norm, '${WORD_SPLIT_SQL}') as w where w <> '' group by w) d
       where sw.word = d.w;
     return null;
   end $$`,
  `create trigger skill_labels_words_insert after insert on skill_labels
     referencing new table as new_rows for each statement execute function skill_search_words_added()`,
  `create trigger skill_labels_words_delete after delete on skill_labels
     referencing old table as old_rows for each statement execute function skill_search_words_removed()`,
  `create trigger skill_labels_words_update_old after update on skill_labels
     referencing old table as old_rows for each statement execute function skill_search_words_removed()`,
  `create trigger skill_labels_words_update_new after update on skill_labels
     referencing new table as new_rows for each statement execute function skill_search_words_added()`,
];

const indexes: Migration = {
  async up(db: Kysely<any>) {
    // One statement per query (PGlite); function bodies hold semicolons, so no runStatements here.
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<any>) {
    for (const statement of [
      'drop trigger if exists skill_labels_words_insert on skill_labels',
      'drop trigger if exists skill_labels_words_delete on skill_labels',
      'drop trigger if exists skill_labels_words_update_old on skill_labels',
      'drop trigger if exists skill_labels_words_update_new on skill_labels',
      'drop function if exists skill_search_words_added()',
      'drop function if exists skill_search_words_removed()',
      'drop table if exists skill_search_words',
      'drop index if exists skill_labels_norm_words_idx',
      'drop index if exists skill_labels_norm_prefix_idx',
      'drop index if exists skill_labels_norm_trgm_idx',
    ])
      await sql.raw(statement).execute(db);
  },
};

/**
 * Derived tables for cross-language and occupation search, rebuilt from the library by
 * `refreshSearchLexicon` (lexicon.ts) whenever the occupations or ESCO concepts change:
 * - occupation_labels / occupation_search_words: every label of every occupation, and their words
 *   (as skill_labels / skill_search_words are for skills).
 * - search_lexicon: Dutch word → English word stem, aligned over the parallel Dutch and English
 *   labels of occupations, skill groups and skills (Dice coefficient), with its weight.
 * - search_lexicon_state: the signature of the data the tables were built from.
 */
const lexiconStatements = [
  `create table occupation_labels (occupation_id uuid not null references occupations(id) on delete cascade,
     lang text not null, kind text not null, label text not null, norm text not null)`,
  `create index occupation_labels_occupation_idx on occupation_labels (occupation_id)`,
  `create index occupation_labels_norm_prefix_idx on occupation_labels (norm text_pattern_ops)`,
  `create index occupation_labels_norm_words_idx on occupation_labels using gin (to_tsvector('simple', norm))`,
  `create table occupation_search_words (word text primary key, n integer not null default 0)`,
  `create index occupation_search_words_trgm_idx on occupation_search_words using gin (word gin_trgm_ops)`,
  `create index occupation_search_words_prefix_idx on occupation_search_words (word text_pattern_ops)`,
  `create table search_lexicon (nl text not null, en text not null, weight real not null, primary key (nl, en))`,
  `create index search_lexicon_nl_prefix_idx on search_lexicon (nl text_pattern_ops)`,
  `create table search_lexicon_state (id integer primary key, signature text not null, built_at timestamptz not null default now())`,
];

const lexicon: Migration = {
  async up(db: Kysely<any>) {
    for (const statement of lexiconStatements) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<any>) {
    for (const table of ['search_lexicon_state', 'search_lexicon', 'occupation_search_words', 'occupation_labels'])
      await sql.raw(`drop table if exists ${table}`).execute(db);
  },
};

export const searchMigrations: Record<string, Migration> = {
  '10-skills-020-search-indexes': indexes,
  '10-skills-021-search-lexicon': lexicon,
};
