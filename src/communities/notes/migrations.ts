import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../../platform/db/statements.ts';

const notes: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create table community_note_sets (
        id uuid primary key default gen_random_uuid(),
        community_id uuid not null references communities(id) on delete cascade,
        session_id uuid not null references community_sessions(id) on delete cascade,
        scope text not null,
        owner_id uuid not null,
        created_at timestamptz not null default now(),
        unique (scope, owner_id)
      );
      create index community_note_sets_session_idx on community_note_sets (session_id);
      create table community_note_blocks (
        id uuid primary key default gen_random_uuid(),
        note_set_id uuid not null references community_note_sets(id) on delete cascade,
        body text not null,
        version integer not null default 1,
        created_by uuid,
        updated_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index community_note_blocks_set_idx on community_note_blocks (note_set_id, created_at);
      `,
    );
  },
};

export const notesMigrations: Record<string, Migration> = { '41-communities-001-notes': notes };
