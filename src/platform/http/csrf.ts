import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { hmac, randomToken, safeEqual } from '../crypto.ts';
import { type AppError, PlatformErrors } from '../errors.ts';
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
 * carry no ambient credentials and need no CSRF token. The token travels in the body or a header,
 * never in the address, so it does not show in the address bar, in logs or in a Referer.
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
    // Pages never put the token in the address (it would show in the address bar, logs and Referer);
    // `?_csrf=` is still read for scripts that post multipart bodies that way.
    const sent =
      (typeof body?._csrf === 'string' && body._csrf) ||
      (request.headers['x-csrf-token'] as string | undefined) ||
      (typeof query?._csrf === 'string' && query._csrf) ||
      '';
    const valid = (token: unknown) =>
      Boolean(request.cookies[CSRF_COOKIE]) && typeof token === 'string' && token !== '' && safeEqual(token, request.csrfToken);
    // A browser's multipart form carries the token as its first field (PostForm puts it there), never
    // in the address: the body is read by the handler, so the token is checked as it reads it.
    if (!sent && typeof request.isMultipart === 'function' && request.isMultipart()) return checkMultipart(request, valid);
    if (!valid(sent)) throw csrfProblem();
  });
}

/** A 403 naming the `_csrf` field; its text (`platform:errors.csrf`) says to reload the page. */
function csrfProblem(): AppError {
  return PlatformErrors.csrf('_csrf');
}

/**
 * Makes `request.parts()` refuse a multipart body whose first part is not a valid `_csrf` field, and
 * `request.file()` one whose fields before the file hold no valid `_csrf`, before the handler sees
 * any part of it.
 */
function checkMultipart(request: FastifyRequest, valid: (token: unknown) => boolean): void {
  const parts = request.parts.bind(request);
  const file = request.file.bind(request);
  request.parts = ((options?: Parameters<typeof parts>[0]) => {
    const inner = parts(options);
    return (async function* () {
      let first = true;
      for await (const part of inner) {
        if (first && !(part.type === 'field' && part.fieldname === '_csrf' && valid(part.value))) throw csrfProblem();
        first = false;
        yield part;
      }
      if (first) throw csrfProblem();
    })();
  }) as typeof request.parts;
  request.file = (async (options?: Parameters<typeof file>[0]) => {
    const found = await file(options);
    const field = (found?.fields as Record<string, unknown> | undefined)?._csrf;
    const value = field && typeof field === 'object' && 'value' in field ? (field as { value: unknown }).value : undefined;
    if (!valid(value)) throw csrfProblem();
    return found;
  }) as typeof request.file;
}
