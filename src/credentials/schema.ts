import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Proof formats an achievement's credentials are signed with. */
export type ProofFormat = 'eddsa-rdfc-2022' | 'vc-jwt';
/** A status list's purpose; 'message' is the state list of suspendable badges (decision 012). */
export type StatusPurpose = 'revocation' | 'suspension' | 'message';
export type CredentialState = 'active' | 'revoked' | 'suspended';

/** An organisation as an Open Badges issuer: its colours, and the counter for status list indexes. */
export interface IssuerProfilesTable {
  organisation_id: string;
  /** Main and accent colours of generated badge images (#rrggbb). */
  primary_colour: string;
  accent_colour: string;
  /** Whether the organisation's Profile also lists its did:key (from the active Ed25519 key). */
  did_key: Generated<boolean>;
  /** Next free position in the organisation's status lists (one position per credential, shared by both purposes). */
  next_status_index: Generated<number>;
  created_at: Generated<Timestamp>;
}

/**
 * Signing keys of an organisation. The private key is encrypted with AES-256-GCM under a key derived
 * (HKDF) from the instance secret, with a random nonce per row; it never leaves the server. Retired
 * keys stay, so credentials signed with them keep verifying (they stay in the DID document).
 */
export interface IssuerKeysTable {
  id: Generated<string>;
  organisation_id: string;
  /** 'Ed25519' (Data Integrity, EdDSA JWT) or 'RSA' (RS256 VC-JWT). */
  algorithm: 'Ed25519' | 'RSA';
  /** Fragment of the verification method in the DID document, e.g. "key-1". */
  fragment: string;
  /** Ed25519: the Multikey publicKeyMultibase; RSA: null. */
  public_key_multibase: string | null;
  public_jwk: JSONColumnType<Record<string, unknown>>;
  /** `v1.<nonce>.<ciphertext>.<tag>` (base64url). */
  private_key_encrypted: string;
  status: 'active' | 'retired';
  created_at: Generated<Timestamp>;
  retired_at: Timestamp | null;
}

/** Uploaded or generated badge images, immutable: a new image is a new row, so old versions keep theirs. */
export interface AchievementImagesTable {
  id: Generated<string>;
  organisation_id: string;
  mime: 'image/png' | 'image/svg+xml';
  /** base64 of the file. */
  data: string;
  generated: boolean;
  /** The designer's settings the image was drawn from (credentials/design); null for uploads. */
  design: JSONColumnType<Record<string, string>> | null;
  created_at: Generated<Timestamp>;
}

export interface AlignmentRecord {
  skillId: string;
  targetUrl: string;
  targetName: string;
  targetDescription?: string;
  targetFramework?: string;
  targetCode?: string;
  targetType: 'ceasn:Competency';
}

export interface ResultDescriptionRecord {
  /** Short stable key within the achievement (the id is `<achievement uri>#result-<key>`). */
  key: string;
  name: string;
  resultType: string;
  allowedValue?: string[];
}

export interface AchievementsTable {
  id: Generated<string>;
  organisation_id: string;
  /** Current version; every change makes a new version in achievement_versions. */
  version: number;
  name: string;
  description: string;
  criteria_narrative: string | null;
  criteria_url: string | null;
  achievement_type: string;
  image_id: string | null;
  alignments: JSONColumnType<AlignmentRecord[]>;
  result_descriptions: JSONColumnType<ResultDescriptionRecord[]>;
  tags: JSONColumnType<string[]>;
  language: string;
  proof_format: ProofFormat;
  /** Whether its credentials can be suspended: their one status entry is in the state list (decision 012). */
  suspendable: Generated<boolean>;
  /** Months a credential stays valid; null: no validUntil. */
  valid_months: number | null;
  archived_at: Timestamp | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

/** The OB 3.0 Achievement object as it was at each version; a credential keeps the version it was issued under. */
export interface AchievementVersionsTable {
  achievement_id: string;
  version: number;
  snapshot: JSONColumnType<Record<string, unknown>>;
  created_at: Generated<Timestamp>;
}

export interface IssuedCredentialsTable {
  id: Generated<string>;
  organisation_id: string;
  achievement_id: string;
  achievement_version: number;
  /** Normalised email of the recipient (the issuer knows it; the credential only holds its salted hash). */
  recipient_email: string | null;
  recipient_did: string | null;
  recipient_name: string | null;
  proof_format: ProofFormat;
  /** The signed credential (Data Integrity) or the credential the JWT carries (VC-JWT). */
  document: JSONColumnType<Record<string, unknown>>;
  jwt: string | null;
  status_index: number;
  state: CredentialState;
  state_reason: string | null;
  state_changed_at: Timestamp | null;
  awarded_at: Timestamp;
  valid_from: Timestamp;
  valid_until: Timestamp | null;
  /** Makes issuing idempotent: a bulk row (`bulk:<id>:<line>`), a claim (`claim:<id>:<email>`). */
  idempotency_key: string | null;
  claim_code_id: string | null;
  bulk_issue_id: string | null;
  mailed_at: Timestamp | null;
  issued_by: string | null;
  created_at: Generated<Timestamp>;
}

/** One Bitstring Status List per organisation and purpose; `bits` is the raw list, base64. */
export interface StatusListsTable {
  organisation_id: string;
  purpose: StatusPurpose;
  /** How many credentials the list has room for (the state list has two bits each, and twice the entries). */
  length: number;
  bits: string;
  /** The signed BitstringStatusListCredential, re-signed on every change. */
  credential: JSONColumnType<Record<string, unknown>>;
  updated_at: Generated<Timestamp>;
}

export interface BulkIssuesTable {
  id: Generated<string>;
  organisation_id: string;
  achievement_id: string;
  csv: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  issued: number;
  failed: number;
  error: string | null;
  /** The proof format chosen for this job (null: each achievement's default). */
  proof_format: ProofFormat | null;
  /** Why the job stopped, as an error code and its parameters (shown in the reader's language). */
  error_code: string | null;
  error_params: JSONColumnType<Record<string, string | number>> | null;
  /** Attempts that ended in an error of the job's own (crashes of the process are not counted). */
  failures: Generated<number>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
}

export interface BulkIssueRowsTable {
  bulk_issue_id: string;
  /** Line number in the CSV file (the header is line 1). */
  line: number;
  email: string;
  name: string | null;
  data: JSONColumnType<Record<string, string>>;
  status: 'pending' | 'issued' | 'failed';
  error: string | null;
  /** Why the row was not issued: an error code and its parameters. */
  error_code: string | null;
  error_params: JSONColumnType<Record<string, string | number>> | null;
  credential_id: string | null;
}

export interface ClaimCodesTable {
  id: Generated<string>;
  organisation_id: string;
  achievement_id: string;
  code: string;
  label: string;
  max_claims: number | null;
  claimed: Generated<number>;
  closes_at: Timestamp | null;
  /** The proof format of what the code issues (null: the achievement's default). */
  proof_format: ProofFormat | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
}

/** A claim waiting for the owner of the address to follow the link mailed to it. */
export interface ClaimRequestsTable {
  id: Generated<string>;
  claim_code_id: string;
  email: string;
  name: string | null;
  /** sha256 of the single-use token in the link; the token itself is never stored. */
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  credential_id: string | null;
  created_at: Generated<Timestamp>;
}

declare module '../platform/db/schema.ts' {
  interface Database {
    issuer_profiles: IssuerProfilesTable;
    issuer_keys: IssuerKeysTable;
    achievement_images: AchievementImagesTable;
    achievements: AchievementsTable;
    achievement_versions: AchievementVersionsTable;
    issued_credentials: IssuedCredentialsTable;
    status_lists: StatusListsTable;
    bulk_issues: BulkIssuesTable;
    bulk_issue_rows: BulkIssueRowsTable;
    claim_codes: ClaimCodesTable;
    claim_requests: ClaimRequestsTable;
    person_signers: PersonSignersTable;
  }
}

/**
 * A person as a signer of their own credentials (endorsements by a person): their Ed25519 key,
 * identified by its did:key and encrypted like an organisation's, and their revocation list. After
 * they leave, the private key is gone (null) and `user_id` is null; the list stays served.
 */
export interface PersonSignersTable {
  /** Random; names the list's URL (`/people/<id>/status/revocation`), not the account. */
  id: string;
  user_id: string | null;
  /** did:key:z6Mk… of the key. */
  did: string;
  public_key_multibase: string;
  /** `v1.<nonce>.<ciphertext>.<tag>` (base64url), bound to the row; null once destroyed. */
  private_key_encrypted: string | null;
  next_status_index: Generated<number>;
  length: number;
  bits: string;
  /** The signed BitstringStatusListCredential (revocation), re-signed on every change. */
  credential: JSONColumnType<Record<string, unknown>>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

/** The tables of the credentials module; no other module names them in its SQL (test/boundaries.test.ts). */
export const tables = [
  'issuer_profiles',
  'issuer_keys',
  'achievement_images',
  'achievements',
  'achievement_versions',
  'issued_credentials',
  'status_lists',
  'bulk_issues',
  'bulk_issue_rows',
  'claim_codes',
  'claim_requests',
  'person_signers',
] as const;
