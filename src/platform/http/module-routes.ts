import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import type { RouteEntry } from './policy.ts';

/** The parts of a route's schema that describe its input (body and query string). */
export function schemasOf(schema: { body?: unknown; querystring?: unknown } | undefined): RouteEntry['schema'] {
  if (!schema?.body && !schema?.querystring) return undefined;
  return { body: schema.body, querystring: schema.querystring };
}

/**
 * Registers every module's routes, each module in a scope of its own that notes which module
 * claims which method and URL. A route that another module (or the platform, before the modules)
 * already claimed fails at start with a message naming both: Fastify's own duplicate-route error
 * names neither. Within one module, Fastify's error stands.
 */
export async function registerModuleRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const owners = new Map<string, string>();
  for (const module of ctx.modules) {
    const routes = module.routes;
    if (!routes) continue;
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        for (const method of methods) {
          const key = `${method} ${route.url}`;
          const owner = owners.get(key) ?? (app.hasRoute({ method, url: route.url }) ? 'the platform' : undefined);
          if (owner && owner !== `module ${module.name}`) {
            throw new Error(`The route ${key} is claimed by both ${owner} and module ${module.name}`);
          }
          owners.set(key, `module ${module.name}`);
          app.routeTable.set(key, { method, url: route.url, module: module.name, schema: schemasOf(route.schema) });
        }
      });
      await routes(scope, ctx);
    });
  }
}
