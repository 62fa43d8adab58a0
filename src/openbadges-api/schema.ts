import type { ColumnType, JSONColumnType } from 'kysely';

/** Filled in by the database on insert. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/**
 * What the OAuth 2.0 server (oidc-provider) keeps, one row per stored model: registered clients,
 * grants (a person's approval of an app), authorization codes, access and refresh tokens,
 * interactions and sessions. `payload` is the library's own record; the columns beside it are
 * copied out of it so that a grant's tokens, a person's approvals and a session's uid are found by
 * index (src/openbadges-api/oauth/adapter.ts).
 */
export interface OauthModelsTable {
  /** The oidc-provider model: Client, Grant, AccessToken, RefreshToken, AuthorizationCode, Session, Interaction, … */
  kind: string;
  id: string;
  payload: JSONColumnType<Record<string, unknown>>;
  grant_id: string | null;
  /** A Session's uid. */
  uid: string | null;
  user_code: string | null;
  /** The person (users.id) the record is about, when it is about one. */
  account_id: string | null;
  client_id: string | null;
  /** Null: kept until removed (clients). */
  expires_at: Timestamp | null;
  consumed_at: Timestamp | null;
  created_at: CreatedAt;
}

declare module '../platform/db/schema.ts' {
  interface Database {
    oauth_models: OauthModelsTable;
  }
}

/** The tables of the openbadges-api module; no other module names them in its SQL (test/boundaries.test.ts). */
export const tables = ['oauth_models'] as const;
