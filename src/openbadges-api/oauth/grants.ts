import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

/** The person's latest approval of a client that has not expired, if any. */
export async function latestGrantId(db: Kysely<Database>, accountId: string, clientId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('oauth_models')
    .select('id')
    .where('kind', '=', 'Grant')
    .where('account_id', '=', accountId)
    .where('client_id', '=', clientId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
