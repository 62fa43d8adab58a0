import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { E } from '../errors.ts';
import { acceptInvitation, findInvitation, inviteMember, resendInvitation, revokeInvitation } from '../organisations.ts';
import { InvitationPage } from '../pages/organisations.tsx';
import { organisationPage } from './organisations.ts';
import { fields, formErrors, authLimited, page } from './shared.ts';

/** Invitations: sent from an organisation's page, accepted from the mailed link. */
export function invitationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const limited = authLimited(app);

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
        return reply.page(await organisationPage(ctx, request, slug, { values, errors }), 400);
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

  // --- accepting ------------------------------------------------------------------------------------

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
        if (error instanceof AppError && error.code === E.invitationNotFound.code)
          return reply.page(InvitationPage({ request, token, invitation: null }), 404);
        throw error;
      }
    }),
  );
}
