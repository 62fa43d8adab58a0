import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.ts';
import { requireUser } from '../../../platform/http/auth.ts';
import { changeCredentialStatus, listIssued, MAX_LIST_OFFSET } from '../issue.ts';
import { IssuedListPage } from '../pages/issuer.tsx';
import { ConfirmStatusPage } from '../pages/status.tsx';
import { issuerOrganisation, statusChangeView } from '../views.ts';
import { formErrors, hide, orgPath } from './shared.ts';

type Params = { slug: string; id: string };

/**
 * Issued credentials: the list, and revoking, suspending or reinstating one. A change is asked
 * for on the list (a GET form) and made only from the confirmation page it leads to.
 */
export function registerIssuedCredentialPages(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string }; Querystring: { offset?: string } }>(
    '/organisations/:slug/credentials',
    hide,
    async (request, reply) => {
      const organisation = await issuerOrganisation(ctx, requireUser(request), request.params.slug);
      const offset = Math.min(Math.max(0, Math.trunc(Number(request.query.offset)) || 0), MAX_LIST_OFFSET);
      const { items, total } = await listIssued(ctx, request.user, organisation.slug, { limit: 50, offset });
      return reply.page(<IssuedListPage request={request} organisation={organisation} items={items} total={total} offset={offset} />);
    },
  );
  app.get<{ Params: Params; Querystring: { action?: string; reason?: string } }>(
    '/organisations/:slug/credentials/:id/status',
    hide,
    async (request, reply) => {
      const view = await statusChangeView(ctx, requireUser(request), request.params.slug, request.params.id, request.query.action ?? '');
      return reply.page(<ConfirmStatusPage request={request} {...view} reason={request.query.reason} />);
    },
  );
  app.post<{ Params: Params; Body: Record<string, string> }>(
    '/organisations/:slug/credentials/:id/status',
    hide,
    async (request, reply) => {
      const { slug, id } = request.params;
      const action = request.body?.action ?? '';
      const reason = request.body?.reason ?? '';
      // Not confirmed yet (an old form, a hand-made request): the confirmation page, nothing changed.
      if (request.body?.confirmed !== 'yes') {
        const view = await statusChangeView(ctx, requireUser(request), slug, id, action);
        return reply.page(<ConfirmStatusPage request={request} {...view} reason={reason} />);
      }
      try {
        const changed = await changeCredentialStatus(ctx, requireUser(request), slug, id, action, reason);
        const state = request.t(`credentials:badge.${changed.state}`).toLowerCase();
        reply.flash('success', request.t('credentials:badge.list.changed', { state }));
        return reply.redirect(`${orgPath(slug)}/credentials`, 303);
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        const view = await statusChangeView(ctx, requireUser(request), slug, id, action);
        return reply.page(<ConfirmStatusPage request={request} {...view} reason={reason} errors={errors} />, 400);
      }
    },
  );
}
