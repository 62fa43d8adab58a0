import { type Kysely, type Migration, sql } from 'kysely';
import { runStatements } from '../platform/db/statements.ts';

/**
 * Sources, runs and their logs, the crawler's frontier and page validators. Other modules' rows
 * (organisations, people, skills, occupations) are referred to by id without a foreign key: a
 * module's migrations name only its own tables.
 */
const sources: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create table vacancy_sources (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        kind text not null,
        name text not null,
        settings jsonb not null default '{}',
        schedule text not null default 'manual',
        upload text,
        upload_name text,
        uploaded_at timestamptz,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index vacancy_sources_org_idx on vacancy_sources (organisation_id);
      create table vacancy_runs (
        id uuid primary key default gen_random_uuid(),
        source_id uuid not null references vacancy_sources(id) on delete cascade,
        status text not null default 'queued',
        phase text,
        done integer not null default 0,
        total integer not null default 0,
        counts jsonb not null default '{}',
        error_code text,
        error_params jsonb,
        started_by uuid,
        created_at timestamptz not null default now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      create index vacancy_runs_source_idx on vacancy_runs (source_id, created_at desc);
      create table vacancy_run_log (
        id bigserial primary key,
        run_id uuid not null references vacancy_runs(id) on delete cascade,
        source_id uuid not null references vacancy_sources(id) on delete cascade,
        at timestamptz not null default now(),
        level text not null,
        code text not null,
        url text,
        params jsonb not null default '{}'
      );
      create index vacancy_run_log_run_idx on vacancy_run_log (run_id, id);
      create table vacancy_frontier (
        run_id uuid not null references vacancy_runs(id) on delete cascade,
        url text not null,
        depth integer not null default 0,
        kind text not null default 'page',
        seq bigserial,
        state text not null default 'pending',
        primary key (run_id, url)
      );
      create index vacancy_frontier_pending_idx on vacancy_frontier (run_id, state, seq);
      create table vacancy_pages (
        source_id uuid not null references vacancy_sources(id) on delete cascade,
        url text not null,
        etag text,
        last_modified text,
        status integer,
        fetched_at timestamptz not null default now(),
        primary key (source_id, url)
      );
      `,
    );
  },
};

/** Vacancies, their LSH band keys, sightings and skills. */
const vacancies: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create table vacancies (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        title text not null,
        employer text,
        description text not null default '',
        municipality text,
        province text,
        postcode text,
        country text,
        date_posted timestamptz,
        valid_through timestamptz,
        employment_type jsonb not null default '[]',
        education text,
        experience text,
        salary_min double precision,
        salary_max double precision,
        salary_currency text,
        salary_unit text,
        language text,
        occupation_id uuid,
        occupation_uri text,
        occupation_label text,
        occupation_confidence double precision,
        text_hash text not null,
        minhash jsonb not null default '[]',
        first_seen_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        tagged_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index vacancies_org_seen_idx on vacancies (organisation_id, last_seen_at desc);
      create index vacancies_hash_idx on vacancies (organisation_id, text_hash);
      create index vacancies_untagged_idx on vacancies (organisation_id) where tagged_at is null;
      create index vacancies_occupation_idx on vacancies (occupation_id);
      create table vacancy_lsh (
        organisation_id uuid not null,
        band_key text not null,
        vacancy_id uuid not null references vacancies(id) on delete cascade,
        primary key (organisation_id, band_key, vacancy_id)
      );
      create index vacancy_lsh_vacancy_idx on vacancy_lsh (vacancy_id);
      create table vacancy_sightings (
        id uuid primary key default gen_random_uuid(),
        vacancy_id uuid not null references vacancies(id) on delete cascade,
        source_id uuid not null references vacancy_sources(id) on delete cascade,
        url text not null,
        external_id text,
        content_hash text not null,
        match text not null,
        similarity double precision,
        first_seen_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        times_seen integer not null default 1,
        unique (source_id, url)
      );
      create index vacancy_sightings_vacancy_idx on vacancy_sightings (vacancy_id);
      create table vacancy_skills (
        vacancy_id uuid not null references vacancies(id) on delete cascade,
        skill_id uuid not null,
        esco_uri text,
        label text not null,
        score double precision not null,
        spans jsonb not null default '[]',
        primary key (vacancy_id, skill_id)
      );
      create index vacancy_skills_skill_idx on vacancy_skills (skill_id);
      `,
    );
  },
};

/** Insight's rollups (src/insight) read one organisation's month at a time: by the day a vacancy counts on. */
const postedIndex: Migration = {
  async up(db: Kysely<any>) {
    await sql`create index vacancies_org_posted_idx on vacancies (organisation_id, (coalesce(date_posted, first_seen_at)))`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`drop index if exists vacancies_org_posted_idx`.execute(db);
  },
};

/** Migrations of the labour-market module (range 50); part B (extraction/) brings its own. */
export const labourMarketMigrations: Record<string, Migration> = {
  '50-labour-market-001-sources': sources,
  '50-labour-market-002-vacancies': vacancies,
  '50-labour-market-003-posted-index': postedIndex,
};
