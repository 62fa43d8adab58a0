import type { Kysely } from 'kysely';
import type { CurrentUser } from '../../accounts/api.ts';
import type { Database } from '../../platform/db/schema.ts';
import { canCurate, memberOrganisations } from '../library/access.ts';
import { ANONYMOUS, type Viewer } from './service.ts';

/**
 * What a signed-in person may see and do in the library, worked out once per request with the
 * library's own access rules (curators: owner, admin or issuer; drafts: any member).
 */
export async function viewerFor(db: Kysely<Database>, user: CurrentUser | null): Promise<Viewer> {
  if (!user) return ANONYMOUS;
  const members = await memberOrganisations(db, user);
  if (members === 'all') return { userId: user.id, isOperator: true, curatorOf: new Set(), memberOf: new Set() };
  const curatorOf = new Set<string>();
  for (const org of members) if (await canCurate(db, user, org)) curatorOf.add(org);
  return { userId: user.id, isOperator: user.isOperator, curatorOf, memberOf: new Set(members) };
}
