import type { Kysely } from 'kysely';
import type { CurrentUser } from '../../platform/accounts/sessions.ts';
import type { Database } from '../../platform/db/schema.ts';

/** A demo person as services take them (history rows name them). */
export async function getCurrentUserRow(db: Kysely<Database>, userId: string | undefined): Promise<CurrentUser | null> {
  if (!userId) return null;
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'is_operator', 'locale'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return row
    ? { id: row.id, email: row.email, name: row.name, isOperator: row.is_operator, emailConfirmed: true, locale: row.locale }
    : null;
}
