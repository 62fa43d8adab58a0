import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** A room of an open-space or hackathon session; rooms are offered in this order (list the largest first). */
export interface CommunityOsRoomsTable {
  id: Generated<string>;
  session_id: string;
  name: string;
  position: number;
}

/** A time slot of an open-space or hackathon session (e.g. "10:00–10:45"), in order. */
export interface CommunityOsSlotsTable {
  id: Generated<string>;
  session_id: string;
  label: string;
  position: number;
}

/** A topic a participant proposes; scheduled into a room and slot, with its notes. */
export interface CommunityTopicsTable {
  id: Generated<string>;
  session_id: string;
  title: string;
  description: string;
  proposed_by: string;
  room_id: string | null;
  slot_id: string | null;
  note_set_id: string;
  created_at: Timestamp;
}

/** Who hosts a topic: its proposer and those who joined them; a host is never in two topics at once. */
export interface CommunityTopicHostsTable {
  topic_id: string;
  user_id: string;
}

/** One vote per participant per topic. */
export interface CommunityTopicVotesTable {
  topic_id: string;
  user_id: string;
  created_at: Timestamp;
}

export const openSpaceTables = [
  'community_os_rooms',
  'community_os_slots',
  'community_topics',
  'community_topic_hosts',
  'community_topic_votes',
] as const;

declare module '../../platform/db/schema.ts' {
  interface Database {
    community_os_rooms: CommunityOsRoomsTable;
    community_os_slots: CommunityOsSlotsTable;
    community_topics: CommunityTopicsTable;
    community_topic_hosts: CommunityTopicHostsTable;
    community_topic_votes: CommunityTopicVotesTable;
  }
}
