import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { requireUser } from '../platform/http/auth.ts';
import { E } from './errors.ts';
import { collectionItems, listCollections } from './collections.ts';
import { importBadge } from './imports.ts';
import { skillProfile } from './skill-profile.ts';
import { deleteAccount, exportFile, exportStatus, startExport } from './personal-data.ts';
import { type BackpackItem, deleteItem, getItem, ITEM_STATES, listItems, setItemState } from './items.ts';

const Uuid = Type.String({ description: 'The badge’s id in the backpack' });
const DateTime = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

const Item = Type.Object({
  id: Type.String(),
  source: Type.Union([Type.Literal('issued'), Type.Literal('imported')]),
  state: Type.String({ description: 'pending, accepted or hidden' }),
  isNew: Type.Boolean(),
  name: Type.String(),
  description: Type.String(),
  issuerName: Type.String(),
  image: Type.Union([Type.String(), Type.Null()]),
  awardedAt: DateTime,
  validUntil: DateTime,
  status: Type.String({ description: 'active, revoked, suspended, expired or invalid' }),
  recipientEmail: Type.String(),
  skills: Type.Array(Type.Object({}, { additionalProperties: true })),
  publicUrl: Type.Union([Type.String(), Type.Null()]),
});

const json = (item: BackpackItem) => ({
  id: item.id,
  source: item.source,
  state: item.state,
  isNew: item.isNew,
  name: item.name,
  description: item.description,
  issuerName: item.issuerName,
  image: item.image,
  awardedAt: item.awardedAt?.toISOString() ?? null,
  validUntil: item.validUntil?.toISOString() ?? null,
  status: item.status,
  recipientEmail: item.recipientEmail,
  skills: item.skills,
  publicUrl: item.publicUrl,
});

/** The backpack as JSON (`/api/v1/backpack/...`), for the signed-in person or their API token. */
export async function backpackApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['backpack'];

  api.get(
    '/api/v1/backpack/items',
    {
      schema: {
        tags,
        summary: 'My badges',
        querystring: Type.Object({ show: Type.Optional(Type.Union([Type.Literal('current'), Type.Literal('hidden')])) }),
        response: { 200: Type.Object({ items: Type.Array(Item), total: Type.Integer() }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const list = await listItems(ctx, user.id, request.query.show ?? 'current');
      return { items: list.items.map(json), total: list.items.length };
    },
  );

  api.get(
    '/api/v1/backpack/items/:id',
    { schema: { tags, summary: 'One of my badges, with the credential', params: Type.Object({ id: Uuid }) } },
    async (request) => {
      const user = requireUser(request);
      const item = await getItem(ctx, user.id, request.params.id);
      return { ...json(item), credential: item.document, jwt: item.jwt };
    },
  );

  api.post(
    '/api/v1/backpack/items/:id/state',
    {
      schema: {
        tags,
        summary: 'Accept, hide or show again one of my badges',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ state: Type.Union(ITEM_STATES.map((s) => Type.Literal(s))) }, { additionalProperties: false }),
        response: { 200: Item },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return json(await setItemState(ctx, user.id, request.params.id, request.body.state));
    },
  );

  api.post(
    '/api/v1/backpack/import',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Import a badge earned elsewhere',
        description:
          'Give one of `credential` (an OB 3.0 or 2.0 credential as JSON, or its JSON or JWS text) or `url` (fetched over https, never from private or loopback addresses). The badge is verified and must be issued to one of your confirmed addresses.',
        body: Type.Object(
          {
            credential: Type.Optional(
              Type.Union([Type.Object({}, { additionalProperties: true }), Type.String({ maxLength: 1024 * 1024 })]),
            ),
            url: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Item },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { credential, url } = request.body;
      if (credential === undefined && url === undefined) throw E.importNothing('credential');
      if (credential !== undefined && url !== undefined) throw E.importOneOnly('url');
      const text = typeof credential === 'string' ? credential : credential ? JSON.stringify(credential) : undefined;
      try {
        const item = await importBadge(ctx, user.id, { text, url });
        return reply.status(201).send(json(item));
      } catch (error) {
        // The service names the form's `text` field; the API calls it `credential`.
        if (error instanceof AppError && error.field === 'text')
          throw new AppError(error.status, error.code, { field: 'credential', params: error.params });
        throw error;
      }
    },
  );

  api.get(
    '/api/v1/backpack/collections',
    { schema: { tags, summary: 'My collections, in their order, with their badges' } },
    async (request) => {
      const user = requireUser(request);
      const collections = await listCollections(ctx, user.id);
      const items = await collectionItems(
        ctx,
        user.id,
        collections.map((c) => c.id),
      );
      return {
        collections: collections.map((c) => ({
          id: c.id,
          name: c.name,
          description: c.description,
          isPublic: c.isPublic,
          items: (items.get(c.id) ?? []).map(json),
        })),
      };
    },
  );

  api.get(
    '/api/v1/backpack/skills',
    {
      schema: {
        tags,
        summary: 'My skills profile: the skills of my accepted badges, grouped, each with its badges',
        querystring: Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('nl')])) }),
      },
    },
    async (request) => {
      const user = requireUser(request);
      const groups = await skillProfile(ctx, user.id, request.query.lang ?? request.lang);
      return {
        groups: groups.map((g) => ({
          name: g.name,
          trail: g.trail,
          skills: g.skills.map((s) => ({
            skillId: s.skillId,
            name: s.name,
            url: s.url,
            badges: s.badges.map((b) => ({ id: b.id, name: b.name })),
          })),
        })),
      };
    },
  );

  const exportJson = (s: Awaited<ReturnType<typeof exportStatus>>) => ({
    id: s.id,
    status: s.status,
    done: s.done,
    total: s.total,
    size: s.size,
    createdAt: s.createdAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    download: s.status === 'done' ? `/api/v1/backpack/exports/${s.id}/download` : null,
  });

  api.post(
    '/api/v1/backpack/exports',
    { schema: { tags, summary: 'Start building a download of everything Vaardig holds about me (a zip)' } },
    async (request, reply) => {
      const user = requireUser(request);
      return reply.status(202).send(exportJson(await startExport(ctx, user.id, request.lang)));
    },
  );

  api.get(
    '/api/v1/backpack/exports/:id',
    { schema: { tags, summary: 'How far the download is', params: Type.Object({ id: Uuid }) } },
    async (request) => {
      const user = requireUser(request);
      return exportJson(await exportStatus(ctx, user.id, request.params.id));
    },
  );

  api.get(
    '/api/v1/backpack/exports/:id/download',
    { schema: { tags, summary: 'The finished download (application/zip)', params: Type.Object({ id: Uuid }) } },
    async (request, reply) => {
      const user = requireUser(request);
      const { file } = await exportFile(ctx, user.id, request.params.id);
      return reply.type('application/zip').header('content-disposition', 'attachment; filename="vaardig.zip"').send(file);
    },
  );

  api.post(
    '/api/v1/backpack/account/delete',
    {
      config: { rateLimit: app.authRateLimit },
      schema: {
        tags,
        summary: 'Delete my account and everything Vaardig holds about me',
        description:
          'Give your primary email address as `confirm`. Credentials that issuers issued to you stay valid, recorded as issued to a pseudonym.',
        body: Type.Object({ confirm: Type.String({ maxLength: 320 }) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await deleteAccount(ctx, user, request.body.confirm);
      return reply.status(204).send();
    },
  );

  api.delete(
    '/api/v1/backpack/items/:id',
    { schema: { tags, summary: 'Delete my copy of a badge', params: Type.Object({ id: Uuid }) } },
    async (request, reply) => {
      const user = requireUser(request);
      await deleteItem(ctx, user.id, request.params.id);
      return reply.status(204).send();
    },
  );
}
