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

/**
 * The version of what public pages show (issue 13): one counter that the tables feeding a public
 * page raise through statement triggers (each module adds its own: `after ... execute function
 * public_pages_changed()`), so no write path can forget it. A server that keeps rendered public
 * pages reads it on every request and renders again when it moved — also when another server on
 * the same database made the change (src/platform/http/page-cache.ts).
 */
const publicPagesVersion: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table public_pages_version (id integer primary key check (id = 1), version bigint not null)`.execute(db);
    await sql`insert into public_pages_version (id, version) values (1, 0)`.execute(db);
    await sql`
      create function public_pages_changed() returns trigger language plpgsql as $$
      begin
        update public_pages_version set version = version + 1 where id = 1;
        return null;
      end $$`.execute(db);
  },
};

export const platformMigrations: Record<string, Migration> = {
  '00-platform-002-extensions-and-outbox': extensionsAndOutbox,
  '00-platform-003-public-pages-version': publicPagesVersion,
};
