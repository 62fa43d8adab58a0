import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { fieldMessages, wantsJson } from '../../platform/http/problem.ts';
import {
  addToCollection,
  createCollection,
  deleteCollection,
  getCollection,
  listCollections,
  moveCollection,
  moveInCollection,
  removeFromCollection,
  updateCollection,
} from '../collections.ts';
import { CollectionPage, CollectionsPage } from '../pages/collections.tsx';
import { field } from './shared.ts';

type Id = { Params: { id: string } };

/** `/backpack/collections`: make, order, change and delete collections, and put badges in them. */
export function collectionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const formValues = (request: Parameters<typeof field>[0]) => ({
    name: field(request, 'name'),
    description: field(request, 'description'),
    isPublic: field(request, 'isPublic') === 'on',
  });

  app.get('/backpack/collections', async (request, reply) => {
    const user = requireUser(request);
    return reply.page(CollectionsPage({ request, collections: await listCollections(ctx, user.id) }));
  });

  app.post('/backpack/collections', async (request, reply) => {
    const user = requireUser(request);
    const values = formValues(request);
    try {
      const created = await createCollection(ctx, user.id, values);
      reply.flash('success', request.t('backpack:collections.created', { name: created.name }));
      return reply.redirect(`/backpack/collections/${created.id}`, 303);
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors || wantsJson(request)) throw error;
      return reply.page(
        CollectionsPage({ request, collections: await listCollections(ctx, user.id), values, errors }),
        (error as AppError).status,
      );
    }
  });

  app.get<Id>('/backpack/collections/:id', async (request, reply) => {
    const user = requireUser(request);
    return reply.page(CollectionPage({ request, collection: await getCollection(ctx, user.id, request.params.id) }));
  });

  app.post<Id>('/backpack/collections/:id', async (request, reply) => {
    const user = requireUser(request);
    const values = formValues(request);
    try {
      await updateCollection(ctx, user.id, request.params.id, values);
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors || wantsJson(request) || (error as AppError).status === 404) throw error;
      const collection = await getCollection(ctx, user.id, request.params.id);
      return reply.page(CollectionPage({ request, collection, values, errors }), (error as AppError).status);
    }
    reply.flash('success', request.t('backpack:collections.saved'));
    return reply.redirect(`/backpack/collections/${request.params.id}`, 303);
  });

  app.post<Id>('/backpack/collections/:id/delete', async (request, reply) => {
    const user = requireUser(request);
    const name = await deleteCollection(ctx, user.id, request.params.id);
    reply.flash('success', request.t('backpack:collections.deleted', { name }));
    return reply.redirect('/backpack/collections', 303);
  });

  app.post<Id>('/backpack/collections/:id/move', async (request, reply) => {
    const user = requireUser(request);
    await moveCollection(ctx, user.id, request.params.id, field(request, 'direction'));
    return reply.redirect('/backpack/collections', 303);
  });

  app.post<Id>('/backpack/collections/:id/items', async (request, reply) => {
    const user = requireUser(request);
    const item = await addToCollection(ctx, user.id, request.params.id, field(request, 'item'));
    reply.flash('success', request.t('backpack:collections.added', { name: item.name }));
    return reply.redirect(`/backpack/collections/${request.params.id}`, 303);
  });

  app.post<Id>('/backpack/collections/:id/items/remove', async (request, reply) => {
    const user = requireUser(request);
    await removeFromCollection(ctx, user.id, request.params.id, field(request, 'item'));
    return reply.redirect(`/backpack/collections/${request.params.id}`, 303);
  });

  app.post<Id>('/backpack/collections/:id/items/move', async (request, reply) => {
    const user = requireUser(request);
    await moveInCollection(ctx, user.id, request.params.id, field(request, 'item'), field(request, 'direction'));
    return reply.redirect(`/backpack/collections/${request.params.id}`, 303);
  });
}
