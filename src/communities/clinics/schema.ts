import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** A challenge a member presents at a clinic session; a later reflection session gathers its solutions. */
export interface CommunityChallengesTable {
  id: Generated<string>;
  session_id: string;
  presenter_id: string;
  title: string;
  body: string;
  /** The reflection session that gathers the suggested solutions. */
  reflection_session_id: string | null;
  /** What the reflection concluded, written by a facilitator. */
  reflection_summary: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A solution a member suggests from their own experience. */
export interface CommunitySolutionsTable {
  id: Generated<string>;
  challenge_id: string;
  user_id: string;
  body: string;
  created_at: Timestamp;
}

/** One member's support for a solution: one vote per member per solution. */
export interface CommunitySolutionVotesTable {
  solution_id: string;
  user_id: string;
  created_at: Timestamp;
}

export const clinicTables = ['community_challenges', 'community_solutions', 'community_solution_votes'] as const;

declare module '../../platform/db/schema.ts' {
  interface Database {
    community_challenges: CommunityChallengesTable;
    community_solutions: CommunitySolutionsTable;
    community_solution_votes: CommunitySolutionVotesTable;
  }
}
