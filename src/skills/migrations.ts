import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../platform/db/statements.ts';

const library: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create table skills (
        id uuid primary key default gen_random_uuid(),
        source text not null,
        kind text not null default 'skill',
        external_uri text unique,
        code text,
        skill_type text,
        reuse_level text,
        name jsonb not null default '{}',
        statement jsonb not null default '{}',
        scope_note jsonb not null default '{}',
        alt_labels jsonb not null default '{}',
        hidden_labels jsonb not null default '{}',
        keywords jsonb not null default '{}',
        categories jsonb not null default '[]',
        standards jsonb not null default '[]',
        certifications jsonb not null default '[]',
        employers jsonb not null default '[]',
        alignments jsonb not null default '[]',
        author text,
        status text not null default 'draft',
        organisation_id uuid references organisations(id) on delete cascade,
        source_modified_at timestamptz,
        created_by uuid references users(id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        published_at timestamptz,
        archived_at timestamptz
      );
      create index skills_org_idx on skills (organisation_id);
      create index skills_status_idx on skills (status, kind);
      create table skill_broader (
        skill_id uuid not null references skills(id) on delete cascade,
        broader_id uuid not null references skills(id) on delete cascade,
        primary key (skill_id, broader_id)
      );
      create index skill_broader_broader_idx on skill_broader (broader_id);
      create table skill_relations (
        skill_id uuid not null references skills(id) on delete cascade,
        related_skill_id uuid not null references skills(id) on delete cascade,
        relation_type text not null,
        primary key (skill_id, related_skill_id)
      );
      create index skill_relations_related_idx on skill_relations (related_skill_id);
      create table isco_groups (
        code text primary key,
        external_uri text not null unique,
        name jsonb not null default '{}',
        description jsonb not null default '{}'
      );
      create table occupations (
        id uuid primary key default gen_random_uuid(),
        external_uri text unique,
        code text,
        isco_group text,
        name jsonb not null default '{}',
        description jsonb not null default '{}',
        alt_labels jsonb not null default '{}',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create table occupation_skills (
        occupation_id uuid not null references occupations(id) on delete cascade,
        skill_id uuid not null references skills(id) on delete cascade,
        relation_type text not null,
        primary key (occupation_id, skill_id)
      );
      create index occupation_skills_skill_idx on occupation_skills (skill_id);
      create table skill_labels (
        skill_id uuid not null references skills(id) on delete cascade,
        lang text not null,
        kind text not null,
        label text not null,
        norm text not null
      );
      create index skill_labels_skill_idx on skill_labels (skill_id);
      create table collections (
        id uuid primary key default gen_random_uuid(),
        external_key text unique,
        name jsonb not null default '{}',
        description jsonb not null default '{}',
        author text,
        status text not null default 'draft',
        organisation_id uuid references organisations(id) on delete cascade,
        created_by uuid references users(id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create table collection_skills (
        collection_id uuid not null references collections(id) on delete cascade,
        skill_id uuid not null references skills(id) on delete cascade,
        added_at timestamptz not null default now(),
        primary key (collection_id, skill_id)
      );
      create index collection_skills_skill_idx on collection_skills (skill_id);
      create table skill_history (
        id uuid primary key default gen_random_uuid(),
        skill_id uuid not null references skills(id) on delete cascade,
        user_id uuid references users(id) on delete set null,
        action text not null,
        changes jsonb not null default '{}',
        at timestamptz not null default now()
      );
      create index skill_history_skill_idx on skill_history (skill_id, at);
      create table alignment_suggestions (
        skill_id uuid not null references skills(id) on delete cascade,
        esco_skill_id uuid not null references skills(id) on delete cascade,
        score real not null,
        status text not null default 'suggested',
        decided_by uuid references users(id) on delete set null,
        decided_at timestamptz,
        created_at timestamptz not null default now(),
        primary key (skill_id, esco_skill_id)
      );
      create table skill_imports (
        id uuid primary key default gen_random_uuid(),
        kind text not null,
        status text not null,
        phase text,
        done integer not null default 0,
        total integer not null default 0,
        paths jsonb not null default '[]',
        counts jsonb not null default '{}',
        error text,
        started_by uuid references users(id) on delete set null,
        created_at timestamptz not null default now(),
        finished_at timestamptz
      );
    `,
    );
  },
};

export const skillsMigrations: Record<string, Migration> = {
  '10-skills-001-library': library,
};
