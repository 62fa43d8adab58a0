import { type Kysely, type Migration, sql } from 'kysely';

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

/** Migrations of the endorsements module (range 61). */
export const endorsementMigrations: Record<string, Migration> = {
  '61-endorsements-001-endorsements': endorsements,
};
