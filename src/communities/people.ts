import { getCurrentUser } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';

/** Names of people by id, via the accounts module. */
export async function personNames(ctx: AppContext, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of new Set(ids)) {
    const user = await getCurrentUser(ctx.db, id);
    if (user) out.set(id, user.name || user.email);
  }
  return out;
}
