import { type Kysely, type Migration, sql } from 'kysely';
import { runStatements } from '../platform/db/statements.ts';

/**
 * The rollup tables of insight (docs/decisions/017-insight-rollups.md). Every demand table leads
 * with organisation_id: on Citus they are distributed by it, and each rollup partition is one
 * organisation's month.
 */
const rollups: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `create table insight_demand_daily (
         organisation_id uuid not null,
         day date not null,
         skill_id uuid not null,
         municipality text not null default '',
         province text not null default '',
         occupation_id text not null default '',
         vacancies integer not null,
         primary key (organisation_id, day, skill_id, municipality, province, occupation_id)
       );
       create index insight_demand_daily_day_idx on insight_demand_daily (day, skill_id);
       create table insight_vacancies_daily (
         organisation_id uuid not null,
         day date not null,
         municipality text not null default '',
         province text not null default '',
         occupation_id text not null default '',
         vacancies integer not null,
         primary key (organisation_id, day, municipality, province, occupation_id)
       );
       create table insight_cooccurrence_monthly (
         organisation_id uuid not null,
         month date not null,
         province text not null default '',
         skill_a uuid not null,
         skill_b uuid not null,
         vacancies integer not null,
         primary key (organisation_id, month, province, skill_a, skill_b)
       );
       create table insight_supply_holders (
         skill_id uuid not null,
         holder text not null,
         municipality text not null default '',
         province text not null default '',
         primary key (skill_id, holder)
       );
       create table insight_supply (
         skill_id uuid not null,
         municipality text not null default '',
         province text not null default '',
         people integer not null,
         primary key (skill_id, municipality, province)
       );
       create table insight_person_regions (
         user_id uuid primary key,
         municipality text not null default '',
         province text not null default '',
         updated_at timestamptz not null default now()
       );
       create table insight_refreshes (
         partition text primary key,
         fingerprint text not null,
         rows integer not null default 0,
         refreshed_at timestamptz not null default now()
       )`,
    );
  },
  async down(db: Kysely<any>) {
    for (const t of [
      'insight_refreshes',
      'insight_person_regions',
      'insight_supply',
      'insight_supply_holders',
      'insight_cooccurrence_monthly',
      'insight_vacancies_daily',
      'insight_demand_daily',
    ])
      await sql`drop table if exists ${sql.table(t)}`.execute(db);
  },
};

/**
 * Coarser rollups for the views over whole months and provinces (the default): skills per month
 * and province, and all vacancies per day and province, so an unfiltered year reads thousands of
 * rows, not millions.
 */
const coarse: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `create table insight_demand_monthly (
         organisation_id uuid not null,
         month date not null,
         skill_id uuid not null,
         province text not null default '',
         vacancies integer not null,
         primary key (organisation_id, month, skill_id, province)
       );
       create index insight_demand_monthly_month_idx on insight_demand_monthly (month, skill_id);
       create table insight_vacancies_province_daily (
         organisation_id uuid not null,
         day date not null,
         province text not null default '',
         vacancies integer not null,
         primary key (organisation_id, day, province)
       );
       create index insight_demand_daily_skill_idx on insight_demand_daily (skill_id, day)`,
    );
  },
  async down(db: Kysely<any>) {
    await sql`drop index if exists insight_demand_daily_skill_idx`.execute(db);
    await sql`drop table if exists insight_vacancies_province_daily`.execute(db);
    await sql`drop table if exists insight_demand_monthly`.execute(db);
  },
};

/** Published reports and their charts (src/insight/reports.ts); organisation_id leads, for Citus. */
const reports: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `create table insight_reports (
         id uuid primary key default gen_random_uuid(),
         organisation_id uuid not null references organisations (id) on delete cascade,
         title_en text not null default '',
         title_nl text not null default '',
         body_en text not null default '',
         body_nl text not null default '',
         visibility text not null default 'draft' check (visibility in ('draft', 'network', 'public')),
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         published_at timestamptz
       );
       create index insight_reports_organisation_idx on insight_reports (organisation_id, updated_at);
       create index insight_reports_published_idx on insight_reports (visibility, published_at);
       create table insight_report_charts (
         id uuid primary key default gen_random_uuid(),
         report_id uuid not null references insight_reports (id) on delete cascade,
         position integer not null,
         view text not null,
         filters text not null default '',
         text_en text not null default '',
         text_nl text not null default ''
       );
       create index insight_report_charts_report_idx on insight_report_charts (report_id, position)`,
    );
  },
  async down(db: Kysely<any>) {
    await sql`drop table if exists insight_report_charts`.execute(db);
    await sql`drop table if exists insight_reports`.execute(db);
  },
};

/**
 * Network-wide rollups (all organisations added up), for the default views: skills per month and
 * province, all vacancies per day and province, with '*' standing for all provinces; people per
 * province. Rebuilt per month from the organisation tables (src/insight/rollups.ts).
 */
const network: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `create table insight_demand_network_monthly (
         month date not null,
         province text not null,
         skill_id uuid not null,
         vacancies integer not null,
         primary key (month, province, skill_id)
       );
       create table insight_vacancies_network_daily (
         day date not null,
         province text not null,
         vacancies integer not null,
         primary key (day, province)
       );
       create table insight_cooccurrence_network_monthly (
         month date not null,
         province text not null,
         skill_a uuid not null,
         skill_b uuid not null,
         vacancies integer not null,
         primary key (month, province, skill_a, skill_b)
       );
       create table insight_supply_provinces (
         province text primary key,
         people integer not null
       )`,
    );
  },
  async down(db: Kysely<any>) {
    for (const t of [
      'insight_supply_provinces',
      'insight_cooccurrence_network_monthly',
      'insight_vacancies_network_daily',
      'insight_demand_network_monthly',
    ])
      await sql`drop table if exists ${sql.table(t)}`.execute(db);
  },
};

/**
 * The network tables read one province (or '*') over a range of months: an index by province
 * first, holding every column the views read, so a year of one province is a range of the index.
 */
const networkIndexes: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `create index insight_demand_network_province_idx on insight_demand_network_monthly (province, month, skill_id, vacancies);
       create index insight_cooccurrence_network_province_idx on insight_cooccurrence_network_monthly (province, month, skill_a, skill_b, vacancies)`,
    );
  },
  async down(db: Kysely<any>) {
    await sql`drop index if exists insight_cooccurrence_network_province_idx`.execute(db);
    await sql`drop index if exists insight_demand_network_province_idx`.execute(db);
  },
};

/**
 * Pairs of skills over the default window of the views (the twelve whole months up to this one),
 * by province ('*': all): what "skills that go together" shows unless other dates are chosen,
 * added up at the refresh because a year of pairs is too many rows to add up per request.
 */
const pairsWindow: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `create table insight_cooccurrence_window (
         province text not null,
         skill_a uuid not null,
         skill_b uuid not null,
         vacancies integer not null,
         primary key (province, skill_a, skill_b)
       );
       create index insight_cooccurrence_window_top_idx on insight_cooccurrence_window (province, vacancies desc, skill_a, skill_b)`,
    );
  },
  async down(db: Kysely<any>) {
    await sql`drop table if exists insight_cooccurrence_window`.execute(db);
  },
};

/**
 * The network's skills per day by province and municipality (lower case), with ('*', '*') rows for
 * all of the network, and its vacancies per day by province and municipality: what a municipality
 * and the days of a period that are not whole months read (a municipality: all its days; other
 * dates: the whole months from insight_demand_network_monthly, the days at either end from here),
 * so they no longer add up every organisation's rows per request. Rebuilt per month with the other
 * network tables (src/insight/rollups.ts); insight_vacancies_daily gets an index by day for that.
 */
const networkDaily: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `create table insight_demand_network_daily (
         day date not null,
         province text not null,
         municipality text not null,
         skill_id uuid not null,
         vacancies integer not null,
         primary key (day, province, municipality, skill_id)
       );
       create index insight_demand_network_daily_municipality_idx on insight_demand_network_daily (municipality, day, province, skill_id, vacancies);
       create table insight_vacancies_network_municipal_daily (
         day date not null,
         province text not null,
         municipality text not null,
         vacancies integer not null,
         primary key (day, province, municipality)
       );
       create index insight_vacancies_daily_day_idx on insight_vacancies_daily (day)`,
    );
  },
  async down(db: Kysely<any>) {
    await sql`drop index if exists insight_vacancies_daily_day_idx`.execute(db);
    await sql`drop table if exists insight_vacancies_network_municipal_daily`.execute(db);
    await sql`drop table if exists insight_demand_network_daily`.execute(db);
  },
};

/**
 * The network's demand by occupation (vacancies with one; '' left out): skills per month, occupation
 * and province with '*' rows for all provinces, skills per day, occupation, province and municipality
 * (lower case), and all vacancies per day, occupation, province and municipality — what the views
 * read when an occupation is chosen (whole months from the monthly table, a municipality and the days
 * at either end from the daily one), so they no longer add up every organisation's rows per request.
 * Rebuilt per month with the other network tables (src/insight/rollups.ts); the key leads with the
 * month or day (a month's rows are deleted and written anew), the indexes with the occupation.
 */
const occupation: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `create table insight_demand_occupation_monthly (
         month date not null,
         occupation_id text not null,
         province text not null,
         skill_id uuid not null,
         vacancies integer not null,
         primary key (month, occupation_id, province, skill_id)
       );
       create index insight_demand_occupation_monthly_idx on insight_demand_occupation_monthly (occupation_id, province, month, skill_id, vacancies);
       create table insight_demand_occupation_daily (
         day date not null,
         occupation_id text not null,
         province text not null,
         municipality text not null,
         skill_id uuid not null,
         vacancies integer not null,
         primary key (day, occupation_id, province, municipality, skill_id)
       );
       create index insight_demand_occupation_daily_idx on insight_demand_occupation_daily (occupation_id, day, province, municipality, skill_id, vacancies);
       create table insight_vacancies_occupation_daily (
         day date not null,
         occupation_id text not null,
         province text not null,
         municipality text not null,
         vacancies integer not null,
         primary key (day, occupation_id, province, municipality)
       );
       create index insight_vacancies_occupation_daily_idx on insight_vacancies_occupation_daily (occupation_id, day, province, municipality, vacancies)`,
    );
  },
  async down(db: Kysely<any>) {
    for (const t of ['insight_vacancies_occupation_daily', 'insight_demand_occupation_daily', 'insight_demand_occupation_monthly'])
      await sql`drop table if exists ${sql.table(t)}`.execute(db);
  },
};

/**
 * Skills that go together over any dates (src/insight/demand.ts): the network's monthly pairs read
 * in order of their count per month (the most frequent first, for the threshold algorithm) and by
 * one skill on either side (the pairs of a chosen skill). The first replaces the province index of
 * 70-insight-005, which it covers.
 */
const pairsIndexes: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `create index insight_cooccurrence_network_top_idx on insight_cooccurrence_network_monthly (province, month, vacancies desc, skill_a, skill_b);
       drop index if exists insight_cooccurrence_network_province_idx;
       create index insight_cooccurrence_network_a_idx on insight_cooccurrence_network_monthly (province, skill_a, month, skill_b, vacancies);
       create index insight_cooccurrence_network_b_idx on insight_cooccurrence_network_monthly (province, skill_b, month, skill_a, vacancies)`,
    );
  },
  async down(db: Kysely<any>) {
    await sql`drop index if exists insight_cooccurrence_network_b_idx`.execute(db);
    await sql`drop index if exists insight_cooccurrence_network_a_idx`.execute(db);
    await sql`create index if not exists insight_cooccurrence_network_province_idx on insight_cooccurrence_network_monthly (province, month, skill_a, skill_b, vacancies)`.execute(
      db,
    );
    await sql`drop index if exists insight_cooccurrence_network_top_idx`.execute(db);
  },
};

/** Insight's migrations; order 70 (the matching part, src/insight/matching, brings its own as 71-…). */
export const insightMigrations: Record<string, Migration> = {
  '70-insight-001-rollups': rollups,
  '70-insight-002-coarse': coarse,
  '70-insight-003-reports': reports,
  '70-insight-004-network': network,
  '70-insight-005-network-indexes': networkIndexes,
  '70-insight-006-pairs-window': pairsWindow,
  '70-insight-007-network-daily': networkDaily,
  '70-insight-008-occupation': occupation,
  '70-insight-009-pairs-indexes': pairsIndexes,
};
