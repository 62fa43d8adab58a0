import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { typed } from './api-schemas.ts';
import { collectionApiRoutes } from './collection-api-routes.ts';
import { crosswalkApiRoutes } from './crosswalk-api-routes.ts';
import { exchangeApiRoutes } from './exchange-api-routes.ts';
import { skillApiRoutes } from './skill-api-routes.ts';

/**
 * The JSON API of own skills, collections, exchange formats and the crosswalk, one file per
 * resource (schemas in api-schemas.ts); each handler reads its input, calls a service, answers.
 */
export async function libraryRoutes(root: FastifyInstance, ctx: AppContext): Promise<void> {
  await root.register(async (plugin) => {
    // Raw files for import: the parsers name lines in the file, so they get the bytes, not parsed JSON.
    for (const type of ['text/csv', 'application/ld+json']) {
      plugin.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    }
    const app = typed(plugin);
    skillApiRoutes(app, ctx);
    exchangeApiRoutes(app, ctx);
    crosswalkApiRoutes(app, ctx);
    collectionApiRoutes(app, ctx);
  });
}
