import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import { endSession, SESSION_COOKIE } from '../sessions.ts';

/** What the accounts page routes share: reading form fields, form errors, page wrapping, sessions. */

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Form fields arrive as text; anything else (a repeated field, nothing) counts as empty. */
export function field(request: FastifyRequest, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export function fields<K extends string>(request: FastifyRequest, names: K[]): Record<K, string> {
  return Object.fromEntries(names.map((n) => [n, field(request, n)])) as Record<K, string>;
}

/**
 * The errors of a form, in the reader's language, next to the fields they name, when the error is
 * about the input; else null (not signed in, not allowed, not found, 5xx: the error page says those).
 */
export function formErrors(request: FastifyRequest, error: unknown): FormErrors | null {
  if (!(error instanceof AppError) || [401, 403, 404].includes(error.status)) return null;
  return fieldMessages(request.t, error);
}

/** The status to answer a form with when it failed: the error's own (e.g. 409, 429), else 400. */
export function errorStatus(error: unknown): number {
  return error instanceof AppError ? error.status : 400;
}

/** Route options for forms that guess passwords or send mail: the per-client-address rate limit. */
export function authLimited(app: FastifyInstance) {
  return { config: { rateLimit: app.authRateLimit } };
}

/** Sets the cookie of a new session, ending the session this browser had before. */
export async function startSession(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; expiresAt: Date },
): Promise<void> {
  const previous = request.cookies[SESSION_COOKIE];
  if (previous) await endSession(ctx.db, previous);
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.secureCookies,
    expires: session.expiresAt,
  });
}

/**
 * Wraps a page handler: a signed-out person is sent to the sign-in form, also after a form post.
 * Any other error goes to the platform's handler, which shows a coded error in the reader's language.
 */
export function page(handler: Handler): Handler {
  return async (request, reply) => {
    try {
      return await handler(request, reply);
    } catch (error) {
      if (error instanceof AppError && error.status === 401) {
        // After signing in, come back to this page; a form post has no page of its own, except an invitation.
        const back = request.method === 'GET' || request.url.startsWith('/invitations/') ? request.url : '/';
        return reply.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);
      }
      throw error;
    }
  };
}
