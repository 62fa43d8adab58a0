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
        starts_on text,
        ends_on text,
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

/** Calls for applications, action items, attendance, contributions, badge rules and awards, calendar feed tokens. */
const participation: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create table community_calls (
        id uuid primary key default gen_random_uuid(),
        community_id uuid not null references communities(id) on delete cascade,
        title text not null,
        description text not null default '',
        questions jsonb not null default '[]',
        closes_on text,
        closed_at timestamptz,
        created_by uuid,
        created_at timestamptz not null default now()
      );
      create index community_calls_community_idx on community_calls (community_id);
      create table community_applications (
        id uuid primary key default gen_random_uuid(),
        call_id uuid not null references community_calls(id) on delete cascade,
        user_id uuid not null,
        answers jsonb not null default '[]',
        status text not null default 'submitted',
        reviewed_by uuid,
        reviewed_at timestamptz,
        created_at timestamptz not null default now(),
        unique (call_id, user_id)
      );
      create index community_applications_user_idx on community_applications (user_id);
      create table community_actions (
        id uuid primary key default gen_random_uuid(),
        community_id uuid not null references communities(id) on delete cascade,
        session_id uuid references community_sessions(id) on delete set null,
        theme_id uuid references community_themes(id) on delete set null,
        title text not null,
        owner_user_id uuid,
        due_on text,
        status text not null default 'open',
        done_at timestamptz,
        overdue_mailed_at timestamptz,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index community_actions_community_idx on community_actions (community_id, status);
      create index community_actions_owner_idx on community_actions (owner_user_id, status);
      create table community_attendance (
        session_id uuid not null references community_sessions(id) on delete cascade,
        user_id uuid not null,
        method text not null,
        recorded_by uuid,
        checked_in_at timestamptz not null default now(),
        primary key (session_id, user_id)
      );
      create index community_attendance_user_idx on community_attendance (user_id);
      create table community_contributions (
        session_id uuid not null references community_sessions(id) on delete cascade,
        user_id uuid not null,
        kind text not null,
        recorded_at timestamptz not null default now(),
        primary key (session_id, user_id, kind)
      );
      create index community_contributions_user_idx on community_contributions (user_id);
      create table community_badge_rules (
        id uuid primary key default gen_random_uuid(),
        community_id uuid not null references communities(id) on delete cascade,
        theme_id uuid references community_themes(id) on delete cascade,
        kind text not null,
        threshold integer not null default 1,
        achievement_id uuid not null,
        issuer_user_id uuid not null,
        active boolean not null default true,
        created_at timestamptz not null default now()
      );
      create index community_badge_rules_community_idx on community_badge_rules (community_id);
      create table community_badge_awards (
        rule_id uuid not null references community_badge_rules(id) on delete cascade,
        user_id uuid not null,
        credential_id uuid not null,
        issued_at timestamptz not null default now(),
        primary key (rule_id, user_id)
      );
      create table community_invitations (
        id uuid primary key default gen_random_uuid(),
        community_id uuid not null references communities(id) on delete cascade,
        email text not null,
        role text not null default 'member',
        angle text,
        token_hash text not null unique,
        invited_by uuid,
        created_at timestamptz not null default now(),
        accepted_at timestamptz
      );
      create index community_invitations_community_idx on community_invitations (community_id);
      create table community_feed_tokens (
        user_id uuid primary key,
        token text not null unique,
        created_at timestamptz not null default now()
      );
      `,
    );
  },
};

/** Calendar days (starts_on, ends_on, closes_on, due_on) are text YYYY-MM-DD: they compare as days whatever the time zone. */
/** Migrations of the communities module (range 40); later parts bring their own (40-communities-<part>-…). */
/** A community's region (province, municipality): the labour market its themes' demand is read for. */
const region: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(db, 'alter table communities add column province text, add column municipality text');
  },
};

export const communitiesMigrations: Record<string, Migration> = {
  '40-communities-001-core': core,
  '40-communities-002-participation': participation,
  '40-communities-003-region': region,
};
