import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { PlatformErrors } from '../errors.ts';
import type { CurrentUser } from './types.ts';
import './types.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `false` for routes that authenticate callers themselves and must not be refused by the
     * modules' hooks (the OAuth server and the Open Badges API read `Authorization` as their own
     * bearer token, which is no API token); `request.user` stays null there.
     */
    authenticate?: boolean;
  }
}

/** Who a module found behind a request, and how (see `VaardigModule.authenticate`). */
export interface Authentication {
  user: CurrentUser;
  method: 'session' | 'token';
}

/**
 * Finds the person behind each request by asking, in module order, every module that fills the
 * `authenticate` hook (the accounts module: an API token in `Authorization`, else the session
 * cookie). The first answer counts; a module throws to refuse a request (e.g. a bad token).
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  const authenticators = ctx.modules.flatMap((m) => (m.authenticate ? [m.authenticate] : []));
  app.decorateRequest('user', null);
  app.decorateRequest('authMethod', null);
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/assets/') || request.url === '/health') return;
    if (request.routeOptions.config?.authenticate === false) return;
    for (const authenticate of authenticators) {
      const found = await authenticate(request, ctx);
      if (found) {
        request.user = found.user;
        request.authMethod = found.method;
        return;
      }
    }
  });
}

export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw PlatformErrors.unauthorized();
  return request.user;
}

export function requireOperator(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (!user.isOperator) throw PlatformErrors.forbidden();
  return user;
}
