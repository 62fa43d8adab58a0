import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { safeNext } from '../../platform/http/next.ts';
import { createAction, myActions, updateAction } from '../actions.ts';
import { MyActionsPage } from '../pages/actions.tsx';
import { formError, formFields } from './communities.ts';
import { sessionPage } from './sessions.ts';

/** The page the form was posted from, when it is one of this site's. */
function backTo(ctx: AppContext, referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    const url = new URL(referer);
    if (url.origin !== new URL(ctx.config.baseUrl).origin) return null;
    return safeNext(`${url.pathname}${url.search}`, '') || null;
  } catch {
    return null;
  }
}

/** Action items: made in a session, their status changed, and "my actions". */
export function actionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Params: { id: string } }>('/communities/sessions/:id/actions', async (request, reply) => {
    const { actionTitle, owner, dueOn } = formFields(request, ['actionTitle', 'owner', 'dueOn'] as const);
    try {
      await createAction(ctx, requireUser(request), request.params.id, { title: actionTitle, owner, dueOn });
    } catch (error) {
      const errors = formError(request, error);
      if (errors.title) {
        errors.actionTitle = errors.title;
        delete errors.title;
      }
      return reply.page(await sessionPage(ctx, request, request.params.id, errors), (error as AppError).status);
    }
    reply.flash('success', request.t('communities:actions.added'));
    return reply.redirect(`/communities/sessions/${request.params.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/communities/actions/:id', async (request, reply) => {
    const action = await updateAction(
      ctx,
      requireUser(request),
      request.params.id,
      formFields(request, ['status', 'owner', 'dueOn', 'title'] as const),
    );
    reply.flash('success', request.t('communities:form.saved'));
    const back = backTo(ctx, request.headers.referer);
    return reply.redirect(back ?? (action.session_id ? `/communities/sessions/${action.session_id}` : '/communities/my-actions'), 303);
  });

  app.get('/communities/my-actions', async (request, reply) => {
    const user = requireUser(request);
    return reply.page(MyActionsPage({ request, actions: await myActions(ctx, user.id) }));
  });
}
