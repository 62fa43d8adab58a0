import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/**
 * A person's explicit share of their verified skills with one organisation they belong to, for its
 * team view (docs/matching.md). Revocable: stopping removes the row. Personal data (exported, erased).
 */
export interface InsightMatchingSharesTable {
  user_id: string;
  organisation_id: string;
  created_at: Timestamp;
}

/** A skill an organisation aims for, with how many of its people it wants to hold it. */
export interface InsightMatchingTargetsTable {
  organisation_id: string;
  skill_id: string;
  wanted: number;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module '../../platform/db/schema.ts' {
  interface Database {
    insight_matching_shares: InsightMatchingSharesTable;
    insight_matching_targets: InsightMatchingTargetsTable;
  }
}

/** The matching part's tables; no other module names them in its SQL (test/boundaries.test.ts). */
export const tables = ['insight_matching_shares', 'insight_matching_targets'] as const;
