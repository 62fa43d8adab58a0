import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { StepRecord } from './rules.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type PathwayStatus = 'draft' | 'published' | 'archived';

/**
 * A pathway: steps of badges leading to a pathway badge, an achievement of the organisation that
 * owns the pathway and issues that badge. Steps are kept with the pathway (a JSON list, in order),
 * since they are always read and written together.
 */
export interface PathwaysTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  description: string;
  /** The pathway badge: an achievement of the organisation (credentials module). */
  achievement_id: string;
  status: PathwayStatus;
  steps: JSONColumnType<StepRecord[]>;
  /** Every change makes a new version (an editor who saved an older one is told). */
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * A pathway badge awarded: once per pathway, person and period (the primary key). Award n + 1 is
 * made only after award n's credential expired (not when it was revoked).
 */
export interface PathwayAwardsTable {
  pathway_id: string;
  user_id: string;
  /** The period: 1 for the first award, n + 1 for the renewal after award n expired. */
  n: Generated<number>;
  /** The credential's validUntil; null: it does not expire. */
  valid_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  credential_id: string;
  /** The credential's public page. */
  credential_url: string;
  /** The badges that completed the steps (their public addresses), as the credential's evidence. */
  evidence: JSONColumnType<string[]>;
  awarded_at: Timestamp;
}

declare module '../platform/db/schema.ts' {
  interface Database {
    pathways: PathwaysTable;
    pathway_awards: PathwayAwardsTable;
  }
}

/** The tables of the pathways module; no other module names them in its SQL (test/boundaries.test.ts). */
export const tables = ['pathways', 'pathway_awards'] as const;
