import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The extensions every module's search uses and the mail outbox. Databases made before accounts
 * became a module got both from '00-platform-001-foundation' (now the accounts module's), so this
 * migration creates only what is missing.
 */
const extensionsAndOutbox: Migration = {
  async up(db: Kysely<any>) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create extension if not exists unaccent`.execute(db);
    await db.schema
      .createTable('mail_outbox')
      .ifNotExists()
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('to_address', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('text_body', 'text', (c) => c.notNull())
      .addColumn('html_body', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
};

export const platformMigrations: Record<string, Migration> = {
  '00-platform-002-extensions-and-outbox': extensionsAndOutbox,
};
