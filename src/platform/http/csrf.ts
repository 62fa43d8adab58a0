import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { hmac, randomToken, safeEqual } from '../crypto.ts';
import { HttpProblem } from '../errors.ts';
import './types.ts';

export const CSRF_COOKIE = 'vaardig_csrf';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `false` for public endpoints without side effects on anyone's account (e.g. verifying a
     * credential): there is nothing to forge, and callers without a browser need no token.
     */
    csrf?: boolean;
  }
}
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Double-submit CSRF protection: a random HttpOnly cookie per browser, and in each form a token that
 * is the HMAC of that cookie under the instance secret. Requests that authenticate with an API token
 * carry no ambient credentials and need no CSRF token.
 */
export function registerCsrf(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('csrfToken', '');
  app.addHook('onRequest', async (request, reply) => {
    let seed = request.cookies[CSRF_COOKIE];
    if (!seed || seed.length < 20) {
      seed = randomToken(18);
      reply.setCookie(CSRF_COOKIE, seed, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.secureCookies,
        maxAge: 365 * 86400,
      });
    }
    request.csrfToken = hmac(ctx.config.secret, seed);
  });
  app.addHook('preHandler', async (request) => {
    if (SAFE_METHODS.has(request.method) || request.authMethod === 'token') return;
    if (request.routeOptions.config.csrf === false) return;
    const body = request.body as Record<string, unknown> | undefined;
    const query = request.query as Record<string, unknown> | undefined;
    const sent =
      (typeof body?._csrf === 'string' && body._csrf) ||
      (request.headers['x-csrf-token'] as string | undefined) ||
      (typeof query?._csrf === 'string' && query._csrf) ||
      '';
    if (!request.cookies[CSRF_COOKIE] || !sent || !safeEqual(sent, request.csrfToken)) {
      throw new HttpProblem(
        403,
        'CSRF token missing or invalid',
        'The form has expired or did not come from this site: reload the page and try again',
        {
          field: '_csrf',
        },
      );
    }
  });
}
