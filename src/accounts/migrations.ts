import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The accounts tables. The migration keeps the name it had when accounts lived in the platform, so
 * databases that applied it upgrade without change (docs/decisions/008). Until then it also made
 * the extensions and the mail outbox, which the platform's own migration now makes when missing.
 */
const foundation: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('email_confirmed_at', 'timestamptz')
      .addColumn('is_operator', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('locale', 'text')
      .addColumn('is_demo', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await sql`create unique index users_email_key on users (lower(email))`.execute(db);
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('last_used_at', 'timestamptz')
      .execute();
    await db.schema
      .createTable('email_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('used_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createTable('organisations')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('other'))
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('website', 'text')
      .addColumn('is_demo', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createTable('memberships')
      .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('memberships_pkey', ['organisation_id', 'user_id'])
      .execute();
    await db.schema.createIndex('memberships_user_idx').on('memberships').column('user_id').execute();
    await db.schema
      .createTable('invitations')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('invited_by', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('accepted_at', 'timestamptz')
      .addColumn('accepted_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
};

/** Attempts on an account from any client address, shared by every node (src/accounts/attempts.ts). */
const signInAttempts: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sign_in_attempts')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('sign_in_attempts_email_idx').on('sign_in_attempts').columns(['email', 'created_at']).execute();
  },
};

/**
 * Failed sign-ins also counted per client address (any account, known or not), in the same table so
 * every node sees the same count (src/accounts/attempts.ts).
 */
const attemptsByAddress: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('sign_in_attempts').addColumn('client_address', 'text').execute();
    await db.schema.createIndex('sign_in_attempts_client_idx').on('sign_in_attempts').columns(['client_address', 'created_at']).execute();
  },
};

/** Extra email addresses of an account, each confirmed by a mailed link (src/accounts/addresses.ts). */
const emailAddresses: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('email_addresses')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('confirmed_at', 'timestamptz')
      .addColumn('token_hash', 'text')
      .addColumn('token_expires_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addUniqueConstraint('email_addresses_user_email_key', ['user_id', 'email'])
      .execute();
    // One account per confirmed address.
    await sql`create unique index email_addresses_confirmed_key on email_addresses (email) where confirmed_at is not null`.execute(db);
    await sql`create unique index email_addresses_token_key on email_addresses (token_hash) where token_hash is not null`.execute(db);
  },
};

/**
 * An organisation's name shows on the public pages of its credentials and endorsements, which are
 * kept rendered while `public_pages_version` stands (issue 13, platform/http/page-cache.ts).
 */
const publicPagesVersion: Migration = {
  async up(db: Kysely<any>) {
    await sql`create trigger organisations_public_pages after update or delete on organisations for each statement execute function public_pages_changed()`.execute(
      db,
    );
  },
};

export const accountsMigrations: Record<string, Migration> = {
  '00-platform-001-foundation': foundation,
  '05-accounts-002-sign-in-attempts': signInAttempts,
  '05-accounts-003-email-addresses': emailAddresses,
  '05-accounts-004-attempts-by-address': attemptsByAddress,
  '05-accounts-005-public-pages-version': publicPagesVersion,
};
