import type { AppContext } from '../platform/context.ts';
import type { CurrentUser } from './sessions.ts';

/** The network at a glance, for the operator: organisations, people, and who joined this month. */
export async function networkCounts(
  ctx: AppContext,
  user: CurrentUser,
  now = new Date(),
): Promise<{ organisations: number; people: number; joinedThisMonth: number } | null> {
  if (!user.isOperator) return null;
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const organisations = await ctx.db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const people = await ctx.db
    .selectFrom('users')
    .select((eb) => [
      eb.fn.countAll<string>().as('n'),
      eb.fn.sum<string>(eb.case().when('created_at', '>=', monthStart).then(1).else(0).end()).as('month'),
    ])
    .executeTakeFirstOrThrow();
  return { organisations: Number(organisations.n), people: Number(people.n), joinedThisMonth: Number(people.month ?? 0) };
}
