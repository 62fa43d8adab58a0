import { type Kysely, sql } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import { randomToken, sha256 } from '../platform/crypto.ts';
import type { Database } from '../platform/db/schema.ts';
import { PlatformErrors } from '../platform/errors.ts';
import type { Locale } from '../platform/module.ts';
import { AddressErrors as E } from './address-errors.ts';

/**
 * Several email addresses per account. The address the account was made with stays its primary
 * address (sign-in, mails); extra addresses only count once their owner followed the link mailed to
 * them, and one address is confirmed for one account at most. Badges issued to any confirmed
 * address reach the person's backpack (src/backpack).
 */

export const ADDRESS_CONFIRM_HOURS = 48;
export const MAX_ADDRESSES = 10;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EmailAddress {
  /** Null for the primary address (it lives on the account itself). */
  id: string | null;
  email: string;
  primary: boolean;
  confirmed: boolean;
  createdAt: Date;
}

const normalise = (email: string) => email.trim().toLowerCase();

/** The account's addresses: the primary one first, then the extra ones in the order they were added. */
export async function listAddresses(db: Kysely<Database>, userId: string): Promise<EmailAddress[]> {
  const user = await db
    .selectFrom('users')
    .select(['email', 'email_confirmed_at', 'created_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) return [];
  const rows = await db
    .selectFrom('email_addresses')
    .select(['id', 'email', 'confirmed_at', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('email')
    .execute();
  return [
    { id: null, email: user.email, primary: true, confirmed: user.email_confirmed_at !== null, createdAt: user.created_at },
    ...rows.map((r) => ({ id: r.id, email: r.email, primary: false, confirmed: r.confirmed_at !== null, createdAt: r.created_at })),
  ];
}

/** Every address of the account that its owner confirmed (the primary one when confirmed), normalised. */
export async function confirmedAddresses(db: Kysely<Database>, userId: string): Promise<string[]> {
  return (await listAddresses(db, userId)).filter((a) => a.confirmed).map((a) => normalise(a.email));
}

async function sendAddressMail(ctx: AppContext, lang: Locale, to: string, name: string, token: string): Promise<void> {
  const t = ctx.i18n.getFixedT(lang, 'accounts');
  const values = { name, email: to, link: `${ctx.config.baseUrl}/account/addresses/confirm/${token}`, hours: ADDRESS_CONFIRM_HOURS };
  await ctx.mail.send({ to, subject: t('addresses.mail.subject', values), text: t('addresses.mail.text', values) });
}

function newToken(): { token: string; hash: string; expires: Date } {
  const token = randomToken();
  return { token, hash: sha256(token), expires: new Date(Date.now() + ADDRESS_CONFIRM_HOURS * 3_600_000) };
}

/**
 * Adds an address to the account and mails it a confirmation link. Whether another account holds
 * the address is not said here (that would tell anyone which addresses have accounts); the link
 * refuses it when followed.
 */
export async function addAddress(ctx: AppContext, user: { id: string; name: string }, input: string, lang: Locale): Promise<EmailAddress> {
  const email = normalise(typeof input === 'string' ? input : '');
  if (!email) throw PlatformErrors.required('email');
  if (email.length > 320 || !EMAIL.test(email)) throw PlatformErrors.notEmail('email');
  const existing = await listAddresses(ctx.db, user.id);
  if (existing.some((a) => normalise(a.email) === email)) throw E.addressAlreadyYours('email');
  if (existing.length - 1 >= MAX_ADDRESSES) throw E.tooManyAddresses('email', { max: MAX_ADDRESSES });
  const { token, hash, expires } = newToken();
  let row: { id: string; created_at: Date };
  try {
    row = await ctx.db
      .insertInto('email_addresses')
      .values({ user_id: user.id, email, token_hash: hash, token_expires_at: expires })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
  } catch (error) {
    // The same address added twice at once: the unique index decides.
    if ((error as { code?: string }).code === '23505') throw E.addressAlreadyYours('email');
    throw error;
  }
  await sendAddressMail(ctx, lang, email, user.name, token);
  return { id: row.id, email, primary: false, confirmed: false, createdAt: row.created_at };
}

async function ownAddress(db: Kysely<Database>, userId: string, id: string) {
  if (!UUID.test(id)) throw E.addressNotFound('id');
  const row = await db
    .selectFrom('email_addresses')
    .select(['id', 'email', 'confirmed_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw E.addressNotFound('id');
  return row;
}

/** Mails a new confirmation link for one of the account's unconfirmed addresses (the old link stops working). */
export async function resendAddressConfirmation(
  ctx: AppContext,
  user: { id: string; name: string },
  id: string,
  lang: Locale,
): Promise<string> {
  const row = await ownAddress(ctx.db, user.id, id);
  if (row.confirmed_at) throw E.addressConfirmedAlready('id');
  const { token, hash, expires } = newToken();
  await ctx.db.updateTable('email_addresses').set({ token_hash: hash, token_expires_at: expires }).where('id', '=', row.id).execute();
  await sendAddressMail(ctx, lang, row.email, user.name, token);
  return row.email;
}

/** Removes one of the account's extra addresses (the primary address cannot be removed). */
export async function removeAddress(db: Kysely<Database>, userId: string, id: string): Promise<string> {
  const row = await ownAddress(db, userId, id);
  await db.deleteFrom('email_addresses').where('id', '=', row.id).where('user_id', '=', userId).execute();
  return row.email;
}

/** Whether a confirmation link can still be used (to show the page with its button). */
export async function addressLinkValid(db: Kysely<Database>, token: string): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const row = await db
    .selectFrom('email_addresses')
    .select('id')
    .where('token_hash', '=', sha256(token))
    .where('confirmed_at', 'is', null)
    .where('token_expires_at', '>', new Date())
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * Confirms the address behind a link. Refused when the link is unknown, used or expired, and when
 * the address meanwhile belongs to another account (its primary address or confirmed there).
 */
export async function confirmAddress(db: Kysely<Database>, token: string): Promise<{ userId: string; email: string }> {
  if (!token || token.length > 200) throw E.addressLinkInvalid('token');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('email_addresses')
      .select(['id', 'user_id', 'email'])
      .where('token_hash', '=', sha256(token))
      .where('confirmed_at', 'is', null)
      .where('token_expires_at', '>', new Date())
      .executeTakeFirst();
    if (!row) throw E.addressLinkInvalid('token');
    const primaryElsewhere = await trx
      .selectFrom('users')
      .select('id')
      .where('email', '=', row.email)
      .where('id', '!=', row.user_id)
      .executeTakeFirst();
    const confirmedElsewhere = await trx
      .selectFrom('email_addresses')
      .select('id')
      .where('email', '=', row.email)
      .where('confirmed_at', 'is not', null)
      .executeTakeFirst();
    if (primaryElsewhere || confirmedElsewhere) throw E.addressTaken('token');
    await trx
      .updateTable('email_addresses')
      .set({ confirmed_at: new Date(), token_hash: null, token_expires_at: null })
      .where('id', '=', row.id)
      .execute();
    return { userId: row.user_id, email: row.email };
  });
}

/** Adds an address as confirmed at once, without a mail: for the demo seed and tests only. */
export async function addConfirmedAddress(db: Kysely<Database>, userId: string, email: string): Promise<void> {
  await db
    .insertInto('email_addresses')
    .values({ user_id: userId, email: normalise(email), confirmed_at: new Date() })
    .onConflict((oc) =>
      oc.columns(['user_id', 'email']).doUpdateSet({ confirmed_at: new Date(), token_hash: null, token_expires_at: null }),
    )
    .execute();
}

/**
 * The accounts that confirmed these (normalised) addresses, primary or extra: for a job that acts
 * on what was issued to addresses (a pathway's badge). Unconfirmed addresses name nobody.
 */
export async function usersWithConfirmedAddresses(db: Kysely<Database>, emails: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(emails.map(normalise))];
  if (wanted.length === 0) return [];
  const ids = new Set<string>();
  for (let at = 0; at < wanted.length; at += 500) {
    const slice = wanted.slice(at, at + 500);
    const primary = await db
      .selectFrom('users')
      .select('id')
      .where('email', 'in', slice)
      .where('email_confirmed_at', 'is not', null)
      .execute();
    const extra = await db
      .selectFrom('email_addresses')
      .select('user_id')
      .where('email', 'in', slice)
      .where('confirmed_at', 'is not', null)
      .execute();
    for (const r of primary) ids.add(r.id);
    for (const r of extra) ids.add(r.user_id);
  }
  return [...ids];
}

/**
 * Every confirmed address (primary or extra) with its account, as a SQL fragment `(email, user_id)`
 * other modules may select from in one statement (the insight module's supply rollup).
 */
export function confirmedAddressesSql() {
  return sql<{ email: string; user_id: string }>`select email, id as user_id from users where email_confirmed_at is not null
    union select email, user_id from email_addresses where confirmed_at is not null`;
}
