import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.ts';
import { requireUser } from '../../../platform/http/auth.ts';
import { bulkProgress, startBulkIssue } from '../bulk.ts';
import { BulkPage, BulkProgressView } from '../pages/issuer.tsx';
import { issuerOrganisation } from '../views.ts';
import { renderAchievementPage } from './achievements.tsx';
import { formErrors, hide, orgPath, readMultipart } from './shared.ts';

/** Bulk issues: upload a CSV from a badge's page, then follow the job's progress and per-row report. */
export function registerBulkPages(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Params: { slug: string; id: string } }>('/organisations/:slug/achievements/:id/bulk', hide, async (request, reply) => {
    const { slug, id } = request.params;
    const { fields, file } = await readMultipart(request);
    try {
      const bulkId = await startBulkIssue(ctx, requireUser(request), slug, id, file?.data.toString('utf8') ?? '', {
        lang: request.lang,
        proofFormat: fields.proofFormat || undefined,
      });
      return reply.redirect(`${orgPath(slug)}/bulk/${bulkId}`, 303);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return renderAchievementPage(ctx, request, reply, errors);
    }
  });
  app.get<{ Params: { slug: string; id: string }; Querystring: { fragment?: string } }>(
    '/organisations/:slug/bulk/:id',
    hide,
    async (request, reply) => {
      const organisation = await issuerOrganisation(ctx, requireUser(request), request.params.slug);
      const progress = await bulkProgress(ctx, request.user, organisation.slug, request.params.id, request.t);
      if (request.query.fragment || request.headers['hx-request'])
        return reply.page(<BulkProgressView request={request} organisation={organisation} progress={progress} />);
      return reply.page(<BulkPage request={request} organisation={organisation} progress={progress} />);
    },
  );
}
