import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { AccountsErrors } from './errors.ts';

/**
 * Attempts on one account, whatever address they come from: failed sign-ins, password-reset and
 * confirmation-mail requests share one count per email address (known or not, so the answer tells
 * nothing about which addresses have accounts). Failed sign-ins also count per client address, on
 * whichever accounts they tried, so one address cannot guess passwords across many accounts. The
 * counts live in the database, so every node of a cluster sees the same. The per-client-address
 * rate limit of the forms (app.authRateLimit, in each node's memory) stays in front.
 *
 * A refusal is a 429 whose `retryAfter` (seconds, sent as Retry-After) is when the oldest attempt
 * of the window leaves it; its message names that wait in whole minutes, rounded up.
 */
export const ATTEMPT_LIMIT = 10;
/** Failed sign-ins from one client address (a school's network shares one: room for a class). */
export const ADDRESS_ATTEMPT_LIMIT = 50;
export const ATTEMPT_WINDOW_MINUTES = 15;

/**
 * The key failed sign-ins of a client are counted under: an IPv4 address as it is, an IPv6 address
 * by its /64 (one subscriber's network, where a client may take any of 2^64 addresses), an
 * IPv4-mapped IPv6 address as its IPv4 address.
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIP(ip) !== 6) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

function since(): Date {
  return new Date(Date.now() - ATTEMPT_WINDOW_MINUTES * 60_000);
}

/** Seconds until the oldest attempt in the window leaves it (at least 1). */
function retryAfter(oldest: Date | string | null): number {
  if (!oldest) return ATTEMPT_WINDOW_MINUTES * 60;
  const end = new Date(oldest).getTime() + ATTEMPT_WINDOW_MINUTES * 60_000;
  return Math.max(1, Math.ceil((end - Date.now()) / 1000));
}

async function countSince(
  db: Kysely<Database>,
  column: 'email' | 'client_address',
  value: string,
): Promise<{ count: number; oldest: Date | null }> {
  const row = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where(column, '=', value)
    .where('created_at', '>', since())
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: (row.oldest as Date | null) ?? null };
}

/**
 * Refuses with a 429 when the address (normalised) had its attempts in the window (reason
 * "account"), or, given the client's address, when that client had its failed sign-ins (reason
 * "address").
 */
export async function checkAttempts(db: Kysely<Database>, address: string, client?: string): Promise<void> {
  if (address) {
    const { count, oldest } = await countSince(db, 'email', address);
    if (count >= ATTEMPT_LIMIT) {
      const seconds = retryAfter(oldest);
      throw AccountsErrors.tooManyAttempts('email', { minutes: Math.ceil(seconds / 60) }, { reason: 'account', retryAfter: seconds });
    }
  }
  if (client) {
    const { count, oldest } = await countSince(db, 'client_address', clientKey(client));
    if (count >= ADDRESS_ATTEMPT_LIMIT) {
      const seconds = retryAfter(oldest);
      throw AccountsErrors.tooManyAttemptsFromAddress(
        'email',
        { minutes: Math.ceil(seconds / 60) },
        { reason: 'address', retryAfter: seconds },
      );
    }
  }
}

/** Counts one attempt on the address, from the client when given (and forgets attempts older than the window). */
export async function recordAttempt(db: Kysely<Database>, address: string, client?: string): Promise<void> {
  if (!address && !client) return;
  await db.deleteFrom('sign_in_attempts').where('created_at', '<=', since()).execute();
  await db
    .insertInto('sign_in_attempts')
    .values({ email: address, client_address: client ? clientKey(client) : null })
    .execute();
}

/** A successful sign-in starts the account's count afresh (the client's failures on other accounts stay). */
export async function clearAttempts(db: Kysely<Database>, address: string): Promise<void> {
  if (address) await db.deleteFrom('sign_in_attempts').where('email', '=', address).execute();
}

/** Checks the count, then counts this attempt: for requests that send mail (reset, confirmation). */
export async function countAttempt(db: Kysely<Database>, address: string): Promise<void> {
  await checkAttempts(db, address);
  await recordAttempt(db, address);
}
