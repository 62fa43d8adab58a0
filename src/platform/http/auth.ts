import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CurrentUser } from '../accounts/sessions.ts';
import { userForApiToken, userForSession } from '../accounts/sessions.ts';
import type { AppContext } from '../context.ts';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';
import './types.ts';

export const SESSION_COOKIE = 'vaardig_session';

/** Finds the person behind each request: an API token in `Authorization`, else the session cookie. */
export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('user', null);
  app.decorateRequest('authMethod', null);
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/assets/') || request.url === '/health') return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const user = await userForApiToken(ctx.db, header.slice(7).trim());
      if (!user) throw new UnauthorizedError('The API token is not valid');
      request.user = user;
      request.authMethod = 'token';
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      request.user = await userForSession(ctx.db, token);
      request.authMethod = request.user ? 'session' : null;
    }
  });
}

export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new UnauthorizedError();
  return request.user;
}

export function requireOperator(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (!user.isOperator) throw new ForbiddenError('Only the network operator can do this');
  return user;
}
