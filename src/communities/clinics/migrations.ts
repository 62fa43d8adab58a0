import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../../platform/db/statements.ts';

const clinics: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create table community_challenges (
        id uuid primary key default gen_random_uuid(),
        session_id uuid not null references community_sessions(id) on delete cascade,
        presenter_id uuid not null,
        title text not null,
        body text not null default '',
        reflection_session_id uuid references community_sessions(id) on delete set null,
        reflection_summary text not null default '',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index community_challenges_session_idx on community_challenges (session_id);
      create index community_challenges_reflection_idx on community_challenges (reflection_session_id);
      create table community_solutions (
        id uuid primary key default gen_random_uuid(),
        challenge_id uuid not null references community_challenges(id) on delete cascade,
        user_id uuid not null,
        body text not null,
        created_at timestamptz not null default now()
      );
      create index community_solutions_challenge_idx on community_solutions (challenge_id);
      create table community_solution_votes (
        solution_id uuid not null references community_solutions(id) on delete cascade,
        user_id uuid not null,
        created_at timestamptz not null default now(),
        primary key (solution_id, user_id)
      );
      `,
    );
  },
};

export const clinicMigrations: Record<string, Migration> = { '41-communities-003-clinics': clinics };
