import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { safeNext } from '../../platform/http/next.ts';
import { ConfirmPage, ResendPage, ResetPage, ResetRequestPage, SignUpPage } from '../pages/auth.tsx';
import { confirmEmail, emailTokenValid, requestPasswordReset, resendConfirmation, resetPassword, signUp } from '../service.ts';
import { SESSION_COOKIE } from '../sessions.ts';
import { errorStatus, field, fields, formErrors, authLimited, startSession } from './shared.ts';

/** Sign-up, email confirmation and password reset: the forms that mail a link. */
export function signUpRoutes(app: FastifyInstance, ctx: AppContext): void {
  const limited = authLimited(app);

  app.get<{ Querystring: { next?: string } }>('/signup', async (request, reply) =>
    reply.page(SignUpPage({ request, next: safeNext(request.query.next, '') || undefined })),
  );

  app.post<{ Querystring: { next?: string } }>('/signup', limited, async (request, reply) => {
    const values = fields(request, ['name', 'email', 'password']);
    const next = safeNext(request.query.next, '') || undefined;
    try {
      // The same answer for a new address and for one that has an account (its owner gets a mail).
      await signUp(ctx, values, request.lang);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return reply.page(SignUpPage({ request, values: { ...values, password: '' }, errors, next }), errorStatus(error));
    }
    reply.flash('info', request.t('accounts:signup.sent', { email: values.email.trim().toLowerCase() }));
    return reply.redirect(next ? `/signin?next=${encodeURIComponent(next)}` : '/signin', 303);
  });

  // --- email confirmation -------------------------------------------------------------------------

  app.get('/confirm/resend', async (request, reply) => reply.page(ResendPage({ request, values: { email: request.user?.email ?? '' } })));

  app.post('/confirm/resend', limited, async (request, reply) => {
    const values = fields(request, ['email']);
    try {
      await resendConfirmation(ctx, values.email, request.lang);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return reply.page(ResendPage({ request, values, errors }), errorStatus(error));
    }
    reply.flash('info', request.t('accounts:resend.done'));
    return reply.redirect(request.user ? '/account' : '/signin', 303);
  });

  app.get<{ Params: { token: string } }>('/confirm/:token', async (request, reply) => {
    const valid = await emailTokenValid(ctx.db, request.params.token, 'confirm');
    return reply.page(ConfirmPage({ request, token: request.params.token, valid }), valid ? 200 : 404);
  });

  app.post<{ Params: { token: string } }>('/confirm/:token', async (request, reply) => {
    const result = await confirmEmail(ctx, request.params.token);
    if (!result) return reply.page(ConfirmPage({ request, token: request.params.token, valid: false }), 404);
    await startSession(ctx, request, reply, result.session);
    reply.flash('success', request.t('accounts:confirm.done'));
    return reply.redirect('/account', 303);
  });

  // --- password reset ------------------------------------------------------------------------------

  app.get('/reset', async (request, reply) => reply.page(ResetRequestPage({ request })));

  app.post('/reset', limited, async (request, reply) => {
    const values = fields(request, ['email']);
    try {
      await requestPasswordReset(ctx, values.email, request.lang);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return reply.page(ResetRequestPage({ request, values, errors }), errorStatus(error));
    }
    reply.flash('info', request.t('accounts:reset.requested'));
    return reply.redirect('/signin', 303);
  });

  app.get<{ Params: { token: string } }>('/reset/:token', async (request, reply) => {
    const valid = await emailTokenValid(ctx.db, request.params.token, 'reset');
    return reply.page(ResetPage({ request, token: request.params.token, valid }), valid ? 200 : 404);
  });

  app.post<{ Params: { token: string } }>('/reset/:token', limited, async (request, reply) => {
    const { token } = request.params;
    let done: boolean;
    try {
      done = await resetPassword(ctx, token, field(request, 'password'));
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      const valid = await emailTokenValid(ctx.db, token, 'reset');
      return reply.page(ResetPage({ request, token, valid, errors }), 400);
    }
    if (!done) return reply.page(ResetPage({ request, token, valid: false }), 404);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.flash('success', request.t('accounts:reset.done'));
    return reply.redirect('/signin', 303);
  });
}
