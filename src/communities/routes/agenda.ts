import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { addAgendaItem, register, removeAgendaItem, unregister } from '../sessions.ts';
import { saveTemplate } from '../templates.ts';
import { formError, formFields } from './communities.ts';
import { sessionPage } from './sessions.ts';

type Id = { Params: { id: string } };

/** A session's agenda items, saving its agenda as a template, registering and cancelling a registration. */
export function agendaRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<Id>('/communities/sessions/:id/agenda', async (request, reply) => {
    try {
      await addAgendaItem(ctx, requireUser(request), request.params.id, formFields(request, ['title', 'minutes', 'lead'] as const));
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(await sessionPage(ctx, request, request.params.id, errors), (error as AppError).status);
    }
    return reply.redirect(`/communities/sessions/${request.params.id}`, 303);
  });

  app.post<Id>('/communities/agenda/:id/remove', async (request, reply) => {
    const sessionId = await removeAgendaItem(ctx, requireUser(request), request.params.id);
    return reply.redirect(`/communities/sessions/${sessionId}`, 303);
  });

  app.post<Id>('/communities/sessions/:id/save-template', async (request, reply) => {
    try {
      await saveTemplate(ctx, requireUser(request), request.params.id, formFields(request, ['name'] as const).name ?? '');
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(await sessionPage(ctx, request, request.params.id, errors), (error as AppError).status);
    }
    reply.flash('success', request.t('communities:agenda.templateSaved'));
    return reply.redirect(`/communities/sessions/${request.params.id}`, 303);
  });

  app.post<Id>('/communities/sessions/:id/register', async (request, reply) => {
    const status = await register(ctx, requireUser(request), request.params.id);
    reply.flash('success', request.t(`communities:registration.${status}`));
    return reply.redirect(`/communities/sessions/${request.params.id}`, 303);
  });

  app.post<Id>('/communities/sessions/:id/cancel-registration', async (request, reply) => {
    await unregister(ctx, requireUser(request), request.params.id);
    reply.flash('success', request.t('communities:registration.cancelled'));
    return reply.redirect(`/communities/sessions/${request.params.id}`, 303);
  });
}
