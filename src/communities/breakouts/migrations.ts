import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../../platform/db/statements.ts';

const breakouts: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create table community_questions (
        id uuid primary key default gen_random_uuid(),
        session_id uuid not null references community_sessions(id) on delete cascade,
        position integer not null default 0,
        text text not null,
        created_by uuid,
        created_at timestamptz not null default now()
      );
      create index community_questions_session_idx on community_questions (session_id, position);
      create table community_question_answers (
        id uuid primary key default gen_random_uuid(),
        question_id uuid not null references community_questions(id) on delete cascade,
        user_id uuid not null,
        body text not null,
        created_at timestamptz not null default now()
      );
      create index community_question_answers_question_idx on community_question_answers (question_id, created_at);
      create table community_question_interests (
        session_id uuid not null references community_sessions(id) on delete cascade,
        user_id uuid not null,
        question_id uuid not null references community_questions(id) on delete cascade,
        created_at timestamptz not null default now(),
        primary key (session_id, user_id)
      );
      create table community_breakouts (
        id uuid primary key default gen_random_uuid(),
        session_id uuid not null references community_sessions(id) on delete cascade,
        name text not null,
        question text not null default '',
        question_id uuid references community_questions(id) on delete set null,
        note_taker_id uuid,
        note_set_id uuid not null references community_note_sets(id),
        method text not null,
        position integer not null default 0,
        created_at timestamptz not null default now()
      );
      create index community_breakouts_session_idx on community_breakouts (session_id, position);
      create table community_breakout_members (
        breakout_id uuid not null references community_breakouts(id) on delete cascade,
        session_id uuid not null references community_sessions(id) on delete cascade,
        user_id uuid not null,
        primary key (session_id, user_id)
      );
      create index community_breakout_members_breakout_idx on community_breakout_members (breakout_id);
      `,
    );
  },
};

export const breakoutMigrations: Record<string, Migration> = { '41-communities-002-breakouts': breakouts };
