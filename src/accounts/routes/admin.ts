import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireOperator } from '../../platform/http/auth.ts';
import { listAllOrganisations, listOutbox } from '../organisations.ts';
import { AdminOrganisationsPage, OutboxPage } from '../pages/admin.tsx';
import { page } from './shared.ts';

/** The network operator's pages. */
export function adminRoutes(app: FastifyInstance, ctx: AppContext): void {
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
