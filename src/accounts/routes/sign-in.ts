import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { safeNext } from '../../platform/http/next.ts';
import { SignInPage } from '../pages/auth.tsx';
import { signIn } from '../service.ts';
import { endSession, SESSION_COOKIE } from '../sessions.ts';
import { retryAfterHeader } from '../../platform/http/problem.ts';
import { errorStatus, fields, formErrors, authLimited, startSession } from './shared.ts';

/** Sessions: sign in and sign out. */
export function signInRoutes(app: FastifyInstance, ctx: AppContext): void {
  const limited = authLimited(app);

  app.get<{ Querystring: { next?: string } }>('/signin', async (request, reply) =>
    reply.page(SignInPage({ request, next: safeNext(request.query.next) })),
  );

  app.post('/signin', limited, async (request, reply) => {
    const values = fields(request, ['email', 'password', 'next']);
    const next = safeNext(values.next);
    try {
      const { session } = await signIn(ctx, values.email, values.password, request.ip);
      await startSession(ctx, request, reply, session);
    } catch (error) {
      retryAfterHeader(reply, error);
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return reply.page(SignInPage({ request, values: { email: values.email }, errors, next }), errorStatus(error));
    }
    reply.flash('success', request.t('accounts:signin.done'));
    return reply.redirect(next, 303);
  });

  app.post('/signout', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await endSession(ctx.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.flash('info', request.t('accounts:signout.done'));
    return reply.redirect('/', 303);
  });
}
