import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { ConflictError, ForbiddenError, HttpProblem, NotFoundError, UnauthorizedError, ValidationError } from '../platform/errors.ts';
import { requireOperator, requireUser } from '../platform/http/auth.ts';
import { LANG_COOKIE } from '../platform/http/render.ts';
import { isLocale } from '../platform/i18n.ts';
import type { FormErrors } from '../platform/pages/forms.tsx';
import { MANAGER_ROLES, requireOrgRole } from './authorisation.ts';
import { messageKey } from './messages.ts';
import {
  acceptInvitation,
  changeMemberRole,
  createOrganisationAs,
  findInvitation,
  getOrganisation,
  inviteMember,
  listAllOrganisations,
  listMembers,
  listMyOrganisations,
  listOutbox,
  listPendingInvitations,
  removeMember,
  resendInvitation,
  revokeInvitation,
} from './organisations.ts';
import { AccountPage } from './pages/account.tsx';
import { AdminOrganisationsPage, OutboxPage } from './pages/admin.tsx';
import { ConfirmPage, ResendPage, ResetPage, ResetRequestPage, SignInPage, SignUpPage } from './pages/auth.tsx';
import { safeNext } from '../platform/http/next.ts';
import { InvitationPage, NewOrganisationPage, OrganisationPage, OrganisationsPage } from './pages/organisations.tsx';
import {
  confirmEmail,
  emailTokenValid,
  getCurrentUser,
  requestPasswordReset,
  resendConfirmation,
  resetPassword,
  signIn,
  signUp,
  updateProfile,
} from './service.ts';
import { endSession, SESSION_COOKIE } from './sessions.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './tokens.ts';

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Form fields arrive as text; anything else (a repeated field, nothing) counts as empty. */
export function field(request: FastifyRequest, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

function fields<K extends string>(request: FastifyRequest, names: K[]): Record<K, string> {
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
  return null;
}

/**
 * Wraps a page handler: a signed-out person is sent to the sign-in form, and "not allowed" or
 * "not found" from a service is shown in the reader's language.
 */
function page(handler: Handler): Handler {
  return async (request, reply) => {
    try {
      return await handler(request, reply);
    } catch (error) {
      if (error instanceof UnauthorizedError) {
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

export async function accountPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const limited = { config: { rateLimit: app.authRateLimit } };

  /** Sets the cookie of a new session, ending the session this browser had before. */
  async function startSession(request: FastifyRequest, reply: FastifyReply, session: { token: string; expiresAt: Date }) {
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

  // --- sign-up, sign-in, sign-out -------------------------------------------------------------

  app.get<{ Querystring: { next?: string } }>('/signup', async (request, reply) =>
    reply.page(SignUpPage({ request, next: safeNext(request.query.next, '') || undefined })),
  );

  app.post<{ Querystring: { next?: string } }>('/signup', limited, async (request, reply) => {
    const values = fields(request, ['name', 'email', 'password']);
    const next = safeNext(request.query.next, '') || undefined;
    try {
      const { session } = await signUp(ctx, values, request.lang);
      await startSession(request, reply, session);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return reply.page(SignUpPage({ request, values: { ...values, password: '' }, errors, next }), 400);
    }
    reply.flash('success', request.t('accounts:signup.done', { email: values.email.trim().toLowerCase() }));
    return reply.redirect(next ?? '/account', 303);
  });

  app.get<{ Querystring: { next?: string } }>('/signin', async (request, reply) =>
    reply.page(SignInPage({ request, next: safeNext(request.query.next) })),
  );

  app.post('/signin', limited, async (request, reply) => {
    const values = fields(request, ['email', 'password', 'next']);
    const next = safeNext(values.next);
    try {
      const { session } = await signIn(ctx, values.email, values.password);
      await startSession(request, reply, session);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return reply.page(SignInPage({ request, values: { email: values.email }, errors, next }), 400);
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

  // --- email confirmation -------------------------------------------------------------------------

  app.get('/confirm/resend', async (request, reply) => reply.page(ResendPage({ request, values: { email: request.user?.email ?? '' } })));

  app.post('/confirm/resend', limited, async (request, reply) => {
    const values = fields(request, ['email']);
    try {
      await resendConfirmation(ctx, values.email, request.lang);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return reply.page(ResendPage({ request, values, errors }), 400);
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
    await startSession(request, reply, result.session);
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
      return reply.page(ResetRequestPage({ request, values, errors }), 400);
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

  // --- account and API tokens -------------------------------------------------------------------

  app.get(
    '/account',
    page(async (request, reply) => {
      const user = requireUser(request);
      return reply.page(AccountPage({ request, user, tokens: await listApiTokens(ctx.db, user.id) }));
    }),
  );

  app.post(
    '/account',
    page(async (request, reply) => {
      const user = requireUser(request);
      const values = fields(request, ['name', 'locale']);
      try {
        await updateProfile(ctx.db, user.id, { name: values.name, locale: values.locale || null });
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        return reply.page(AccountPage({ request, user, tokens: await listApiTokens(ctx.db, user.id), values, errors }), 400);
      }
      if (isLocale(values.locale))
        reply.setCookie(LANG_COOKIE, values.locale, { path: '/', sameSite: 'lax', maxAge: 365 * 86400, secure: ctx.config.secureCookies });
      else reply.clearCookie(LANG_COOKIE, { path: '/' });
      const lang = isLocale(values.locale) ? values.locale : request.lang;
      reply.flash('success', ctx.i18n.getFixedT(lang)('accounts:account.saved'));
      return reply.redirect('/account', 303);
    }),
  );

  app.post(
    '/account/tokens',
    page(async (request, reply) => {
      const user = requireUser(request);
      try {
        const created = await createApiToken(ctx.db, user.id, field(request, 'tokenName'));
        return reply.page(AccountPage({ request, user, tokens: await listApiTokens(ctx.db, user.id), newToken: created.token }), 201);
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        const tokenErrors = errors.name ? { tokenName: errors.name } : errors;
        return reply.page(AccountPage({ request, user, tokens: await listApiTokens(ctx.db, user.id), tokenErrors }), 400);
      }
    }),
  );

  app.post<{ Params: { id: string } }>(
    '/account/tokens/:id/revoke',
    page(async (request, reply) => {
      const user = requireUser(request);
      await revokeApiToken(ctx.db, user.id, (request.params as { id: string }).id);
      reply.flash('success', request.t('accounts:account.revoked'));
      return reply.redirect('/account#tokens', 303);
    }),
  );

  // --- organisations ------------------------------------------------------------------------------

  app.get(
    '/organisations',
    page(async (request, reply) => {
      const user = requireUser(request);
      return reply.page(OrganisationsPage({ request, organisations: await listMyOrganisations(ctx, user) }));
    }),
  );

  app.get(
    '/organisations/new',
    page(async (request, reply) => {
      const user = requireUser(request);
      return reply.page(NewOrganisationPage({ request, user }));
    }),
  );

  app.post(
    '/organisations',
    page(async (request, reply) => {
      const user = requireUser(request);
      const values = fields(request, ['slug', 'name', 'kind', 'description', 'website']);
      if (!user.emailConfirmed) return reply.page(NewOrganisationPage({ request, user, values }), 403);
      try {
        const org = await createOrganisationAs(ctx, user, { ...values, kind: values.kind || 'other' });
        reply.flash('success', request.t('accounts:organisations.created', { name: org.name }));
        return reply.redirect(`/organisations/${org.slug}`, 303);
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        return reply.page(NewOrganisationPage({ request, user, values, errors }), 400);
      }
    }),
  );

  async function organisationPage(
    request: FastifyRequest,
    slug: string,
    extra: { values?: Record<string, string>; errors?: FormErrors } = {},
  ) {
    const user = requireUser(request);
    const organisation = await getOrganisation(ctx, user, slug);
    const canManage = user.isOperator || (organisation.role !== null && MANAGER_ROLES.includes(organisation.role));
    return OrganisationPage({
      request,
      organisation,
      members: await listMembers(ctx, user, organisation.id),
      invitations: canManage ? await listPendingInvitations(ctx, user, organisation.id) : [],
      canManage,
      isOwner: user.isOperator || organisation.role === 'owner',
      ...extra,
    });
  }

  app.get(
    '/organisations/:slug',
    page(async (request, reply) => reply.page(await organisationPage(request, (request.params as { slug: string }).slug))),
  );

  app.post(
    '/organisations/:slug/invitations',
    // Each one sends a mail to an address of the caller's choosing.
    limited,
    page(async (request, reply) => {
      const user = requireUser(request);
      const { slug } = request.params as { slug: string };
      const values = fields(request, ['email', 'role']);
      try {
        const invitation = await inviteMember(ctx, user, slug, values, request.lang);
        reply.flash('success', request.t('accounts:organisations.invited', { email: invitation.email }));
        return reply.redirect(`/organisations/${slug}`, 303);
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        return reply.page(await organisationPage(request, slug, { values, errors }), 400);
      }
    }),
  );

  app.post(
    '/organisations/:slug/invitations/:id/revoke',
    page(async (request, reply) => {
      const user = requireUser(request);
      const { slug, id } = request.params as { slug: string; id: string };
      const invitation = await revokeInvitation(ctx, user, slug, id);
      reply.flash('success', request.t('accounts:organisations.invitationRevoked', { email: invitation.email }));
      return reply.redirect(`/organisations/${encodeURIComponent(slug)}#invite`, 303);
    }),
  );

  app.post(
    '/organisations/:slug/invitations/:id/resend',
    // Each one sends a mail to an address of the caller's choosing.
    limited,
    page(async (request, reply) => {
      const user = requireUser(request);
      const { slug, id } = request.params as { slug: string; id: string };
      const invitation = await resendInvitation(ctx, user, slug, id, request.lang);
      reply.flash('success', request.t('accounts:organisations.invitationResent', { email: invitation.email }));
      return reply.redirect(`/organisations/${encodeURIComponent(slug)}#invite`, 303);
    }),
  );

  app.post(
    '/organisations/:slug/members/:userId',
    page(async (request, reply) => {
      const user = requireUser(request);
      const { slug, userId } = request.params as { slug: string; userId: string };
      try {
        const member = await changeMemberRole(ctx, user, slug, userId, field(request, 'role'));
        reply.flash(
          'success',
          request.t('accounts:organisations.roleChanged', { name: member.name, role: request.t(`accounts:roles.${member.role}`) }),
        );
        return reply.redirect(`/organisations/${slug}`, 303);
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        return reply.page(await organisationPage(request, slug, { errors: { member: Object.values(errors)[0] } }), 400);
      }
    }),
  );

  app.post(
    '/organisations/:slug/members/:userId/remove',
    page(async (request, reply) => {
      const user = requireUser(request);
      const { slug, userId } = request.params as { slug: string; userId: string };
      await requireOrgRole(ctx, user, slug, MANAGER_ROLES);
      const name = (await getCurrentUser(ctx.db, userId).catch(() => null))?.name ?? '';
      try {
        await removeMember(ctx, user, slug, userId);
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        return reply.page(await organisationPage(request, slug, { errors: { member: Object.values(errors)[0] } }), 400);
      }
      reply.flash('success', request.t('accounts:organisations.removed', { name }));
      return reply.redirect(userId === user.id && !user.isOperator ? '/organisations' : `/organisations/${slug}`, 303);
    }),
  );

  // --- invitations --------------------------------------------------------------------------------

  app.get<{ Params: { token: string } }>('/invitations/:token', async (request, reply) => {
    const invitation = await findInvitation(ctx, request.params.token);
    return reply.page(InvitationPage({ request, token: request.params.token, invitation }), invitation?.status === 'open' ? 200 : 404);
  });

  app.post(
    '/invitations/:token',
    page(async (request, reply) => {
      const user = requireUser(request);
      const { token } = request.params as { token: string };
      try {
        const { slug } = await acceptInvitation(ctx, user, token);
        const invitation = await findInvitation(ctx, token);
        reply.flash('success', request.t('accounts:invitation.accepted', { organisation: invitation?.organisation.name ?? slug }));
        return reply.redirect(`/organisations/${slug}`, 303);
      } catch (error) {
        if (error instanceof NotFoundError) return reply.page(InvitationPage({ request, token, invitation: null }), 404);
        throw error;
      }
    }),
  );

  // --- the network operator -----------------------------------------------------------------------

  app.get(
    '/admin/organisations',
    page(async (request, reply) => {
      const user = requireOperator(request);
      return reply.page(AdminOrganisationsPage({ request, organisations: await listAllOrganisations(ctx, user) }));
    }),
  );

  app.get(
    '/admin/outbox',
    page(async (request, reply) => {
      const user = requireOperator(request);
      return reply.page(OutboxPage({ request, mails: await listOutbox(ctx, user) }));
    }),
  );
}
