import type { Kysely } from 'kysely';
import { getCurrentUser } from '../../accounts/api.ts';
import type { CurrentUser } from '../../accounts/api.ts';
import type { Database } from '../../platform/db/schema.ts';

/** A demo person as services take them (history rows name them). */
export async function getCurrentUserRow(db: Kysely<Database>, userId: string | undefined): Promise<CurrentUser | null> {
  if (!userId) return null;
  return getCurrentUser(db, userId);
}
