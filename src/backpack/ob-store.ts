import type { AppContext } from '../platform/context.ts';
import { importOrReplace } from './imports.ts';
import type { BackpackItemDetail } from './items.ts';

/**
 * The backpack's side of the Open Badges 3.0 API's upsertCredential (the openbadges-api module):
 * a credential an app sends is imported like any other (verified, recipient among the person's
 * confirmed addresses, kept with its verdict); one the backpack holds already (the same id, or the
 * same JWS) is replaced by it — an updated credential from its issuer — keeping what the person did
 * with it; a badge issued in this network is the issuer's record and is answered as held.
 */
export async function upsertCredential(
  ctx: AppContext,
  userId: string,
  text: string,
): Promise<{ created: boolean; item: BackpackItemDetail }> {
  return importOrReplace(ctx, userId, { text });
}
