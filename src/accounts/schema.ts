import type { ColumnType, Generated } from 'kysely';

/** A timestamp column; optional on insert (the database fills in defaults). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type OrgRole = 'owner' | 'admin' | 'issuer' | 'facilitator' | 'analyst' | 'member';
export const ORG_ROLES: readonly OrgRole[] = ['owner', 'admin', 'issuer', 'facilitator', 'analyst', 'member'];

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  email_confirmed_at: Timestamp | null;
  /** The network operator stands above all organisations. */
  is_operator: Generated<boolean>;
  locale: string | null;
  is_demo: Generated<boolean>;
  created_at: Timestamp;
}

export interface SessionsTable {
  /** sha256 of the cookie value: a leaked table does not give sessions away. */
  id_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  /** First characters of the token, to recognise it in a list. */
  prefix: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
}

/** Single-use links mailed to people: email confirmation and password reset. */
export interface EmailTokensTable {
  token_hash: string;
  user_id: string;
  purpose: 'confirm' | 'reset';
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface OrganisationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  kind: string;
  description: string;
  website: string | null;
  is_demo: Generated<boolean>;
  created_at: Timestamp;
}

export interface MembershipsTable {
  organisation_id: string;
  user_id: string;
  role: OrgRole;
  created_at: Timestamp;
}

export interface InvitationsTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  role: OrgRole;
  token_hash: string;
  invited_by: string;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  created_at: Timestamp;
}

/** One attempt on an account (failed sign-in, reset or confirmation request), by address; see attempts.ts. */
export interface SignInAttemptsTable {
  id: Generated<string>;
  /** The normalised address tried, whether or not it has an account. */
  email: string;
  /** The client a failed sign-in came from (its IP address; IPv6 by its /64, attempts.ts clientKey); null for attempts that send mail. */
  client_address: string | null;
  created_at: Timestamp;
}

/** An extra email address of an account (src/accounts/addresses.ts); counts once confirmed. */
export interface EmailAddressesTable {
  id: Generated<string>;
  user_id: string;
  /** Normalised (trimmed, lower case). */
  email: string;
  confirmed_at: Timestamp | null;
  /** sha256 of the confirmation link's token; null once confirmed. */
  token_hash: string | null;
  token_expires_at: Timestamp | null;
  created_at: Timestamp;
}

/** The tables of the accounts module; no other module names them in its SQL (test/boundaries.test.ts). */
export const tables = [
  'users',
  'sessions',
  'api_tokens',
  'email_tokens',
  'organisations',
  'memberships',
  'invitations',
  'sign_in_attempts',
  'email_addresses',
] as const;

declare module '../platform/db/schema.ts' {
  interface Database {
    users: UsersTable;
    sessions: SessionsTable;
    api_tokens: ApiTokensTable;
    email_tokens: EmailTokensTable;
    organisations: OrganisationsTable;
    memberships: MembershipsTable;
    invitations: InvitationsTable;
    sign_in_attempts: SignInAttemptsTable;
    email_addresses: EmailAddressesTable;
  }
}
