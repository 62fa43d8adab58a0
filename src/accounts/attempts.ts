import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { AccountsErrors } from './errors.ts';

/**
 * Attempts on one account, whatever address they come from: failed sign-ins, password-reset and
 * confirmation-mail requests share one count per email address (known or not, so the answer tells
 * nothing about which addresses have accounts). The count lives in the database, so every node of
 * a cluster sees the same. The per-client-address limit of the forms (app.authRateLimit) stays.
 */
export const ATTEMPT_LIMIT = 10;
export const ATTEMPT_WINDOW_MINUTES = 15;

function since(): Date {
  return new Date(Date.now() - ATTEMPT_WINDOW_MINUTES * 60_000);
}

/** Refuses with a 429 (reason "account") when the address (normalised) had its attempts in the window. */
export async function checkAttempts(db: Kysely<Database>, address: string): Promise<void> {
  if (!address) return;
  const row = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('email', '=', address)
    .where('created_at', '>', since())
    .executeTakeFirstOrThrow();
  if (Number(row.count) >= ATTEMPT_LIMIT) {
    throw AccountsErrors.tooManyAttempts('email', { minutes: ATTEMPT_WINDOW_MINUTES }, { reason: 'account' });
  }
}

/** Counts one attempt on the address (and forgets its attempts older than the window). */
export async function recordAttempt(db: Kysely<Database>, address: string): Promise<void> {
  if (!address) return;
  await db.deleteFrom('sign_in_attempts').where('email', '=', address).where('created_at', '<=', since()).execute();
  await db.insertInto('sign_in_attempts').values({ email: address }).execute();
}

/** A successful sign-in starts the count afresh. */
export async function clearAttempts(db: Kysely<Database>, address: string): Promise<void> {
  if (address) await db.deleteFrom('sign_in_attempts').where('email', '=', address).execute();
}

/** Checks the count, then counts this attempt: for requests that send mail (reset, confirmation). */
export async function countAttempt(db: Kysely<Database>, address: string): Promise<void> {
  await checkAttempts(db, address);
  await recordAttempt(db, address);
}
