import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { approvedApps, withdrawApp } from '../apps.ts';
import { AppsPage } from '../pages/apps.tsx';

/** `/account/apps`: the apps the person approved; withdrawing one revokes its approval and tokens. */
export function appsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/account/apps', { schema: { hide: true } }, async (request, reply) => {
    const user = requireUser(request);
    return reply.page(AppsPage({ request, apps: await approvedApps(ctx, user.id) }));
  });

  app.post<{ Params: { clientId: string } }>('/account/apps/:clientId/withdraw', { schema: { hide: true } }, async (request, reply) => {
    const user = requireUser(request);
    const withdrawn = await withdrawApp(ctx, user.id, request.params.clientId);
    reply.flash('success', request.t('openbadges-api:apps.withdrawn', { app: withdrawn.name }));
    return reply.redirect('/account/apps', 303);
  });
}
