import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** How a session's breakout groups were made. */
export type GroupMethod = 'random' | 'interest' | 'skill' | 'hand';
export const GROUP_METHODS: readonly GroupMethod[] = ['random', 'interest', 'skill', 'hand'];

/** A guiding question of a session, discussed openly and in the breakouts. */
export interface CommunityQuestionsTable {
  id: Generated<string>;
  session_id: string;
  position: number;
  text: string;
  created_by: string | null;
  created_at: Timestamp;
}

/** An answer to a guiding question (append-only: answers are added, never overwritten). */
export interface CommunityQuestionAnswersTable {
  id: Generated<string>;
  question_id: string;
  user_id: string;
  body: string;
  created_at: Timestamp;
}

/** The guiding question a participant wants to discuss (for groups by interest). */
export interface CommunityQuestionInterestsTable {
  session_id: string;
  user_id: string;
  question_id: string;
  created_at: Timestamp;
}

/** A breakout group of a session: its question, note-taker and shared notes (a note set). */
export interface CommunityBreakoutsTable {
  id: Generated<string>;
  session_id: string;
  name: string;
  question: string;
  /** The guiding question it discusses, when it is one of the session's. */
  question_id: string | null;
  note_taker_id: string | null;
  note_set_id: string;
  method: GroupMethod;
  position: number;
  created_at: Timestamp;
}

/** Who is in a breakout group: one group per person per session. */
export interface CommunityBreakoutMembersTable {
  breakout_id: string;
  session_id: string;
  user_id: string;
}

export const breakoutTables = [
  'community_questions',
  'community_question_answers',
  'community_question_interests',
  'community_breakouts',
  'community_breakout_members',
] as const;

declare module '../../platform/db/schema.ts' {
  interface Database {
    community_questions: CommunityQuestionsTable;
    community_question_answers: CommunityQuestionAnswersTable;
    community_question_interests: CommunityQuestionInterestsTable;
    community_breakouts: CommunityBreakoutsTable;
    community_breakout_members: CommunityBreakoutMembersTable;
  }
}
