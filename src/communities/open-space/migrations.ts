import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../../platform/db/statements.ts';

const openSpace: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create table community_os_rooms (
        id uuid primary key default gen_random_uuid(),
        session_id uuid not null references community_sessions(id) on delete cascade,
        name text not null,
        position integer not null default 0
      );
      create index community_os_rooms_session_idx on community_os_rooms (session_id, position);
      create table community_os_slots (
        id uuid primary key default gen_random_uuid(),
        session_id uuid not null references community_sessions(id) on delete cascade,
        label text not null,
        position integer not null default 0
      );
      create index community_os_slots_session_idx on community_os_slots (session_id, position);
      create table community_topics (
        id uuid primary key default gen_random_uuid(),
        session_id uuid not null references community_sessions(id) on delete cascade,
        title text not null,
        description text not null default '',
        proposed_by uuid not null,
        room_id uuid references community_os_rooms(id) on delete set null,
        slot_id uuid references community_os_slots(id) on delete set null,
        note_set_id uuid not null references community_note_sets(id),
        created_at timestamptz not null default now()
      );
      create index community_topics_session_idx on community_topics (session_id, created_at);
      create unique index community_topics_place_idx on community_topics (room_id, slot_id) where room_id is not null and slot_id is not null;
      create table community_topic_hosts (
        topic_id uuid not null references community_topics(id) on delete cascade,
        user_id uuid not null,
        primary key (topic_id, user_id)
      );
      create table community_topic_votes (
        topic_id uuid not null references community_topics(id) on delete cascade,
        user_id uuid not null,
        created_at timestamptz not null default now(),
        primary key (topic_id, user_id)
      );
      `,
    );
  },
};

export const openSpaceMigrations: Record<string, Migration> = { '41-communities-004-open-space': openSpace };
