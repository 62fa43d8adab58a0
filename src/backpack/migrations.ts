import { type Kysely, type Migration, sql } from 'kysely';

/** Badges in a person's backpack: issued in the network (a pointer) or imported (the credential and its verdict). */
const items: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('backpack_items')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('user_id', 'uuid', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('credential_id', 'uuid')
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
      .addColumn('seen_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('document', 'jsonb')
      .addColumn('jwt', 'text')
      .addColumn('original', 'text')
      .addColumn('original_type', 'text')
      .addColumn('source_url', 'text')
      .addColumn('content_hash', 'text')
      .addColumn('format', 'text')
      .addColumn('name', 'text')
      .addColumn('description', 'text')
      .addColumn('issuer_name', 'text')
      .addColumn('image', 'text')
      .addColumn('awarded_at', 'timestamptz')
      .addColumn('valid_until', 'timestamptz')
      .addColumn('recipient_email', 'text')
      .addColumn('skills', 'jsonb')
      .addColumn('verdict', 'jsonb')
      .addColumn('valid', 'boolean')
      .addColumn('verified_at', 'timestamptz')
      .execute();
    await sql`create unique index backpack_items_credential_key on backpack_items (user_id, credential_id) where credential_id is not null`.execute(
      db,
    );
    await sql`create unique index backpack_items_content_key on backpack_items (user_id, content_hash) where content_hash is not null`.execute(
      db,
    );
    await sql`create index backpack_items_imported_idx on backpack_items (verified_at) where source = 'imported'`.execute(db);
  },
};

/** Collections of badges (ordered, public or private). */
const collections: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('backpack_collections')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('user_id', 'uuid', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('is_public', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('backpack_collections_user_idx').on('backpack_collections').columns(['user_id', 'position']).execute();
    await db.schema
      .createTable('backpack_collection_items')
      .addColumn('collection_id', 'uuid', (c) => c.notNull().references('backpack_collections.id').onDelete('cascade'))
      .addColumn('item_id', 'uuid', (c) => c.notNull().references('backpack_items.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('backpack_collection_items_pkey', ['collection_id', 'item_id'])
      .execute();
    await db.schema.createIndex('backpack_collection_items_item_idx').on('backpack_collection_items').column('item_id').execute();
  },
};

/** Public profiles (opt-in) and the opt-in to be findable by verified skills. */
const profiles: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('backpack_profiles')
      .addColumn('user_id', 'uuid', (c) => c.primaryKey())
      .addColumn('handle', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('published', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('show_skills', 'boolean', (c) => c.notNull().defaultTo(true))
      .addColumn('findable', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('published_at', 'timestamptz')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
};

/** Downloads of a person's data, built by a job with progress. */
const exports: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('backpack_exports')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('user_id', 'uuid', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('file', 'bytea')
      .addColumn('size', 'integer')
      .addColumn('error_code', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('finished_at', 'timestamptz')
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('backpack_exports_user_idx').on('backpack_exports').columns(['user_id', 'created_at']).execute();
  },
};

/**
 * Every list of a person's badges reads their rows by person: without this index (the unique ones
 * are partial) that was a scan of every person's badges. Issued badges now keep a summary of their
 * credential in the columns imported ones use, so lists and pages need no credential documents.
 */
const byPerson: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('backpack_items_user_idx').on('backpack_items').columns(['user_id', 'state']).execute();
  },
};

/**
 * The public profile is kept in memory between views (src/backpack/profile.ts) and must be read
 * again when anything it shows changes. `holdings_version` counts the changes to the person's
 * badges, collections and their items: triggers (one per statement, whatever code writes) add one,
 * so no write can forget to.
 */
const holdingsVersion: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table backpack_profiles add column holdings_version integer not null default 0`.execute(db);
    await sql`
      create function backpack_holdings_changed() returns trigger language plpgsql as $$
      begin
        update backpack_profiles set holdings_version = holdings_version + 1
        where user_id in (select distinct changed.user_id from changed);
        return null;
      end $$`.execute(db);
    await sql`
      create function backpack_collection_items_changed() returns trigger language plpgsql as $$
      begin
        update backpack_profiles set holdings_version = holdings_version + 1
        where user_id in (select c.user_id from backpack_collections c where c.id in (select changed.collection_id from changed));
        return null;
      end $$`.execute(db);
    for (const [table, fn] of [
      ['backpack_items', 'backpack_holdings_changed'],
      ['backpack_collections', 'backpack_holdings_changed'],
      ['backpack_collection_items', 'backpack_collection_items_changed'],
    ]) {
      for (const [event, rows] of [
        ['insert', 'new'],
        ['update', 'new'],
        ['delete', 'old'],
      ])
        await sql
          .raw(
            `create trigger ${table}_${event}_holdings after ${event} on ${table} referencing ${rows} table as changed for each statement execute function ${fn}()`,
          )
          .execute(db);
    }
  },
};

/**
 * Pages of a person's badges are newest first (`coalesce(awarded_at, created_at) desc, id`): with
 * this index a page of a thousand badges is read in order and stops at its end, instead of every
 * row read and sorted.
 */
const newestFirst: Migration = {
  async up(db: Kysely<any>) {
    await sql`create index backpack_items_user_newest_idx on backpack_items (user_id, (coalesce(awarded_at, created_at)) desc, id)`.execute(
      db,
    );
  },
};

export const backpackMigrations: Record<string, Migration> = {
  '30-backpack-001-items': items,
  '30-backpack-002-collections': collections,
  '30-backpack-003-profiles': profiles,
  '30-backpack-004-exports': exports,
  '30-backpack-005-items-by-person': byPerson,
  '30-backpack-006-holdings-version': holdingsVersion,
  '30-backpack-007-items-newest-first': newestFirst,
};
