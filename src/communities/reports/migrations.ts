import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../../platform/db/statements.ts';

const reports: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create table community_session_records (
        session_id uuid primary key references community_sessions(id) on delete cascade,
        presentation_summary text not null default '',
        updated_by uuid,
        updated_at timestamptz not null default now()
      );
      create table community_decisions (
        id uuid primary key default gen_random_uuid(),
        session_id uuid not null references community_sessions(id) on delete cascade,
        body text not null,
        created_by uuid,
        created_at timestamptz not null default now()
      );
      create index community_decisions_session_idx on community_decisions (session_id, created_at);
      create table community_reports (
        id uuid primary key default gen_random_uuid(),
        community_id uuid not null references communities(id) on delete cascade,
        session_id uuid not null unique references community_sessions(id) on delete cascade,
        theme_id uuid references community_themes(id) on delete set null,
        title text not null,
        body text not null default '',
        skill_ids jsonb not null default '[]',
        status text not null default 'draft',
        version integer not null default 1,
        published_at timestamptz,
        published_by uuid,
        updated_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index community_reports_community_idx on community_reports (community_id, status, published_at);
      create table community_knowledge (
        id uuid primary key default gen_random_uuid(),
        community_id uuid not null references communities(id) on delete cascade,
        theme_id uuid references community_themes(id) on delete set null,
        kind text not null,
        title text not null,
        body text not null,
        skill_ids jsonb not null default '[]',
        created_by uuid,
        created_at timestamptz not null default now()
      );
      create index community_knowledge_community_idx on community_knowledge (community_id, created_at);
      create table community_outputs (
        id uuid primary key default gen_random_uuid(),
        community_id uuid not null references communities(id) on delete cascade,
        theme_id uuid not null references community_themes(id) on delete cascade,
        kind text not null,
        title text not null,
        description text not null default '',
        url text,
        created_by uuid,
        created_at timestamptz not null default now()
      );
      create index community_outputs_theme_idx on community_outputs (theme_id, created_at);
      `,
    );
  },
};

export const reportMigrations: Record<string, Migration> = { '41-communities-005-reports': reports };
