import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { OAUTH_PATH, type OAuthServer } from './provider.ts';

/** Requests a minute per client address to the OAuth endpoints, and to registration alone. */
const LIMITS = { all: 600, registration: 30 };

/** Drops oidc-provider's own session cookie from a request (see `mountOAuth`). */
function withoutProviderSession(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return cookieHeader;
  return cookieHeader
    .split(';')
    .filter((c) => !c.trim().startsWith('_session'))
    .join(';');
}

/**
 * Mounts the OAuth server at /oauth. Every request under it goes to oidc-provider (a Koa app) as
 * the raw Node request: Fastify does not read its body (the provider parses its own), the
 * platform's authentication does not run (the registration and revocation endpoints carry the
 * client's own credentials in `Authorization`), and there is no CSRF token to check (these
 * endpoints take no cookies for credentials; the person's approval is our own form,
 * routes/interaction.ts, which is checked like every form).
 *
 * The provider keeps a browser session of its own; Vaardig's session is the one that counts. So an
 * authorization request starts without the provider's session cookie: the sign-in step always
 * comes to our interaction page, which takes the person signed in to Vaardig now.
 */
export async function mountOAuth(app: FastifyInstance, server: OAuthServer): Promise<void> {
  const callback = server.provider.callback() as (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    const handler = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
      reply.hijack();
      const req = request.raw as IncomingMessage & { originalUrl?: string; vaardig?: unknown };
      const url = req.url ?? '/';
      req.originalUrl = url;
      req.url = url.slice(OAUTH_PATH.length) || '/';
      req.vaardig = request;
      const path = req.url.split('?')[0];
      if (path === '/auth') req.headers.cookie = withoutProviderSession(req.headers.cookie);
      await callback(req, reply.raw);
    };
    const config = { csrf: false, authenticate: false };
    scope.route({
      method: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      url: `${OAUTH_PATH}/*`,
      schema: { hide: true },
      config: { ...config, rateLimit: { max: LIMITS.all, timeWindow: '1 minute' } },
      handler,
    });
    scope.route({
      method: ['POST'],
      url: `${OAUTH_PATH}/reg`,
      schema: { hide: true },
      config: { ...config, rateLimit: { max: LIMITS.registration, timeWindow: '1 minute' } },
      handler,
    });
  });
}
