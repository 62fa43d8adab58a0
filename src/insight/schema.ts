import type { ColumnType } from 'kysely';
import { tables as matchingTables } from './matching/schema.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A calendar day kept as `date`: read as 'YYYY-MM-DD' text (cast in the queries), written as text. */
type Day = ColumnType<string, string, string>;

/**
 * Demand: vacancies asking for a skill, by the organisation that harvested them, the day they were
 * posted (first seen when the ad names no date), region and occupation. '' stands for "not given".
 * Rebuilt per partition (organisation, month) by the rollup job (docs/decisions/017).
 */
export interface InsightDemandDailyTable {
  organisation_id: string;
  day: Day;
  skill_id: string;
  municipality: string;
  province: string;
  occupation_id: string;
  vacancies: number;
}

/** Demand by month and province only: what the views over whole months read. */
export interface InsightDemandMonthlyTable {
  organisation_id: string;
  month: Day;
  skill_id: string;
  province: string;
  vacancies: number;
}

/** All vacancies by day and province only: the trend without municipality or occupation. */
export interface InsightVacanciesProvinceDailyTable {
  organisation_id: string;
  day: Day;
  province: string;
  vacancies: number;
}

/** Every vacancy (with or without skills) by organisation, day, region and occupation: the denominators. */
export interface InsightVacanciesDailyTable {
  organisation_id: string;
  day: Day;
  municipality: string;
  province: string;
  occupation_id: string;
  vacancies: number;
}

/** Pairs of skills asked for by the same vacancy (skill_a < skill_b), by organisation, month and province. */
export interface InsightCooccurrenceMonthlyTable {
  organisation_id: string;
  month: Day;
  province: string;
  skill_a: string;
  skill_b: string;
  vacancies: number;
}

/**
 * Supply: one row per holder and skill proven by a valid badge (not revoked, suspended or expired).
 * `holder` is a hash of the recipient's address (no address is kept); the region is the one the
 * person gave (insight_person_regions), '' when none.
 */
export interface InsightSupplyHoldersTable {
  skill_id: string;
  holder: string;
  municipality: string;
  province: string;
}

/** Supply counted: people per skill and region. Shown only for cells of 5 people or more. */
export interface InsightSupplyTable {
  skill_id: string;
  municipality: string;
  province: string;
  people: number;
}

/** Where a person says they live or work, for supply by region (personal data: exported and erased). */
export interface InsightPersonRegionsTable {
  user_id: string;
  municipality: string;
  province: string;
  updated_at: Timestamp;
}

/** What each rollup partition was last built from: the source's fingerprint, so unchanged partitions are skipped. */
export interface InsightRefreshesTable {
  partition: string;
  fingerprint: string;
  rows: number;
  refreshed_at: Timestamp;
}

/** A report of an organisation's analysts: text in both languages, a draft until published to the network or publicly. */
export interface InsightReportsTable {
  id: ColumnType<string, string | undefined, never>;
  organisation_id: string;
  title_en: string;
  title_nl: string;
  body_en: ColumnType<string, string | undefined, string>;
  body_nl: ColumnType<string, string | undefined, string>;
  visibility: ColumnType<'draft' | 'network' | 'public', 'draft' | 'network' | 'public' | undefined, 'draft' | 'network' | 'public'>;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A chart of a report: a view of insight with its filters (a query string, period fixed), and text. */
export interface InsightReportChartsTable {
  id: ColumnType<string, string | undefined, never>;
  report_id: string;
  position: number;
  view: string;
  filters: string;
  text_en: string;
  text_nl: string;
}

/** Network-wide skills per month and province ('*': all provinces), added up from insight_demand_monthly. */
export interface InsightDemandNetworkMonthlyTable {
  month: Day;
  province: string;
  skill_id: string;
  vacancies: number;
}

/** Network-wide vacancies per day and province ('*': all provinces). */
export interface InsightVacanciesNetworkDailyTable {
  day: Day;
  province: string;
  vacancies: number;
}

/** Network-wide pairs of skills per month and province ('*': all provinces). */
export interface InsightCooccurrenceNetworkMonthlyTable {
  month: Day;
  province: string;
  skill_a: string;
  skill_b: string;
  vacancies: number;
}

/** Pairs of skills over the default window (the twelve months up to this one), by province ('*': all). */
export interface InsightCooccurrenceWindowTable {
  province: string;
  skill_a: string;
  skill_b: string;
  vacancies: number;
}

/** Network-wide skills per day, province and municipality (lower case); ('*', '*'): all of the network. */
export interface InsightDemandNetworkDailyTable {
  day: Day;
  province: string;
  municipality: string;
  skill_id: string;
  vacancies: number;
}

/** Network-wide vacancies per day, province and municipality (lower case). */
export interface InsightVacanciesNetworkMunicipalDailyTable {
  day: Day;
  province: string;
  municipality: string;
  vacancies: number;
}

/** Network-wide skills per month, occupation and province ('*': all provinces); vacancies without an occupation left out. */
export interface InsightDemandOccupationMonthlyTable {
  month: Day;
  occupation_id: string;
  province: string;
  skill_id: string;
  vacancies: number;
}

/** Network-wide skills per day, occupation, province and municipality (lower case). */
export interface InsightDemandOccupationDailyTable {
  day: Day;
  occupation_id: string;
  province: string;
  municipality: string;
  skill_id: string;
  vacancies: number;
}

/** Network-wide vacancies per day, occupation, province and municipality (lower case). */
export interface InsightVacanciesOccupationDailyTable {
  day: Day;
  occupation_id: string;
  province: string;
  municipality: string;
  vacancies: number;
}

/** People holding any skill per province ('' = none given), counted at the supply refresh. */
export interface InsightSupplyProvincesTable {
  province: string;
  people: number;
}

declare module '../platform/db/schema.ts' {
  interface Database {
    insight_demand_daily: InsightDemandDailyTable;
    insight_demand_monthly: InsightDemandMonthlyTable;
    insight_vacancies_province_daily: InsightVacanciesProvinceDailyTable;
    insight_vacancies_daily: InsightVacanciesDailyTable;
    insight_cooccurrence_monthly: InsightCooccurrenceMonthlyTable;
    insight_supply_holders: InsightSupplyHoldersTable;
    insight_supply: InsightSupplyTable;
    insight_person_regions: InsightPersonRegionsTable;
    insight_refreshes: InsightRefreshesTable;
    insight_demand_network_monthly: InsightDemandNetworkMonthlyTable;
    insight_vacancies_network_daily: InsightVacanciesNetworkDailyTable;
    insight_supply_provinces: InsightSupplyProvincesTable;
    insight_cooccurrence_network_monthly: InsightCooccurrenceNetworkMonthlyTable;
    insight_cooccurrence_window: InsightCooccurrenceWindowTable;
    insight_demand_network_daily: InsightDemandNetworkDailyTable;
    insight_vacancies_network_municipal_daily: InsightVacanciesNetworkMunicipalDailyTable;
    insight_demand_occupation_monthly: InsightDemandOccupationMonthlyTable;
    insight_demand_occupation_daily: InsightDemandOccupationDailyTable;
    insight_vacancies_occupation_daily: InsightVacanciesOccupationDailyTable;
    insight_reports: InsightReportsTable;
    insight_report_charts: InsightReportChartsTable;
  }
}

/**
 * The tables of the insight module, the matching part's (src/insight/matching/schema.ts) too; no
 * other module names them in its SQL (test/boundaries.test.ts).
 */
export const tables = [
  'insight_demand_daily',
  'insight_demand_monthly',
  'insight_vacancies_province_daily',
  'insight_vacancies_daily',
  'insight_cooccurrence_monthly',
  'insight_supply_holders',
  'insight_supply',
  'insight_person_regions',
  'insight_refreshes',
  'insight_reports',
  'insight_report_charts',
  'insight_demand_network_monthly',
  'insight_vacancies_network_daily',
  'insight_supply_provinces',
  'insight_cooccurrence_network_monthly',
  'insight_cooccurrence_window',
  'insight_demand_network_daily',
  'insight_vacancies_network_municipal_daily',
  'insight_demand_occupation_monthly',
  'insight_demand_occupation_daily',
  'insight_vacancies_occupation_daily',
  ...matchingTables,
] as const;
