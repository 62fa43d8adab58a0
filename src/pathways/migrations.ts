import { type Kysely, type Migration, sql } from 'kysely';

/** Pathways (steps as JSON) and the pathway badges awarded, once per pathway and person. */
const pathways: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('pathways')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('organisation_id', 'uuid', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('achievement_id', 'uuid', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
      .addColumn('steps', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'uuid')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await sql`create index pathways_organisation_idx on pathways (organisation_id)`.execute(db);
    await sql`create index pathways_status_idx on pathways (status)`.execute(db);
    await db.schema
      .createTable('pathway_awards')
      .addColumn('pathway_id', 'uuid', (c) => c.notNull().references('pathways.id').onDelete('cascade'))
      .addColumn('user_id', 'uuid', (c) => c.notNull())
      .addColumn('credential_id', 'uuid', (c) => c.notNull())
      .addColumn('credential_url', 'text', (c) => c.notNull())
      .addColumn('evidence', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('awarded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('pathway_awards_pkey', ['pathway_id', 'user_id'])
      .execute();
    await sql`create index pathway_awards_user_idx on pathway_awards (user_id)`.execute(db);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('pathway_awards').execute();
    await db.schema.dropTable('pathways').execute();
  },
};

/**
 * Expiry and renewal (issue 11): a pathway badge is awarded once per period. An award row carries
 * its sequence number `n` (1 for the awards made before) and the credential's validUntil; the
 * primary key becomes pathway + person + n.
 */
const renewals: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table pathway_awards add column n integer not null default 1`.execute(db);
    await sql`alter table pathway_awards add column valid_until timestamptz`.execute(db);
    await sql`alter table pathway_awards drop constraint pathway_awards_pkey`.execute(db);
    await sql`alter table pathway_awards add constraint pathway_awards_pkey primary key (pathway_id, user_id, n)`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`delete from pathway_awards where n > 1`.execute(db);
    await sql`alter table pathway_awards drop constraint pathway_awards_pkey`.execute(db);
    await sql`alter table pathway_awards add constraint pathway_awards_pkey primary key (pathway_id, user_id)`.execute(db);
    await sql`alter table pathway_awards drop column valid_until`.execute(db);
    await sql`alter table pathway_awards drop column n`.execute(db);
  },
};

/** Migrations of the pathways module (range 60). */
export const pathwayMigrations: Record<string, Migration> = {
  '60-pathways-001-pathways': pathways,
  '60-pathways-002-renewals': renewals,
};
