import { type Selectable, sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { IssuedCredentialsTable } from '../schema.ts';
import type { Alignment } from '../verification/types.ts';
import { credentialUrl } from './issue.ts';

/**
 * Credentials as their recipients see them (the backpack, src/backpack): what the credential says,
 * read from the signed document, with its state at the issuer. Read by recipient address only.
 */
export interface ReceivedCredential {
  id: string;
  /** The credential's public page. */
  url: string;
  recipientEmail: string;
  name: string;
  description: string;
  issuerName: string;
  issuerId: string;
  /** The achievement's image URL, when it has one. */
  image: string | null;
  achievementType: string | null;
  awardedAt: Date;
  validUntil: Date | null;
  state: 'active' | 'revoked' | 'suspended';
  expired: boolean;
  skills: Alignment[];
  /** The signed credential (Data Integrity) or the credential the JWT carries. */
  document: Record<string, any>;
  jwt: string | null;
}

/**
 * The columns a received credential is read with: not every column of the issuer's record (each
 * value read costs, on PGlite most of all, and a page of the Open Badges API reads a hundred).
 */
const RECEIVED = ['id', 'recipient_email', 'awarded_at', 'valid_until', 'state', 'document', 'jwt'] as const;
type Row = Pick<Selectable<IssuedCredentialsTable>, (typeof RECEIVED)[number]>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function toReceived(ctx: AppContext, row: Row): ReceivedCredential {
  const doc = row.document as Record<string, any>;
  const achievement = (doc.credentialSubject?.achievement ?? {}) as Record<string, any>;
  const issuer = (typeof doc.issuer === 'object' && doc.issuer) || {};
  const image = achievement.image;
  const validUntil = row.valid_until as Date | null;
  return {
    id: row.id,
    url: credentialUrl(ctx.config.baseUrl, row.id),
    recipientEmail: row.recipient_email ?? '',
    name: text(achievement.name) || text(doc.name),
    description: text(achievement.description),
    issuerName: text(issuer.name),
    issuerId: text(issuer.id) || text(doc.issuer),
    image: typeof image === 'string' ? image : text(image?.id) || null,
    achievementType: text(achievement.achievementType) || null,
    awardedAt: row.awarded_at as Date,
    validUntil,
    state: row.state,
    expired: validUntil !== null && validUntil.getTime() < Date.now(),
    skills: (Array.isArray(achievement.alignment) ? achievement.alignment : []).map((a: Record<string, unknown>) => ({
      targetName: text(a.targetName) || undefined,
      targetUrl: text(a.targetUrl) || undefined,
      targetCode: text(a.targetCode) || undefined,
      targetFramework: text(a.targetFramework) || undefined,
      targetType: text(a.targetType) || undefined,
      targetDescription: text(a.targetDescription) || undefined,
    })),
    document: doc,
    jwt: row.jwt,
  };
}

/** Every credential issued to one of these (normalised) addresses, newest first. */
export async function credentialsIssuedTo(ctx: AppContext, emails: readonly string[]): Promise<ReceivedCredential[]> {
  if (emails.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('issued_credentials')
    .select(RECEIVED)
    .where('recipient_email', 'in', [...emails])
    .orderBy('awarded_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => toReceived(ctx, row));
}

/** A received credential's state at its issuer, without its document: cheap to read for thousands. */
export interface ReceivedState {
  id: string;
  /** The credential's public page. */
  url: string;
  state: 'active' | 'revoked' | 'suspended';
  expired: boolean;
}

/**
 * The state of every credential issued to one of these addresses (or, with `ids`, of those among
 * them): ids and states only, no documents (and the expiry decided by the database, not read).
 */
export async function receivedStates(ctx: AppContext, emails: readonly string[], ids?: readonly string[]): Promise<ReceivedState[]> {
  if (emails.length === 0 || ids?.length === 0) return [];
  let query = ctx.db
    .selectFrom('issued_credentials')
    .select(['id', 'state', sql<boolean>`coalesce(valid_until < now(), false)`.as('expired')])
    .where('recipient_email', 'in', [...emails]);
  if (ids) query = query.where('id', 'in', [...ids]);
  return (await query.execute()).map((row) => ({
    id: row.id,
    url: credentialUrl(ctx.config.baseUrl, row.id),
    state: row.state,
    expired: row.expired === true,
  }));
}

/**
 * What changes when anything about the credentials issued to these addresses changes, in one row:
 * how many there are, the newest, the last change of state (revoked, suspended, reinstated), and the
 * next moment one of them expires. The backpack compares it with what it saw last, instead of
 * reading the state of every credential on every view.
 */
export interface ReceivedSummary {
  count: number;
  newest: Date | null;
  lastStateChange: Date | null;
  nextExpiry: Date | null;
}

export async function receivedSummary(ctx: AppContext, emails: readonly string[]): Promise<ReceivedSummary> {
  if (emails.length === 0) return { count: 0, newest: null, lastStateChange: null, nextExpiry: null };
  const row = await ctx.db
    .selectFrom('issued_credentials')
    .select([
      sql<string>`count(*)`.as('count'),
      sql<Date | null>`max(created_at)`.as('newest'),
      sql<Date | null>`max(state_changed_at)`.as('last_state_change'),
      sql<Date | null>`min(valid_until) filter (where valid_until > now())`.as('next_expiry'),
    ])
    .where('recipient_email', 'in', [...emails])
    .executeTakeFirstOrThrow();
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return {
    count: Number(row.count),
    newest: date(row.newest),
    lastStateChange: date(row.last_state_change),
    nextExpiry: date(row.next_expiry),
  };
}

/** A received credential as signed: the document (Data Integrity, or what the JWT carries) and the JWT. */
export interface ReceivedDocument {
  id: string;
  document: Record<string, unknown>;
  jwt: string | null;
}

/** These credentials as signed, when issued to one of these addresses (others are left out): no other column is read. */
export async function receivedDocuments(ctx: AppContext, emails: readonly string[], ids: readonly string[]): Promise<ReceivedDocument[]> {
  if (emails.length === 0 || ids.length === 0) return [];
  return ctx.db
    .selectFrom('issued_credentials')
    .select(['id', 'document', 'jwt'])
    .where('recipient_email', 'in', [...emails])
    .where('id', 'in', [...ids])
    .execute();
}

/** These credentials, when issued to one of these addresses (others are left out), newest first. */
export async function receivedCredentials(
  ctx: AppContext,
  emails: readonly string[],
  ids: readonly string[],
): Promise<ReceivedCredential[]> {
  if (emails.length === 0 || ids.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('issued_credentials')
    .select(RECEIVED)
    .where('recipient_email', 'in', [...emails])
    .where('id', 'in', [...ids])
    .orderBy('awarded_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => toReceived(ctx, row));
}
