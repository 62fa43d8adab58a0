import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { exportCollection } from './exchange.ts';
import {
  addSkillsToCollection,
  createCollection,
  getCollection,
  listCollections,
  listCollectionSkills,
  removeSkillFromCollection,
  updateCollection,
} from './service.ts';

import {
  type Api,
  CollectionOut,
  CollectionPatch,
  ExportQuery,
  IdParams,
  ListOf,
  NewCollection,
  Page,
  SkillOut,
  Status,
  Uuid,
  problems,
  sendFile,
  tags,
} from './api-schemas.ts';

/** Collections: list, create, read, change, their skills, export. */
export function collectionApiRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/collections',
    {
      schema: {
        tags,
        summary: 'Collections the caller may see',
        querystring: Type.Object({
          organisationId: Type.Optional(Uuid),
          status: Type.Optional(Status),
          skillId: Type.Optional(Uuid),
          ...Page,
        }),
        response: { 200: ListOf(CollectionOut), ...problems },
      },
    },
    async (request) => listCollections(ctx, request.user, request.query),
  );

  app.post(
    '/api/v1/collections',
    { schema: { tags, summary: 'Create a collection (draft)', body: NewCollection, response: { 201: CollectionOut, ...problems } } },
    async (request, reply) => {
      const collection = await createCollection(ctx, requireUser(request), request.body);
      return reply.status(201).header('location', `/api/v1/collections/${collection.id}`).send(collection);
    },
  );

  app.get(
    '/api/v1/collections/:id',
    { schema: { tags, summary: 'A collection', params: IdParams, response: { 200: CollectionOut, ...problems } } },
    async (request) => getCollection(ctx, request.params.id, request.user),
  );

  app.patch(
    '/api/v1/collections/:id',
    {
      schema: {
        tags,
        summary: 'Change a collection',
        params: IdParams,
        body: CollectionPatch,
        response: { 200: CollectionOut, ...problems },
      },
    },
    async (request) => updateCollection(ctx, requireUser(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/collections/:id/skills',
    {
      schema: {
        tags,
        summary: 'The skills of a collection',
        params: IdParams,
        querystring: Type.Object(Page),
        response: { 200: ListOf(SkillOut), ...problems },
      },
    },
    async (request) => listCollectionSkills(ctx, request.params.id, request.user, request.query),
  );

  app.post(
    '/api/v1/collections/:id/skills',
    {
      schema: {
        tags,
        summary: 'Add skills to a collection',
        params: IdParams,
        body: Type.Object({ skillIds: Type.Array(Type.String(), { minItems: 1, maxItems: 5000 }) }, { additionalProperties: false }),
        response: { 200: CollectionOut, ...problems },
      },
    },
    async (request) => addSkillsToCollection(ctx, requireUser(request), request.params.id, request.body.skillIds),
  );

  app.delete(
    '/api/v1/collections/:id/skills/:skillId',
    {
      schema: {
        tags,
        summary: 'Remove a skill from a collection',
        params: Type.Object({ id: Type.String(), skillId: Type.String() }),
        response: { 200: CollectionOut, ...problems },
      },
    },
    async (request) => removeSkillFromCollection(ctx, requireUser(request), request.params.id, request.params.skillId),
  );

  app.get(
    '/api/v1/collections/:id/export',
    {
      schema: {
        tags,
        summary: 'Export a collection (RSD JSON-LD, CSV, CASE, CTDL-ASN)',
        params: IdParams,
        querystring: ExportQuery,
        response: problems,
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await exportCollection(ctx, request.user, request.params.id, request.query.format, request.query.lang),
        request.query.download,
      ),
  );
}
