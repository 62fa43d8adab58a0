import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../platform/db/statements.ts';

/**
 * Communities, members, themes with goals, agenda templates, sessions with agenda items and
 * registrations. Other modules' rows (organisations, people, skills) are referred to by id without
 * a foreign key: a module's migrations name only its own tables.
 */
const core: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create table communities (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        slug text not null unique,
        name text not null,
        purpose text not null default '',
        visibility text not null default 'open',
        feed_token text not null,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index communities_org_idx on communities (organisation_id);
      create table community_members (
        community_id uuid not null references communities(id) on delete cascade,
        user_id uuid not null,
        role text not null default 'member',
        status text not null default 'active',
        angle text,
        core boolean not null default false,
        joined_at timestamptz not null default now(),
        primary key (community_id, user_id)
      );
      create index community_members_user_idx on community_members (user_id);
      create table community_themes (
        id uuid primary key default gen_random_uuid(),
        community_id uuid not null references communities(id) on delete cascade,
        title text not null,
        why text not null default '',
        what text not null default '',
        how text not null default '',
        skill_ids jsonb not null default '[]',
        starts_on date,
        ends_on date,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index community_themes_community_idx on community_themes (community_id);
      create table community_goals (
        id uuid primary key default gen_random_uuid(),
        theme_id uuid not null references community_themes(id) on delete cascade,
        title text not null,
        progress integer not null default 0,
        position integer not null default 0,
        created_at timestamptz not null default now()
      );
      create index community_goals_theme_idx on community_goals (theme_id, position);
      create table community_templates (
        id uuid primary key default gen_random_uuid(),
        community_id uuid not null references communities(id) on delete cascade,
        name text not null,
        kind text not null,
        items jsonb not null default '[]',
        created_by uuid,
        created_at timestamptz not null default now()
      );
      create index community_templates_community_idx on community_templates (community_id);
      create table community_sessions (
        id uuid primary key default gen_random_uuid(),
        community_id uuid not null references communities(id) on delete cascade,
        theme_id uuid references community_themes(id) on delete set null,
        kind text not null,
        title text not null,
        description text not null default '',
        template text,
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        time_zone text not null default 'Europe/Amsterdam',
        place text,
        online_url text,
        capacity integer,
        cancelled_at timestamptz,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index community_sessions_community_idx on community_sessions (community_id, starts_at);
      create index community_sessions_theme_idx on community_sessions (theme_id, starts_at);
      create table community_agenda_items (
        id uuid primary key default gen_random_uuid(),
        session_id uuid not null references community_sessions(id) on delete cascade,
        position integer not null default 0,
        title text not null,
        minutes integer not null default 0,
        lead_user_id uuid,
        lead_name text
      );
      create index community_agenda_items_session_idx on community_agenda_items (session_id, position);
      create table community_registrations (
        session_id uuid not null references community_sessions(id) on delete cascade,
        user_id uuid not null,
        status text not null default 'registered',
        registered_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        reminded_at timestamptz,
        primary key (session_id, user_id)
      );
      create index community_registrations_user_idx on community_registrations (user_id);
      `,
    );
  },
};

/** Migrations of the communities module (range 40); later parts bring their own (40-communities-<part>-…). */
export const communitiesMigrations: Record<string, Migration> = {
  '40-communities-001-core': core,
};
