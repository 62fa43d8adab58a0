import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** What a set of shared notes belongs to: a breakout group or an open-space topic. */
export type NoteScope = 'breakout' | 'topic';

/** The shared notes of one breakout group or open-space topic. */
export interface CommunityNoteSetsTable {
  id: Generated<string>;
  community_id: string;
  session_id: string;
  scope: NoteScope;
  /** The breakout's or topic's id. */
  owner_id: string;
  created_at: Timestamp;
}

/**
 * One block of shared notes. Adding a block never conflicts (append-only); changing one carries the
 * `version` the writer started from, and a save over a newer version is refused (409) with the
 * newer text shown, so no one's text is lost (docs/communities-sessions.md).
 */
export interface CommunityNoteBlocksTable {
  id: Generated<string>;
  note_set_id: string;
  body: string;
  version: Generated<number>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export const noteTables = ['community_note_sets', 'community_note_blocks'] as const;

declare module '../../platform/db/schema.ts' {
  interface Database {
    community_note_sets: CommunityNoteSetsTable;
    community_note_blocks: CommunityNoteBlocksTable;
  }
}
