import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { ValidationError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { vaardigRsdContext, bundledContexts, RSD_CONTEXT_URL, VAARDIG_RSD_CONTEXT_PATH } from '../contexts/index.ts';
import { EXPORT_FORMATS, IMPORT_FORMATS, type ImportFormat } from '../formats/index.ts';
import { decideSuggestion, listSuggestions, suggestEscoAlignments } from './crosswalk.ts';
import { type ExportFile, exportCollection, exportSkills, importSkills } from './exchange.ts';
import {
  addSkillsToCollection,
  createCollection,
  createSkill,
  getCollection,
  getSkill,
  listCollections,
  listCollectionSkills,
  removeSkillFromCollection,
  setCollectionStatus,
  setSkillStatus,
  skillHistory,
  updateCollection,
  updateSkill,
} from './service.ts';
import { MAX_OFFSET } from './validate.ts';

const Uuid = Type.String({ format: 'uuid' });
const LangMap = Type.Record(Type.String(), Type.String(), { description: 'Text by language: {"en": "...", "nl": "..."}' });
const LangList = Type.Record(Type.String(), Type.Array(Type.String()), { description: 'Texts by language: {"en": ["..."]}' });
const Reference = Type.Object(
  { id: Type.Optional(Type.String({ description: 'URI' })), name: Type.Optional(Type.String()), framework: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
const Occupation = Type.Object(
  {
    id: Type.Optional(Type.String({ description: 'URI, e.g. an ESCO occupation' })),
    name: Type.Optional(Type.String()),
    code: Type.Optional(Type.String()),
    framework: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
const skillFields = {
  name: Type.Optional(LangMap),
  statement: Type.Optional(LangMap),
  keywords: Type.Optional(LangList),
  categories: Type.Optional(Type.Array(Type.String())),
  standards: Type.Optional(Type.Array(Reference)),
  certifications: Type.Optional(Type.Array(Reference)),
  occupations: Type.Optional(Type.Array(Occupation)),
  employers: Type.Optional(Type.Array(Reference)),
  alignments: Type.Optional(Type.Array(Reference)),
  author: Type.Optional(Type.Union([Type.String(), Type.Null()])),
};
const SkillPatch = Type.Object(skillFields, { additionalProperties: false });
const NewSkill = Type.Object({ ...skillFields, organisationId: Uuid, name: LangMap }, { additionalProperties: false });
const collectionFields = {
  name: Type.Optional(LangMap),
  description: Type.Optional(LangMap),
  author: Type.Optional(Type.Union([Type.String(), Type.Null()])),
};
const CollectionPatch = Type.Object(collectionFields, { additionalProperties: false });
const NewCollection = Type.Object({ ...collectionFields, organisationId: Uuid, name: LangMap }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String() });
const Status = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')]);
const ExportQuery = Type.Object({
  format: Type.Union(EXPORT_FORMATS.map((f) => Type.Literal(f))),
  lang: Type.Optional(
    Type.String({ pattern: '^([a-z]{2,3}(-[A-Za-z0-9]{2,8})*|all)$', description: 'a language code, or "all" (default)' }),
  ),
  download: Type.Optional(Type.Boolean()),
});
const Page = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET })),
};

// Response shapes, for /api/docs. Open (additionalProperties) so later fields are not dropped.
const open = { additionalProperties: true } as const;
/** Services hand out Dates; the serializer writes them as ISO 8601. */
const DateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const ReferenceOut = Type.Object(
  { id: Type.Optional(Type.String()), name: Type.Optional(Type.String()), framework: Type.Optional(Type.String()) },
  open,
);
const StatusOut = Type.String({ enum: ['draft', 'published', 'archived'] });
const SkillOut = Type.Object(
  {
    id: Uuid,
    uri: Type.String({ description: 'Canonical URL' }),
    source: Type.String({ enum: ['esco', 'local'] }),
    kind: Type.String({ enum: ['skill', 'group'] }),
    externalUri: Nullable(Type.String({ description: 'The concept URI it was imported from (ESCO)' })),
    skillType: Nullable(Type.String()),
    organisationId: Nullable(Uuid),
    name: LangMap,
    statement: LangMap,
    keywords: LangList,
    altLabels: LangList,
    categories: Type.Array(Type.String()),
    standards: Type.Array(ReferenceOut),
    certifications: Type.Array(ReferenceOut),
    occupations: Type.Array(
      Type.Object({ ...ReferenceOut.properties, code: Type.Optional(Type.String()), occupationId: Type.Optional(Uuid) }, open),
    ),
    employers: Type.Array(ReferenceOut),
    alignments: Type.Array(ReferenceOut),
    author: Nullable(Type.String()),
    status: StatusOut,
    createdBy: Nullable(Uuid),
    createdAt: DateTime,
    updatedAt: DateTime,
    publishedAt: NullableDateTime,
    archivedAt: NullableDateTime,
    collections: Type.Array(Type.Object({ id: Uuid, uri: Type.String(), name: LangMap, status: StatusOut }, open)),
  },
  { ...open, description: 'A skill (Rich Skill Descriptor fields with a text per language)' },
);
const CollectionOut = Type.Object(
  {
    id: Uuid,
    uri: Type.String({ description: 'Canonical URL' }),
    externalKey: Nullable(Type.String()),
    organisationId: Nullable(Uuid),
    name: LangMap,
    description: LangMap,
    author: Nullable(Type.String()),
    status: StatusOut,
    createdBy: Nullable(Uuid),
    createdAt: DateTime,
    updatedAt: DateTime,
    skillCount: Type.Integer({ description: 'Skills in it that the caller may see' }),
  },
  open,
);
const ListOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() }, open);
const HistoryOut = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          skillId: Uuid,
          userId: Nullable(Uuid),
          userName: Nullable(Type.String()),
          action: Type.String(),
          changes: Type.Record(Type.String(), Type.Object({ from: Type.Unknown(), to: Type.Unknown() })),
          at: DateTime,
        },
        open,
      ),
    ),
  },
  open,
);
const SuggestionsOut = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          escoSkillId: Uuid,
          escoUri: Type.String(),
          name: LangMap,
          score: Type.Number(),
          status: Type.String({ enum: ['suggested', 'accepted', 'rejected'] }),
          decidedBy: Nullable(Uuid),
          decidedAt: NullableDateTime,
        },
        open,
      ),
    ),
  },
  open,
);
const ImportOut = Type.Object(
  {
    created: Type.Integer(),
    updated: Type.Integer(),
    skillIds: Type.Array(Uuid),
    collectionId: Nullable(Uuid),
  },
  open,
);
/** RFC 9457 problem details; `errors` names the fields that are wrong. */
const ProblemOut = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }, open))),
  },
  { ...open, description: 'application/problem+json' },
);
const problems = { '4xx': ProblemOut } as const;

const STATUS_ROUTES = { publish: 'published', archive: 'archived', unarchive: 'draft' } as const;

function sendFile(reply: FastifyReply, file: ExportFile, download?: boolean) {
  reply.type(file.contentType);
  if (download) reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
  return reply.send(file.body);
}

/** The JSON API of own skills, collections, exchange formats and the crosswalk. */
export async function libraryRoutes(root: FastifyInstance, ctx: AppContext): Promise<void> {
  await root.register(async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // Raw files for import: the parsers name lines in the file, so they get the bytes, not parsed JSON.
    for (const type of ['text/csv', 'application/ld+json']) {
      plugin.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    }
    const tags = ['skills library'];

    app.post(
      '/api/v1/skills',
      { schema: { tags, summary: 'Create an own skill (draft)', body: NewSkill, response: { 201: SkillOut, ...problems } } },
      async (request, reply) => {
        const skill = await createSkill(ctx, requireUser(request), request.body);
        return reply.status(201).header('location', `/api/v1/skills/${skill.id}`).send(skill);
      },
    );

    app.get(
      '/api/v1/skills/export',
      {
        schema: {
          tags,
          summary: 'Export a selection of skills',
          querystring: Type.Object({ ...ExportQuery.properties, ids: Type.String({ description: 'comma-separated skill ids' }) }),
          response: problems,
        },
      },
      async (request, reply) => {
        const ids = request.query.ids
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        return sendFile(
          reply,
          await exportSkills(ctx, request.user, ids, request.query.format, request.query.lang),
          request.query.download,
        );
      },
    );

    app.post(
      '/api/v1/skills/import',
      {
        bodyLimit: 50 * 1024 * 1024,
        schema: {
          tags,
          summary:
            'Batch import own skills from OSMT CSV or RSD JSON (multipart field "file", or a text/csv or application/ld+json body); all or nothing',
          querystring: Type.Object({
            organisationId: Uuid,
            format: Type.Optional(Type.Union(IMPORT_FORMATS.map((f) => Type.Literal(f)))),
            collectionId: Type.Optional(Uuid),
            lang: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' })),
            fileName: Type.Optional(Type.String({ maxLength: 200 })),
          }),
          response: { 201: ImportOut, ...problems },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        let content: Buffer;
        let fileName = request.query.fileName ?? 'upload';
        let format = request.query.format as ImportFormat | undefined;
        if (request.isMultipart()) {
          const file = await request.file();
          if (!file) throw new ValidationError({ file: 'is required' });
          content = await file.toBuffer();
          fileName = file.filename || fileName;
        } else if (Buffer.isBuffer(request.body)) {
          content = request.body;
          format ??= request.headers['content-type']?.startsWith('text/csv') ? 'csv' : 'rsd';
        } else throw new ValidationError({ file: 'send the file as multipart/form-data, text/csv or application/ld+json' });
        format ??= /\.csv$/i.test(fileName) ? 'csv' : /\.json(ld)?$/i.test(fileName) ? 'rsd' : undefined;
        if (!format) throw new ValidationError({ format: 'is required when the file name does not end in .csv or .json' });
        const result = await importSkills(ctx, user, {
          organisationId: request.query.organisationId,
          format,
          fileName,
          content,
          collectionId: request.query.collectionId,
          lang: request.query.lang,
        });
        return reply.status(201).send(result);
      },
    );

    app.get(
      '/api/v1/skills/:id',
      {
        schema: {
          tags,
          summary: 'A skill (drafts for members of its organisation)',
          params: IdParams,
          response: { 200: SkillOut, ...problems },
        },
      },
      async (request) => getSkill(ctx, request.params.id, request.user),
    );

    app.patch(
      '/api/v1/skills/:id',
      { schema: { tags, summary: 'Change an own skill', params: IdParams, body: SkillPatch, response: { 200: SkillOut, ...problems } } },
      async (request) => updateSkill(ctx, requireUser(request), request.params.id, request.body),
    );

    for (const [verb, status] of Object.entries(STATUS_ROUTES)) {
      app.post(
        `/api/v1/skills/:id/${verb}`,
        { schema: { tags, summary: `Set an own skill to ${status}`, params: IdParams, response: { 200: SkillOut, ...problems } } },
        async (request) => setSkillStatus(ctx, requireUser(request), (request.params as Static<typeof IdParams>).id, status),
      );
      app.post(
        `/api/v1/collections/:id/${verb}`,
        { schema: { tags, summary: `Set a collection to ${status}`, params: IdParams, response: { 200: CollectionOut, ...problems } } },
        async (request) => setCollectionStatus(ctx, requireUser(request), (request.params as Static<typeof IdParams>).id, status),
      );
    }

    app.get(
      '/api/v1/skills/:id/history',
      { schema: { tags, summary: 'Who changed what, oldest first', params: IdParams, response: { 200: HistoryOut, ...problems } } },
      async (request) => ({
        items: await skillHistory(ctx, request.params.id, request.user),
      }),
    );

    app.get(
      '/api/v1/skills/:id/export',
      { schema: { tags, summary: 'Export one skill', params: IdParams, querystring: ExportQuery, response: problems } },
      async (request, reply) =>
        sendFile(
          reply,
          await exportSkills(ctx, request.user, [request.params.id], request.query.format, request.query.lang),
          request.query.download,
        ),
    );

    app.get(
      '/api/v1/skills/:id/suggestions',
      {
        schema: {
          tags,
          summary: 'ESCO alignments suggested for an own skill (computed when there are none yet, or with refresh=true)',
          params: IdParams,
          querystring: Type.Object({
            refresh: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
          }),
          response: { 200: SuggestionsOut, ...problems },
        },
      },
      async (request) => {
        const user = requireUser(request);
        let items = await listSuggestions(ctx, user, request.params.id);
        if (request.query.refresh || !items.length)
          items = await suggestEscoAlignments(ctx, user, request.params.id, { limit: request.query.limit });
        return { items };
      },
    );

    for (const [verb, decision] of [
      ['accept', 'accepted'],
      ['reject', 'rejected'],
    ] as const) {
      app.post(
        `/api/v1/skills/:id/suggestions/:escoSkillId/${verb}`,
        {
          schema: {
            tags,
            summary: `${verb === 'accept' ? 'Accept' : 'Reject'} a suggested ESCO alignment`,
            params: Type.Object({ id: Type.String(), escoSkillId: Type.String() }),
            response: { 200: SuggestionsOut, ...problems },
          },
        },
        async (request: FastifyRequest) => {
          const params = request.params as { id: string; escoSkillId: string };
          return { items: await decideSuggestion(ctx, requireUser(request), params.id, params.escoSkillId, decision) };
        },
      );
    }

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

    app.get(
      VAARDIG_RSD_CONTEXT_PATH,
      { schema: { tags, summary: "Vaardig's JSON-LD extension of the RSD context (translations)" } },
      async (_request, reply) => reply.type('application/ld+json').send(vaardigRsdContext),
    );
    app.get(
      '/api/v1/contexts/rsd-context-v1.json',
      { schema: { tags, summary: 'The bundled RSD JSON-LD context' } },
      async (_request, reply) => reply.type('application/ld+json').send(bundledContexts[RSD_CONTEXT_URL]),
    );
  });
}
