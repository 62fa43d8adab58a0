/**
 * The server the database-bound fuzz targets call (targets.ts, worldTargets): the real app on a
 * migrated database, a person who runs the network (operator) and owns an organisation, with an API
 * token, so the routes get past "who are you" into their handlers.
 */
import { createApiToken, createOrganisation, createUser } from '../../src/accounts/api.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import type { FuzzWorld } from './targets.ts';

export async function buildWorld(ctx: AppContext): Promise<FuzzWorld> {
  const app = await buildApp(ctx, { logger: false, authRateLimit: 1_000_000 });
  await app.ready();
  const { id: userId } = await createUser(ctx.db, {
    email: 'fuzz-owner@fuzz.test',
    name: 'Fuzz Owner',
    password: 'fuzz-password-1',
    emailConfirmed: true,
    isOperator: true,
  });
  const organisation = await createOrganisation(ctx.db, { slug: 'fuzz-school', name: 'Fuzz School' }, userId);
  const { token } = await createApiToken(ctx.db, userId, 'fuzz');
  return { ctx, app, userId, token, organisationSlug: organisation.slug };
}
