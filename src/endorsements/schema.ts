import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type SubjectKind = 'achievement' | 'issuer' | 'credential';
export type EndorsementState = 'active' | 'revoked';

/**
 * An organisation or a person vouching for an achievement, an issuer or one credential: the signed
 * OB 3.0 EndorsementCredential (with a place in the endorser's revocation list) and what pages show of it.
 */
export interface EndorsementsTable {
  id: Generated<string>;
  /** The endorsing organisation; null for an endorsement by a person. */
  organisation_id: string | null;
  /** The endorsing person (the account), signing with their own did:key; null for an organisation's. */
  person_id: string | null;
  /** A person's name as the signed credential's issuer Profile has it; null for an organisation's. */
  endorser_name: string | null;
  subject_kind: SubjectKind;
  /** The achievement's id, the organisation's id, or the credential's id (credentials module). */
  subject_id: string;
  /** What `credentialSubject.id` says: the achievement's OB 3.0 id, the issuer's DID, the credential's URL. */
  subject_uri: string;
  /** The subject's name when endorsed, for lists. */
  subject_name: string;
  comment: string;
  document: JSONColumnType<Record<string, unknown>>;
  status_index: number;
  state: EndorsementState;
  revoked_reason: string | null;
  revoked_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
}

/** The network's settings for endorsements, one row (`id = 'network'`), set by the operator. */
export interface EndorsementSettingsTable {
  id: 'network';
  /** Whether a person (signed in, confirmed address) may endorse as themselves. Off by default. */
  people_may_endorse: boolean;
  updated_by: string | null;
  updated_at: Timestamp;
}

declare module '../platform/db/schema.ts' {
  interface Database {
    endorsements: EndorsementsTable;
    endorsement_settings: EndorsementSettingsTable;
  }
}

/** The tables of the endorsements module; no other module names them in its SQL (test/boundaries.test.ts). */
export const tables = ['endorsements', 'endorsement_settings'] as const;
