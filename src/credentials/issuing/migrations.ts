import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../../platform/db/statements.ts';

const issuing: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create table issuer_profiles (
        organisation_id uuid primary key references organisations(id) on delete cascade,
        primary_colour text not null default '#1d4ed8',
        accent_colour text not null default '#f59e0b',
        did_key boolean not null default false,
        next_status_index integer not null default 0,
        created_at timestamptz not null default now()
      );
      create table issuer_keys (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id) on delete cascade,
        algorithm text not null check (algorithm in ('Ed25519', 'RSA')),
        fragment text not null,
        public_key_multibase text,
        public_jwk jsonb not null,
        private_key_encrypted text not null,
        status text not null default 'active' check (status in ('active', 'retired')),
        created_at timestamptz not null default now(),
        retired_at timestamptz,
        unique (organisation_id, fragment)
      );
      create unique index issuer_keys_one_active on issuer_keys (organisation_id, algorithm) where status = 'active';
      create table achievement_images (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id) on delete cascade,
        mime text not null,
        data text not null,
        generated boolean not null default false,
        created_at timestamptz not null default now()
      );
      create table achievements (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id) on delete cascade,
        version integer not null default 1,
        name text not null,
        description text not null,
        criteria_narrative text,
        criteria_url text,
        achievement_type text not null default 'Badge',
        image_id uuid references achievement_images(id),
        alignments jsonb not null default '[]',
        result_descriptions jsonb not null default '[]',
        tags jsonb not null default '[]',
        language text not null default 'en',
        proof_format text not null default 'eddsa-rdfc-2022' check (proof_format in ('eddsa-rdfc-2022', 'vc-jwt')),
        suspendable boolean not null default false,
        valid_months integer,
        archived_at timestamptz,
        created_by uuid references users(id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index achievements_org_idx on achievements (organisation_id, archived_at);
      create index achievements_alignment_idx on achievements using gin (alignments jsonb_path_ops);
      create table achievement_versions (
        achievement_id uuid not null references achievements(id) on delete cascade,
        version integer not null,
        snapshot jsonb not null,
        created_at timestamptz not null default now(),
        primary key (achievement_id, version)
      );
      create table claim_codes (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id) on delete cascade,
        achievement_id uuid not null references achievements(id) on delete cascade,
        code text not null unique,
        label text not null default '',
        max_claims integer,
        claimed integer not null default 0,
        closes_at timestamptz,
        created_by uuid references users(id) on delete set null,
        created_at timestamptz not null default now()
      );
      create table bulk_issues (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id) on delete cascade,
        achievement_id uuid not null references achievements(id) on delete cascade,
        csv text not null,
        status text not null default 'queued',
        total integer not null default 0,
        done integer not null default 0,
        issued integer not null default 0,
        failed integer not null default 0,
        error text,
        created_by uuid references users(id) on delete set null,
        created_at timestamptz not null default now(),
        finished_at timestamptz
      );
      create table bulk_issue_rows (
        bulk_issue_id uuid not null references bulk_issues(id) on delete cascade,
        line integer not null,
        email text not null,
        name text,
        data jsonb not null default '{}',
        status text not null default 'pending',
        error text,
        credential_id uuid,
        primary key (bulk_issue_id, line)
      );
      create table issued_credentials (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id) on delete cascade,
        achievement_id uuid not null references achievements(id) on delete cascade,
        achievement_version integer not null,
        recipient_email text,
        recipient_did text,
        recipient_name text,
        proof_format text not null,
        document jsonb not null,
        jwt text,
        status_index integer not null,
        state text not null default 'active' check (state in ('active', 'revoked', 'suspended')),
        state_reason text,
        state_changed_at timestamptz,
        awarded_at timestamptz not null,
        valid_from timestamptz not null,
        valid_until timestamptz,
        idempotency_key text unique,
        claim_code_id uuid references claim_codes(id) on delete set null,
        bulk_issue_id uuid references bulk_issues(id) on delete set null,
        mailed_at timestamptz,
        issued_by uuid references users(id) on delete set null,
        created_at timestamptz not null default now(),
        unique (organisation_id, status_index)
      );
      create index issued_credentials_org_idx on issued_credentials (organisation_id, created_at desc);
      create index issued_credentials_achievement_idx on issued_credentials (achievement_id);
      create index issued_credentials_email_idx on issued_credentials (recipient_email);
      create table status_lists (
        organisation_id uuid not null references organisations(id) on delete cascade,
        purpose text not null check (purpose in ('revocation', 'suspension')),
        length integer not null,
        bits text not null,
        credential jsonb not null,
        updated_at timestamptz not null default now(),
        primary key (organisation_id, purpose)
      )
    `,
    );
  },
};

/** Idempotency keys are the caller's: one organisation's key must not find (or block) another's credential. */
const idempotencyPerOrganisation: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      alter table issued_credentials drop constraint issued_credentials_idempotency_key_key;
      alter table issued_credentials add constraint issued_credentials_org_idempotency_key unique (organisation_id, idempotency_key)
    `,
    );
  },
};

/**
 * Issue 7: a proof format chosen per issue (bulk jobs and claim codes keep theirs), bulk problems
 * stored as error codes (shown in the reader's language), a bulk job's own failures counted apart
 * from the crashes it resumes from, and claims confirmed by the owner of the address.
 */
const issue7: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      alter table bulk_issues add column proof_format text check (proof_format in ('eddsa-rdfc-2022', 'vc-jwt'));
      alter table bulk_issues add column error_code text;
      alter table bulk_issues add column error_params jsonb;
      alter table bulk_issues add column failures integer not null default 0;
      alter table bulk_issue_rows add column error_code text;
      alter table bulk_issue_rows add column error_params jsonb;
      alter table claim_codes add column proof_format text check (proof_format in ('eddsa-rdfc-2022', 'vc-jwt'));
      create table claim_requests (
        id uuid primary key default gen_random_uuid(),
        claim_code_id uuid not null references claim_codes(id) on delete cascade,
        email text not null,
        name text,
        token_hash text not null unique,
        expires_at timestamptz not null,
        used_at timestamptz,
        credential_id uuid references issued_credentials(id) on delete set null,
        created_at timestamptz not null default now()
      );
      create index claim_requests_code_idx on claim_requests (claim_code_id, email)
    `,
    );
  },
};

/** The state list of suspendable badges (decision 012): a third status list purpose. */
const stateList: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      alter table status_lists drop constraint status_lists_purpose_check;
      alter table status_lists add constraint status_lists_purpose_check check (purpose in ('revocation', 'suspension', 'message'))
    `,
    );
  },
};

/** People signing as themselves (endorsements by a person): their key and revocation list. */
const personSigners: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create table person_signers (
        id uuid primary key,
        user_id uuid unique references users(id) on delete set null,
        did text not null unique,
        public_key_multibase text not null,
        private_key_encrypted text,
        next_status_index integer not null default 0,
        length integer not null,
        bits text not null,
        credential jsonb not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )
    `,
    );
  },
};

/**
 * Public credential pages are kept rendered while `public_pages_version` stands (issue 13,
 * platform/http/page-cache.ts): these triggers raise it in the same transaction as any change a
 * credential's page shows — its state, dates, document or recipient name, its status lists (the
 * verification's status check), the issuer's keys (the signature check), the did:key choice, people's signers (their endorsements' lists).
 * Issuing a credential (an insert) and mailing it (mailed_at) change no page that exists.
 */
const publicPagesVersion: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      create trigger issued_credentials_public_pages after update of state, state_reason, state_changed_at, valid_from, valid_until, document, jwt, recipient_name, recipient_did on issued_credentials for each statement execute function public_pages_changed();
      create trigger issued_credentials_public_pages_delete after delete on issued_credentials for each statement execute function public_pages_changed();
      create trigger status_lists_public_pages after insert or update or delete on status_lists for each statement execute function public_pages_changed();
      create trigger issuer_keys_public_pages after insert or update or delete on issuer_keys for each statement execute function public_pages_changed();
      create trigger issuer_profiles_public_pages after update of did_key on issuer_profiles for each statement execute function public_pages_changed();
      create trigger issuer_profiles_public_pages_delete after delete on issuer_profiles for each statement execute function public_pages_changed();
      create trigger person_signers_public_pages after update or delete on person_signers for each statement execute function public_pages_changed()
    `,
    );
  },
};

export const issuingMigrations: Record<string, Migration> = {
  '20-credentials-001-issuing': issuing,
  '20-credentials-002-idempotency-per-organisation': idempotencyPerOrganisation,
  '20-credentials-003-bulk-claims-formats': issue7,
  '20-credentials-004-state-list': stateList,
  '20-credentials-005-person-signers': personSigners,
  '20-credentials-006-public-pages-version': publicPagesVersion,
};
