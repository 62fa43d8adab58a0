import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { DetailPage } from '../pages/detail.tsx';
import { ListPage } from '../pages/list.tsx';
import { detailView, listView } from '../views.ts';
import { hide } from './shared.ts';

/** `/pathways` and `/pathways/:id`: public for published pathways, with the signed-in person's progress. */
export function pathwayPages(app: FastifyInstance, ctx: AppContext): void {
  app.get('/pathways', hide, async (request, reply) => {
    const view = await listView(ctx, request.user);
    return reply.page(<ListPage request={request} {...view} />);
  });
  app.get<{ Params: { id: string } }>('/pathways/:id', hide, async (request, reply) => {
    const view = await detailView(ctx, request, request.params.id);
    return reply.page(<DetailPage request={request} {...view} />);
  });
}
