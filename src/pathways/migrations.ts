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

/** Migrations of the pathways module (range 60). */
export const pathwayMigrations: Record<string, Migration> = {
  '60-pathways-001-pathways': pathways,
};
