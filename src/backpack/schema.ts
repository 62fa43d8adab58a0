import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Filled in by the database on insert. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** Where a badge in the backpack came from: issued in this network, or imported by the person. */
export type ItemSource = 'issued' | 'imported';
/** pending: not yet accepted; accepted: part of the skills profile; hidden: kept but not shown; deleted: my copy removed (issued only). */
export type ItemState = 'pending' | 'accepted' | 'hidden' | 'deleted';

/** What the verifier said, kept with an imported badge (the checks in English, with codes for pages). */
export interface StoredVerdict {
  valid: boolean;
  checks: { check: string; status: string; message: string; code?: string; params?: Record<string, string | number> }[];
  format: string;
}

export interface StoredAlignment {
  targetName?: string;
  targetUrl?: string;
  targetCode?: string;
  targetFramework?: string;
}

/**
 * One badge in a person's backpack. Issued badges are rows that point to the credentials module's
 * record (read through its api.ts); imported badges carry the credential itself and its verdict.
 */
export interface BackpackItemsTable {
  id: Generated<string>;
  user_id: string;
  source: ItemSource;
  /** The issued credential (source 'issued'). */
  credential_id: string | null;
  state: Generated<ItemState>;
  /** Null until the person saw it (a new badge is marked until then). */
  seen_at: Timestamp | null;
  created_at: CreatedAt;
  // ----- imported badges -----
  /** The credential (JSON-LD, or the payload of a JWS). */
  document: JSONColumnType<Record<string, unknown>> | null;
  /** The compact JWS when it came as one. */
  jwt: string | null;
  /** The file as it was given: text (JSON, JWS) or base64 (PNG); `original_type` says which. */
  original: string | null;
  original_type: 'json' | 'jwt' | 'png' | 'svg' | 'url' | null;
  /** Where it was fetched from, for a link import. */
  source_url: string | null;
  /** sha256 of the credential, so the same badge is imported once. */
  content_hash: string | null;
  format: string | null;
  name: string | null;
  description: string | null;
  issuer_name: string | null;
  image: string | null;
  awarded_at: Timestamp | null;
  valid_until: Timestamp | null;
  /** Which of the person's addresses it was issued to. */
  recipient_email: string | null;
  skills: JSONColumnType<StoredAlignment[]> | null;
  verdict: JSONColumnType<StoredVerdict> | null;
  valid: boolean | null;
  verified_at: Timestamp | null;
}

/** A person's collection of badges: ordered, public (shown on the published profile) or private. */
export interface BackpackCollectionsTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  description: string;
  is_public: Generated<boolean>;
  /** Order among the person's collections (lowest first). */
  position: number;
  created_at: CreatedAt;
}

/** A badge in a collection, at its place. */
export interface BackpackCollectionItemsTable {
  collection_id: string;
  item_id: string;
  position: number;
}

/** A person's public profile at /p/<handle>: nothing is public until `published`. */
export interface BackpackProfilesTable {
  user_id: string;
  handle: string;
  display_name: string;
  bio: string;
  published: Generated<boolean>;
  /** Whether the published profile shows the skills profile (with the badges that prove each skill). */
  show_skills: Generated<boolean>;
  /** Opt-in: findable by verified skills inside the network (communities, matching); off by default. */
  findable: Generated<boolean>;
  published_at: Timestamp | null;
  updated_at: CreatedAt;
  /** Counts changes to the person's badges, collections and their items (kept by triggers, never written by code). */
  holdings_version: ColumnType<number, never, never>;
}

/** A download of everything Vaardig holds about a person: a zip built by a job (src/backpack/personal-data.ts). */
export interface BackpackExportsTable {
  id: Generated<string>;
  user_id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** Steps done of the total (one per module, one per badge). */
  done: Generated<number>;
  total: Generated<number>;
  /** The language of the zip's read-me. */
  lang: string;
  file: Buffer | null;
  size: number | null;
  error_code: string | null;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
  /** The file is removed after this. */
  expires_at: Timestamp;
}

declare module '../platform/db/schema.ts' {
  interface Database {
    backpack_items: BackpackItemsTable;
    backpack_collections: BackpackCollectionsTable;
    backpack_collection_items: BackpackCollectionItemsTable;
    backpack_profiles: BackpackProfilesTable;
    backpack_exports: BackpackExportsTable;
  }
}

/** The tables of the backpack module; no other module names them in its SQL (test/boundaries.test.ts). */
export const tables = [
  'backpack_items',
  'backpack_collections',
  'backpack_collection_items',
  'backpack_profiles',
  'backpack_exports',
] as const;
