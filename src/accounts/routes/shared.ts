import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  HttpProblem,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../platform/errors.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import { messageKey } from '../messages.ts';
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

function translate(request: FastifyRequest, message: string): string {
  const key = messageKey(message);
  return key ? request.t(`accounts:validation.${key}`) : message;
}

/** The errors of a form, in the reader's language, when the error is about the input; else null. */
export function formErrors(request: FastifyRequest, error: unknown): FormErrors | null {
  if (error instanceof ValidationError) {
    return Object.fromEntries(Object.entries(error.fields).map(([name, message]) => [name, translate(request, message)]));
  }
  if (error instanceof ConflictError && typeof error.extra.field === 'string')
    return { [error.extra.field]: translate(request, error.message) };
  // Coded errors (e.g. too many attempts on an account) name their field and read in the page's language.
  return fieldMessages(request.t, error);
}

/** The status to answer a form with when it failed: the error's own (e.g. 429), else 400. */
export function errorStatus(error: unknown): number {
  return error instanceof AppError && !(error instanceof HttpProblem) ? error.status : 400;
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
 * Wraps a page handler: a signed-out person is sent to the sign-in form, and "not allowed" or
 * "not found" from a service is shown in the reader's language.
 */
export function page(handler: Handler): Handler {
  return async (request, reply) => {
    try {
      return await handler(request, reply);
    } catch (error) {
      if (error instanceof UnauthorizedError || (error instanceof AppError && error.status === 401)) {
        // After signing in, come back to this page; a form post has no page of its own, except an invitation.
        const back = request.method === 'GET' || request.url.startsWith('/invitations/') ? request.url : '/';
        return reply.redirect(`/signin?next=${encodeURIComponent(back)}`, 303);
      }
      if (error instanceof ForbiddenError) {
        const key = messageKey(error.message);
        throw new ForbiddenError(key ? request.t(`accounts:validation.${key}`) : request.t('accounts:errors.forbidden'));
      }
      if (error instanceof NotFoundError) throw new HttpProblem(404, 'Not found', request.t('accounts:errors.notFound'));
      throw error;
    }
  };
}
