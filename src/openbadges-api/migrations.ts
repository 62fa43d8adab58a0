import { type Kysely, type Migration, sql } from 'kysely';

/** The OAuth 2.0 server's records (clients, grants, tokens, interactions, sessions). */
const oauthModels: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('oauth_models')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('payload', 'jsonb', (c) => c.notNull())
      .addColumn('grant_id', 'text')
      .addColumn('uid', 'text')
      .addColumn('user_code', 'text')
      .addColumn('account_id', 'text')
      .addColumn('client_id', 'text')
      .addColumn('expires_at', 'timestamptz')
      .addColumn('consumed_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('oauth_models_pkey', ['kind', 'id'])
      .execute();
    await db.schema.createIndex('oauth_models_grant').on('oauth_models').column('grant_id').where('grant_id', 'is not', null).execute();
    await db.schema.createIndex('oauth_models_uid').on('oauth_models').columns(['kind', 'uid']).where('uid', 'is not', null).execute();
    await db.schema
      .createIndex('oauth_models_user_code')
      .on('oauth_models')
      .columns(['kind', 'user_code'])
      .where('user_code', 'is not', null)
      .execute();
    await db.schema
      .createIndex('oauth_models_account')
      .on('oauth_models')
      .columns(['account_id', 'kind'])
      .where('account_id', 'is not', null)
      .execute();
    await db.schema
      .createIndex('oauth_models_expires')
      .on('oauth_models')
      .column('expires_at')
      .where('expires_at', 'is not', null)
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('oauth_models').execute();
  },
};

/**
 * Registered apps expire when unused (oauth/adapter.ts, UNUSED_CLIENT_TTL_S): the ones registered
 * before last 30 days from now, or as long as an approval, code or token given to them.
 */
const clientExpiry: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      update oauth_models c set expires_at = greatest(
        now() + interval '30 days',
        (select max(g.expires_at) from oauth_models g where g.client_id = c.id and g.kind <> 'Client')
      )
      where c.kind = 'Client' and c.expires_at is null`.execute(db);
  },
};

/** Migrations of the Open Badges 3.0 API module (35: the backpack's range, after its own). */
export const openBadgesApiMigrations: Record<string, Migration> = {
  '35-openbadges-api-001-oauth-models': oauthModels,
  '35-openbadges-api-002-client-expiry': clientExpiry,
};
