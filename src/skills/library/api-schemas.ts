import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { EXPORT_FORMATS } from '../formats/index.ts';
import type { ExportFile } from './exchange.ts';
import { MAX_OFFSET } from './validate.ts';

export const Uuid = Type.String({ format: 'uuid' });
export const LangMap = Type.Record(Type.String(), Type.String(), { description: 'Text by language: {"en": "...", "nl": "..."}' });
export const LangList = Type.Record(Type.String(), Type.Array(Type.String()), { description: 'Texts by language: {"en": ["..."]}' });
export const Reference = Type.Object(
  { id: Type.Optional(Type.String({ description: 'URI' })), name: Type.Optional(Type.String()), framework: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
export const Occupation = Type.Object(
  {
    id: Type.Optional(Type.String({ description: 'URI, e.g. an ESCO occupation' })),
    name: Type.Optional(Type.String()),
    code: Type.Optional(Type.String()),
    framework: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export const skillFields = {
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
export const SkillPatch = Type.Object(skillFields, { additionalProperties: false });
export const NewSkill = Type.Object({ ...skillFields, organisationId: Uuid, name: LangMap }, { additionalProperties: false });
export const collectionFields = {
  name: Type.Optional(LangMap),
  description: Type.Optional(LangMap),
  author: Type.Optional(Type.Union([Type.String(), Type.Null()])),
};
export const CollectionPatch = Type.Object(collectionFields, { additionalProperties: false });
export const NewCollection = Type.Object({ ...collectionFields, organisationId: Uuid, name: LangMap }, { additionalProperties: false });
export const IdParams = Type.Object({ id: Type.String() });
export const Status = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')]);
export const ExportQuery = Type.Object({
  format: Type.Union(EXPORT_FORMATS.map((f) => Type.Literal(f))),
  lang: Type.Optional(
    Type.String({ pattern: '^([a-z]{2,3}(-[A-Za-z0-9]{2,8})*|all)$', description: 'a language code, or "all" (default)' }),
  ),
  download: Type.Optional(Type.Boolean()),
});
export const Page = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET })),
};

// Response shapes, for /api/docs. Open (additionalProperties) so later fields are not dropped.
export const open = { additionalProperties: true } as const;
/** Services hand out Dates; the serializer writes them as ISO 8601. */
export const DateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
export const NullableDateTime = Type.Union([DateTime, Type.Null()]);
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const ReferenceOut = Type.Object(
  { id: Type.Optional(Type.String()), name: Type.Optional(Type.String()), framework: Type.Optional(Type.String()) },
  open,
);
export const StatusOut = Type.String({ enum: ['draft', 'published', 'archived'] });
export const SkillOut = Type.Object(
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
export const CollectionOut = Type.Object(
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
export const ListOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() }, open);
export const HistoryOut = Type.Object(
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
export const SuggestionsOut = Type.Object(
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
export const ImportOut = Type.Object(
  {
    created: Type.Integer(),
    updated: Type.Integer(),
    skillIds: Type.Array(Uuid),
    collectionId: Nullable(Uuid),
  },
  open,
);
/** RFC 9457 problem details; `errors` names the fields that are wrong. */
export const ProblemOut = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    code: Type.Optional(Type.String({ description: 'the error code, an i18n key such as skills:errors.skillNotFound' })),
    field: Type.Optional(Type.String({ description: 'the field at fault' })),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), code: Type.Optional(Type.String()), message: Type.String() }, open)),
    ),
  },
  { ...open, description: 'application/problem+json' },
);
export const problems = { '4xx': ProblemOut } as const;

export const STATUS_ROUTES = { publish: 'published', archive: 'archived', unarchive: 'draft' } as const;

export function sendFile(reply: FastifyReply, file: ExportFile, download?: boolean) {
  reply.type(file.contentType);
  if (download) reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
  return reply.send(file.body);
}

/** The library API's Fastify instance: TypeBox schemas give the handlers their input types. */
export function typed(app: FastifyInstance) {
  return app.withTypeProvider<TypeBoxTypeProvider>();
}
export type Api = ReturnType<typeof typed>;
export const tags = ['skills library'];
