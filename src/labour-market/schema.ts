import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type SourceKind = 'site' | 'feed' | 'api';
export const SOURCE_KINDS: readonly SourceKind[] = ['site', 'feed', 'api'];
export type FeedFormat = 'csv' | 'json' | 'xml';
export const FEED_FORMATS: readonly FeedFormat[] = ['csv', 'json', 'xml'];
export type Schedule = 'manual' | 'daily' | 'weekly';
export const SCHEDULES: readonly Schedule[] = ['manual', 'daily', 'weekly'];

/** What a site source crawls: start pages (followed one level, within the allowed hosts) and sitemaps. */
export interface SiteSettings {
  startUrls: string[];
  sitemaps: string[];
  /** Host names (with port when not the default) the crawler may fetch; nothing else is ever requested. */
  allowedHosts: string[];
  /** Pages fetched per run at most. */
  maxPages: number;
  /** Seconds between two requests to one host, unless robots.txt asks for more (Crawl-delay). */
  delaySeconds: number;
}

/** Our field → the feed's column (CSV), key or dotted path (JSON) or child element (XML). */
export type FeedMapping = Partial<Record<FeedField, string>>;
export const FEED_FIELDS = [
  'id',
  'url',
  'title',
  'description',
  'employer',
  'municipality',
  'province',
  'postcode',
  'datePosted',
  'validThrough',
  'employmentType',
  'education',
  'experience',
  'salaryMin',
  'salaryMax',
  'salaryCurrency',
  'salaryUnit',
  'language',
] as const;
export type FeedField = (typeof FEED_FIELDS)[number];

export interface FeedSettings {
  format: FeedFormat;
  /** Fetched on every run (same rules as the crawler); absent when the feed is uploaded. */
  url: string | null;
  mapping: FeedMapping;
  /** JSON: dotted path of the array of records (empty: the document is the array). XML: the record element's name. */
  records: string;
}

export type SourceSettings = SiteSettings | FeedSettings | Record<string, never>;

export interface VacancySourcesTable {
  id: Generated<string>;
  organisation_id: string;
  kind: SourceKind;
  name: string;
  settings: JSONColumnType<SourceSettings>;
  schedule: Schedule;
  /** An uploaded feed file (text), kept until the next upload. */
  upload: string | null;
  upload_name: string | null;
  uploaded_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type RunStatus = 'queued' | 'running' | 'done' | 'failed';

/** What a run counted: pages, postings, and each kind of problem (the run's log has the details). */
export type RunCounts = Record<string, number>;

export interface VacancyRunsTable {
  id: Generated<string>;
  source_id: string;
  status: RunStatus;
  phase: string | null;
  done: number;
  total: number;
  counts: JSONColumnType<RunCounts>;
  error_code: string | null;
  error_params: JSONColumnType<Record<string, string | number>> | null;
  started_by: string | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

/** One line of a run's log: a coded event (translated on the page), the URL it concerns, its parameters. */
export interface VacancyRunLogTable {
  id: Generated<string>;
  run_id: string;
  source_id: string;
  at: Timestamp;
  level: 'info' | 'warn' | 'error';
  code: string;
  url: string | null;
  params: JSONColumnType<Record<string, string | number>>;
}

/** A run's frontier: every URL it found to fetch, and whether it has; a run that was stopped goes on from here. */
export interface VacancyFrontierTable {
  run_id: string;
  url: string;
  depth: number;
  /** 'page' or 'sitemap'. */
  kind: string;
  seq: Generated<number>;
  state: 'pending' | 'done';
}

/** What the crawler knows of a URL of a source between runs: its validators for conditional requests. */
export interface VacancyPagesTable {
  source_id: string;
  url: string;
  etag: string | null;
  last_modified: string | null;
  status: number | null;
  fetched_at: Timestamp;
}

export interface VacanciesTable {
  id: Generated<string>;
  organisation_id: string;
  title: string;
  employer: string | null;
  description: string;
  municipality: string | null;
  province: string | null;
  postcode: string | null;
  country: string | null;
  date_posted: Timestamp | null;
  valid_through: Timestamp | null;
  employment_type: JSONColumnType<string[]>;
  education: string | null;
  experience: string | null;
  salary_min: number | null;
  salary_max: number | null;
  salary_currency: string | null;
  salary_unit: string | null;
  language: string | null;
  occupation_id: string | null;
  occupation_uri: string | null;
  occupation_label: string | null;
  occupation_confidence: number | null;
  /** sha256 of the normalised title, employer and text: the exact-duplicate key. */
  text_hash: string;
  /** MinHash signature over word shingles (docs/labour-market.md). */
  minhash: JSONColumnType<number[]>;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  /** When its skills were last tagged; null: waiting for the tag step. */
  tagged_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** LSH band keys of a vacancy's signature: vacancies sharing a key are near-duplicate candidates. */
export interface VacancyLshTable {
  organisation_id: string;
  band_key: string;
  vacancy_id: string;
}

/** Where and when a vacancy was seen: one per source and URL (or the feed's or API's own id). */
export interface VacancySightingsTable {
  id: Generated<string>;
  vacancy_id: string;
  source_id: string;
  /** The page's URL, or `<kind>:<id>` for a feed or API record without one. */
  url: string;
  external_id: string | null;
  content_hash: string;
  /** How it matched an earlier vacancy: 'new', 'exact' or 'near'. */
  match: string;
  similarity: number | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  times_seen: number;
}

/** A skill a vacancy asks for: the library skill, its ESCO URI, the score and the text spans that show it. */
export interface VacancySkillsTable {
  vacancy_id: string;
  skill_id: string;
  esco_uri: string | null;
  label: string;
  score: number;
  spans: JSONColumnType<[number, number][]>;
}

/** The tables of the labour-market module; no other module names them in its SQL (test/boundaries.test.ts). */
export const tables = [
  'vacancy_sources',
  'vacancy_runs',
  'vacancy_run_log',
  'vacancy_frontier',
  'vacancy_pages',
  'vacancies',
  'vacancy_lsh',
  'vacancy_sightings',
  'vacancy_skills',
] as const;

declare module '../platform/db/schema.ts' {
  interface Database {
    vacancy_sources: VacancySourcesTable;
    vacancy_runs: VacancyRunsTable;
    vacancy_run_log: VacancyRunLogTable;
    vacancy_frontier: VacancyFrontierTable;
    vacancy_pages: VacancyPagesTable;
    vacancies: VacanciesTable;
    vacancy_lsh: VacancyLshTable;
    vacancy_sightings: VacancySightingsTable;
    vacancy_skills: VacancySkillsTable;
  }
}
