import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import { requestRefresh } from '../jobs.ts';
import { HomePage, RegionPage } from '../pages/home.tsx';
import { personRegion, type RegionInput, setPersonRegion } from '../regions.ts';
import { reportOrganisations } from '../reports.ts';
import { lastRefresh } from '../rollups.ts';

/** `/insight` (the landing page), one's region, and the operator's "count again now". */
export function homeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/insight', async (request, reply) => {
    if (!request.user) throw PlatformErrors.unauthorized();
    const [refreshed, region, reportOrgs] = await Promise.all([
      lastRefresh(ctx),
      personRegion(ctx, request.user.id),
      reportOrganisations(ctx, request.user),
    ]);
    return reply.page(<HomePage request={request} refreshed={refreshed} region={region} reportOrgs={reportOrgs} />);
  });

  app.get('/insight/region', async (request, reply) => {
    if (!request.user) throw PlatformErrors.unauthorized();
    const region = await personRegion(ctx, request.user.id);
    return reply.page(<RegionPage request={request} values={region ?? { municipality: '', province: '' }} />);
  });

  app.post<{ Body: RegionInput }>('/insight/region', async (request, reply) => {
    const body = (request.body ?? {}) as RegionInput;
    try {
      const done = await setPersonRegion(ctx, request.user, body);
      reply.flash('success', request.t(done === 'saved' ? 'insight:region.saved' : 'insight:region.removed'));
      return reply.redirect('/insight', 303);
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors) throw error;
      return reply.page(
        <RegionPage
          request={request}
          values={{ municipality: String(body.municipality ?? ''), province: String(body.province ?? '') }}
          errors={errors}
        />,
        400,
      );
    }
  });

  app.post('/insight/refresh', async (request, reply) => {
    if (!request.user) throw PlatformErrors.unauthorized();
    if (!request.user.isOperator) throw PlatformErrors.forbidden();
    await requestRefresh(ctx);
    reply.flash('success', request.t('insight:home.refreshQueued'));
    return reply.redirect('/insight', 303);
  });
}
