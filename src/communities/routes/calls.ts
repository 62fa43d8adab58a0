import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import { accessCall, applyToCall, closeCall, createCall, decideApplication, listApplications } from '../calls.ts';
import { accessCommunity, type CommunityRow } from '../communities.ts';
import { E } from '../errors.ts';
import { CallFormPage, CallPage } from '../pages/calls.tsx';
import { formError, formFields } from './communities.ts';

type Slug = { Params: { slug: string } };

/** A call is seen by anyone signed in who has its link (a call is the way into a community by invitation too). */
async function callForAnyone(ctx: AppContext, user: CurrentUser, id: string) {
  try {
    const { call, access } = await accessCall(ctx, user, id, 'see');
    return { call, community: access.community, isFacilitator: access.isFacilitator };
  } catch (error) {
    if ((error as AppError).code !== E.communityNotFound.code) throw error;
    const call = await ctx.db.selectFrom('community_calls').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const community = (await ctx.db
      .selectFrom('communities')
      .selectAll()
      .where('id', '=', call.community_id)
      .executeTakeFirstOrThrow()) as CommunityRow;
    return { call, community, isFacilitator: false };
  }
}

/** Calls for applications: opening one, its page with the application form, applying, deciding, closing. */
export function callRoutes(app: FastifyInstance, ctx: AppContext): void {
  const callPage = async (request: FastifyRequest, id: string, values = {}, errors?: Record<string, string>) => {
    const user = requireUser(request);
    const { call, community, isFacilitator } = await callForAnyone(ctx, user, id);
    const applications = isFacilitator ? await listApplications(ctx, call.id) : [];
    const mine =
      (await ctx.db
        .selectFrom('community_applications')
        .selectAll()
        .where('call_id', '=', call.id)
        .where('user_id', '=', user.id)
        .executeTakeFirst()) ?? null;
    return CallPage({ request, community, call, mine, applications, isFacilitator, values, errors });
  };

  app.get<Slug>('/communities/:slug/calls/new', async (request, reply) => {
    const { community } = await accessCommunity(ctx, requireUser(request), request.params.slug, 'facilitator');
    return reply.page(CallFormPage({ request, community, values: {} }));
  });

  app.post<Slug>('/communities/:slug/calls/new', async (request, reply) => {
    const user = requireUser(request);
    const { community } = await accessCommunity(ctx, user, request.params.slug, 'facilitator');
    const values = formFields(request, ['title', 'description', 'questions', 'closesOn'] as const);
    try {
      const call = await createCall(ctx, user, community.id, values);
      reply.flash('success', request.t('communities:call.opened'));
      return reply.redirect(`/communities/calls/${call.id}`, 303);
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(CallFormPage({ request, community, values, errors }), (error as AppError).status);
    }
  });

  app.get<{ Params: { id: string } }>('/communities/calls/:id', async (request, reply) =>
    reply.page(await callPage(request, request.params.id)),
  );

  app.post<{ Params: { id: string } }>('/communities/calls/:id/apply', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const answers = Array.from({ length: 10 }, (_, i) =>
      typeof body[`answer${i}`] === 'string' ? (body[`answer${i}`] as string).slice(0, 20_000) : '',
    );
    try {
      await applyToCall(ctx, requireUser(request), request.params.id, answers);
    } catch (error) {
      const errors = formError(request, error);
      const values = Object.fromEntries(answers.map((a, i) => [`answer${i}`, a]));
      return reply.page(await callPage(request, request.params.id, values, errors), (error as AppError).status);
    }
    reply.flash('success', request.t('communities:call.sent'));
    return reply.redirect(`/communities/calls/${request.params.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/communities/calls/:id/close', async (request, reply) => {
    await closeCall(ctx, requireUser(request), request.params.id);
    return reply.redirect(`/communities/calls/${request.params.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/communities/applications/:id/decide', async (request, reply) => {
    const { decision } = formFields(request, ['decision'] as const);
    const application = await decideApplication(ctx, requireUser(request), request.params.id, decision ?? '');
    reply.flash('success', request.t('communities:form.saved'));
    return reply.redirect(`/communities/calls/${application.call_id}`, 303);
  });
}
