import { type Kysely, type Migration, sql } from 'kysely';
import { runStatements } from '../platform/db/statements.ts';

/** Endorsements: the signed credential and what lists show; one in force per endorser and subject. */
const endorsements: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('endorsements')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('organisation_id', 'uuid', (c) => c.notNull())
      .addColumn('subject_kind', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'uuid', (c) => c.notNull())
      .addColumn('subject_uri', 'text', (c) => c.notNull())
      .addColumn('subject_name', 'text', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('document', 'jsonb', (c) => c.notNull())
      .addColumn('status_index', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('revoked_reason', 'text')
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('created_by', 'uuid')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await sql`create index endorsements_subject_idx on endorsements (subject_kind, subject_id)`.execute(db);
    await sql`create index endorsements_organisation_idx on endorsements (organisation_id)`.execute(db);
    await sql`create unique index endorsements_active_key on endorsements (organisation_id, subject_kind, subject_id) where state = 'active'`.execute(
      db,
    );
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('endorsements').execute();
  },
};

/**
 * Endorsements by a person (where the network allows): the endorser is an organisation or a person
 * (exactly one), the person's name as signed; one in force per person and subject. The network
 * setting that allows them, off until the operator turns it on.
 */
const people: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      alter table endorsements alter column organisation_id drop not null;
      alter table endorsements add column person_id uuid;
      alter table endorsements add column endorser_name text;
      alter table endorsements add constraint endorsements_one_endorser check ((organisation_id is null) <> (person_id is null));
      create index endorsements_person_idx on endorsements (person_id) where person_id is not null;
      create unique index endorsements_person_active_key on endorsements (person_id, subject_kind, subject_id) where state = 'active' and person_id is not null;
      create table endorsement_settings (
        id text primary key check (id = 'network'),
        people_may_endorse boolean not null default false,
        updated_by uuid,
        updated_at timestamptz not null default now()
      )
    `,
    );
  },
  async down(db: Kysely<any>) {
    await runStatements(
      db,
      `
      drop table endorsement_settings;
      delete from endorsements where person_id is not null;
      drop index endorsements_person_active_key;
      drop index endorsements_person_idx;
      alter table endorsements drop constraint endorsements_one_endorser;
      alter table endorsements drop column endorser_name;
      alter table endorsements drop column person_id;
      alter table endorsements alter column organisation_id set not null
    `,
    );
  },
};

/**
 * Endorsements show on the public pages of what they endorse, which are kept rendered while
 * `public_pages_version` stands (issue 13, platform/http/page-cache.ts): any change raises it.
 */
const publicPagesVersion: Migration = {
  async up(db: Kysely<any>) {
    await sql`create trigger endorsements_public_pages after insert or update or delete on endorsements for each statement execute function public_pages_changed()`.execute(
      db,
    );
  },
};

/** Migrations of the endorsements module (range 61). */
export const endorsementMigrations: Record<string, Migration> = {
  '61-endorsements-001-endorsements': endorsements,
  '61-endorsements-002-people': people,
  '61-endorsements-003-public-pages-version': publicPagesVersion,
};
