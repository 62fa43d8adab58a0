import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { errorMessage } from '../../platform/http/problem.ts';
import { E } from '../errors.ts';
import { accessCommunity } from '../communities.ts';
import {
  acceptInvitation,
  changeMember,
  findInvitation,
  inviteToCommunity,
  joinCommunity,
  leaveCommunity,
  removeMember,
} from '../members.ts';
import { listMembers } from '../overview.ts';
import { InvitationPage, MembersPage } from '../pages/members.tsx';
import { formError, formFields } from './communities.ts';

type Slug = { Params: { slug: string } };

/** Joining and leaving, the facilitators' members page, invitations by mail. */
export function memberRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<Slug>('/communities/:slug/join', async (request, reply) => {
    const status = await joinCommunity(ctx, requireUser(request), request.params.slug);
    reply.flash('success', request.t(`communities:join.${status}`));
    return reply.redirect(`/communities/${request.params.slug}`, 303);
  });

  app.post<Slug>('/communities/:slug/leave', async (request, reply) => {
    await leaveCommunity(ctx, requireUser(request), request.params.slug);
    reply.flash('success', request.t('communities:join.left'));
    return reply.redirect('/communities', 303);
  });

  const membersPage = async (request: FastifyRequest, slug: string, values = {}, errors?: Record<string, string>) => {
    const { community } = await accessCommunity(ctx, requireUser(request), slug, 'facilitator');
    const members = await listMembers(ctx, community.id);
    const requests = await listMembers(ctx, community.id, 'requested');
    return MembersPage({ request, community, members, requests, values, errors });
  };

  app.get<Slug>('/communities/:slug/members', async (request, reply) => reply.page(await membersPage(request, request.params.slug)));

  app.post<{ Params: { slug: string; userId: string } }>('/communities/:slug/members/:userId', async (request, reply) => {
    const body = formFields(request, ['role', 'angle', 'core'] as const);
    try {
      await changeMember(ctx, requireUser(request), request.params.slug, request.params.userId, { ...body, core: body.core ?? '' });
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(await membersPage(request, request.params.slug, {}, errors), (error as AppError).status);
    }
    reply.flash('success', request.t('communities:form.saved'));
    return reply.redirect(`/communities/${request.params.slug}/members`, 303);
  });

  app.post<{ Params: { slug: string; userId: string } }>('/communities/:slug/members/:userId/remove', async (request, reply) => {
    try {
      await removeMember(ctx, requireUser(request), request.params.slug, request.params.userId);
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(await membersPage(request, request.params.slug, {}, errors), (error as AppError).status);
    }
    reply.flash('success', request.t('communities:members.removed'));
    return reply.redirect(`/communities/${request.params.slug}/members`, 303);
  });

  app.post<Slug>('/communities/:slug/members/invite', async (request, reply) => {
    const values = formFields(request, ['email', 'role', 'angle'] as const);
    try {
      await inviteToCommunity(ctx, requireUser(request), request.params.slug, values, request.lang);
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(await membersPage(request, request.params.slug, values, errors), (error as AppError).status);
    }
    reply.flash('success', request.t('communities:members.invited'));
    return reply.redirect(`/communities/${request.params.slug}/members`, 303);
  });

  app.get<{ Params: { token: string } }>('/communities/invitations/:token', async (request, reply) => {
    requireUser(request);
    const found = await findInvitation(ctx, request.params.token);
    if (!found) throw E.invitationNotFound();
    return reply.page(InvitationPage({ request, community: found.community, token: request.params.token }));
  });

  app.post<{ Params: { token: string } }>('/communities/invitations/:token', async (request, reply) => {
    const user = requireUser(request);
    try {
      const community = await acceptInvitation(ctx, user, request.params.token);
      reply.flash('success', request.t('communities:invitation.accepted'));
      return reply.redirect(`/communities/${community.slug}`, 303);
    } catch (error) {
      const found = await findInvitation(ctx, request.params.token);
      if (!found || (error as AppError).status !== 403) throw error;
      const message = errorMessage(request.t, (error as AppError).code, (error as AppError).params);
      return reply.page(InvitationPage({ request, community: found.community, token: request.params.token, error: message }), 403);
    }
  });
}
