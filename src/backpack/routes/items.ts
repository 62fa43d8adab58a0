import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { deleteItem, getItem, listItems, markSeen, PAGE_SIZE, setItemState, verifyItem } from '../items.ts';
import { BackpackPage } from '../pages/backpack.tsx';
import { ItemPage } from '../pages/item.tsx';
import { backTo, field } from './shared.ts';

const DONE: Record<string, string> = {
  accepted: 'backpack:backpack.acceptedDone',
  hidden: 'backpack:backpack.hiddenDone',
  pending: 'backpack:backpack.shownDone',
};

/** `/backpack` and a badge's page inside it: accept, hide, show again, delete my copy, download. */
export function itemRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: { show?: string; page?: string } }>('/backpack', async (request, reply) => {
    const user = requireUser(request);
    const show = request.query.show === 'hidden' ? 'hidden' : 'current';
    // A page at a time: a backpack of a thousand badges is not one page of a thousand cards.
    const page = /^\d{1,6}$/.test(request.query.page ?? '') ? Number(request.query.page) : 1;
    const list = await listItems(ctx, user.id, show, { page, pageSize: PAGE_SIZE });
    const html = await BackpackPage({ request, list, show });
    // Shown once as new: seen from now on.
    await markSeen(
      ctx,
      user.id,
      list.items.filter((i) => i.isNew).map((i) => i.id),
    );
    return reply.page(html);
  });

  app.get<{ Params: { id: string } }>('/backpack/items/:id', async (request, reply) => {
    const user = requireUser(request);
    const item = await getItem(ctx, user.id, request.params.id);
    const html = await ItemPage({ request, item, verdict: await verifyItem(ctx, item) });
    await markSeen(ctx, user.id, [item.id]);
    return reply.page(html);
  });

  app.post<{ Params: { id: string } }>('/backpack/items/:id/state', async (request, reply) => {
    const user = requireUser(request);
    const item = await setItemState(ctx, user.id, request.params.id, field(request, 'state'));
    reply.flash('success', request.t(DONE[item.state], { name: item.name }));
    return reply.redirect(backTo(field(request, 'back'), '/backpack'), 303);
  });

  app.post<{ Params: { id: string } }>('/backpack/items/:id/delete', async (request, reply) => {
    const user = requireUser(request);
    const item = await deleteItem(ctx, user.id, request.params.id);
    reply.flash('success', request.t('backpack:backpack.deletedDone', { name: item.name }));
    return reply.redirect('/backpack', 303);
  });

  app.get<{ Params: { id: string; file: string } }>('/backpack/items/:id/:file', async (request, reply) => {
    const user = requireUser(request);
    const { file } = request.params;
    if (file !== 'credential.json' && file !== 'credential.jwt') return reply.callNotFound();
    const item = await getItem(ctx, user.id, request.params.id);
    if (file === 'credential.jwt') {
      if (!item.jwt) return reply.callNotFound();
      return reply.type('application/jwt').header('content-disposition', 'attachment; filename="credential.jwt"').send(item.jwt);
    }
    return reply
      .type('application/ld+json')
      .header('content-disposition', 'attachment; filename="credential.json"')
      .send(JSON.stringify(item.document, null, 2));
  });
}
