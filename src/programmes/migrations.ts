import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../platform/db/statements.ts';

/** Programmes, modules with rubrics, assignments, cohorts, enrolments, rounds of work with submissions and reviews. */
const programmes: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create table programmes (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null,
        name text not null,
        description text not null default '',
        enrolment text not null default 'application',
        language text not null default 'en',
        status text not null default 'draft',
        certificate_achievement_id uuid not null,
        pathway_id uuid,
        version integer not null default 1,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index programmes_organisation_idx on programmes (organisation_id);
      create table programme_modules (
        id uuid primary key default gen_random_uuid(),
        programme_id uuid not null references programmes (id) on delete cascade,
        position integer not null,
        name text not null,
        description text not null default '',
        achievement_id uuid not null,
        rubric jsonb not null,
        second_assessment boolean not null default false,
        valid_months integer,
        renewal text not null default 'assessment',
        created_at timestamptz not null default now()
      );
      create index programme_modules_programme_idx on programme_modules (programme_id, position);
      create table programme_assignments (
        id uuid primary key default gen_random_uuid(),
        module_id uuid not null references programme_modules (id) on delete cascade,
        position integer not null,
        title text not null,
        instructions text not null default '',
        evidence jsonb not null,
        created_at timestamptz not null default now()
      );
      create index programme_assignments_module_idx on programme_assignments (module_id, position);
      create table programme_cohorts (
        id uuid primary key default gen_random_uuid(),
        programme_id uuid not null references programmes (id) on delete cascade,
        name text not null,
        starts_on text not null,
        ends_on text not null,
        capacity integer not null,
        enrolment_open boolean not null default true,
        created_at timestamptz not null default now()
      );
      create index programme_cohorts_programme_idx on programme_cohorts (programme_id, starts_on);
      create table programme_cohort_assessors (
        cohort_id uuid not null references programme_cohorts (id) on delete cascade,
        user_id uuid not null,
        added_by uuid,
        added_at timestamptz not null default now(),
        primary key (cohort_id, user_id)
      );
      create index programme_cohort_assessors_user_idx on programme_cohort_assessors (user_id);
      create table programme_enrolments (
        id uuid primary key default gen_random_uuid(),
        cohort_id uuid not null references programme_cohorts (id) on delete cascade,
        programme_id uuid not null references programmes (id) on delete cascade,
        user_id uuid not null,
        state text not null,
        motivation text not null default '',
        decided_by uuid,
        decided_at timestamptz,
        created_at timestamptz not null default now(),
        unique (cohort_id, user_id)
      );
      create index programme_enrolments_user_idx on programme_enrolments (user_id);
      create unique index programme_enrolments_one_active on programme_enrolments (programme_id, user_id)
        where state in ('applied', 'enrolled');
      create table programme_rounds (
        id uuid primary key default gen_random_uuid(),
        enrolment_id uuid not null references programme_enrolments (id) on delete cascade,
        module_id uuid not null references programme_modules (id) on delete cascade,
        number integer not null,
        purpose text not null,
        mode text not null,
        state text not null,
        claim_text text not null default '',
        claim_link text,
        levels jsonb,
        decided_by uuid,
        decided_at timestamptz,
        credential_id uuid,
        credential_url text,
        valid_until timestamptz,
        renews_round_id uuid,
        evidence_token text not null unique,
        created_at timestamptz not null default now(),
        unique (enrolment_id, module_id, number)
      );
      create index programme_rounds_state_idx on programme_rounds (state);
      create index programme_rounds_expiry_idx on programme_rounds (valid_until) where credential_id is not null;
      create table programme_submissions (
        id uuid primary key default gen_random_uuid(),
        round_id uuid not null references programme_rounds (id) on delete cascade,
        assignment_id uuid not null references programme_assignments (id) on delete cascade,
        text text not null default '',
        link text,
        file_name text,
        file_mime text,
        file_size integer,
        file_data bytea,
        submitted_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (round_id, assignment_id)
      );
      create table programme_reviews (
        id uuid primary key default gen_random_uuid(),
        round_id uuid not null references programme_rounds (id) on delete cascade,
        assessor_id uuid not null,
        role text not null,
        levels jsonb not null,
        comment text not null default '',
        moderation_requested boolean not null default false,
        created_at timestamptz not null default now(),
        unique (round_id, assessor_id)
      );
      create unique index programme_reviews_one_per_role on programme_reviews (round_id, role);
      create table programme_playbook_pages (
        id uuid primary key default gen_random_uuid(),
        programme_id uuid not null references programmes (id) on delete cascade,
        title text not null,
        body text not null,
        version integer not null default 1,
        updated_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index programme_playbook_pages_programme_idx on programme_playbook_pages (programme_id);
      create table programme_playbook_versions (
        page_id uuid not null references programme_playbook_pages (id) on delete cascade,
        version integer not null,
        title text not null,
        body text not null,
        edited_by uuid,
        created_at timestamptz not null default now(),
        primary key (page_id, version)
      );
      create table programme_accreditations (
        id uuid primary key default gen_random_uuid(),
        subject_kind text not null,
        programme_id uuid references programmes (id) on delete cascade,
        organisation_id uuid not null,
        accreditor_id uuid not null,
        endorsement_id uuid not null unique,
        created_by uuid,
        created_at timestamptz not null default now()
      );
      create index programme_accreditations_programme_idx on programme_accreditations (programme_id);
      create index programme_accreditations_organisation_idx on programme_accreditations (organisation_id);
      create table programme_reminders (
        credential_id uuid not null,
        valid_until timestamptz not null,
        round_id uuid not null references programme_rounds (id) on delete cascade,
        claimed_at timestamptz not null default now(),
        sent_at timestamptz,
        primary key (credential_id, valid_until)
      );
    `,
    );
  },
  async down(db: Kysely<any>) {
    for (const table of [
      'programme_reminders',
      'programme_accreditations',
      'programme_playbook_versions',
      'programme_playbook_pages',
      'programme_reviews',
      'programme_submissions',
      'programme_rounds',
      'programme_enrolments',
      'programme_cohort_assessors',
      'programme_cohorts',
      'programme_assignments',
      'programme_modules',
      'programmes',
    ])
      await db.schema.dropTable(table).ifExists().execute();
  },
};

/** Migrations of the programmes module (range 62). */
export const programmeMigrations: Record<string, Migration> = {
  '62-programmes-001-programmes': programmes,
};
