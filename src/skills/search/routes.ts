import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_LENGTH, searchSkills } from './service.ts';

const Status = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')]);

export const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'Search text; empty lists the skills by name' })),
    lang: Type.Optional(
      Type.Union([Type.Literal('nl'), Type.Literal('en')], { default: 'en', description: 'Language to rank and answer in' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 })),
    collection: Type.Optional(Type.String({ format: 'uuid', description: 'Only skills in this collection' })),
    category: Type.Optional(Type.String({ maxLength: 200 })),
    skillType: Type.Optional(Type.String({ maxLength: 50, description: 'e.g. skill/competence, knowledge' })),
    status: Type.Optional(
      Type.Array(Status, {
        description:
          'Repeat or leave out; default published (anonymous) or published and draft (signed in). Unpublished skills only show to members of their organisation and operators',
      }),
    ),
    kind: Type.Optional(Type.Union([Type.Literal('skill'), Type.Literal('group'), Type.Literal('any')], { default: 'skill' })),
  },
  { additionalProperties: false },
);

const SearchItemSchema = Type.Object({
  id: Type.String(),
  uri: Type.String({ description: 'Canonical URL of the skill' }),
  externalUri: Type.Union([Type.String(), Type.Null()], { description: 'ESCO conceptUri for imported skills' }),
  name: Type.String(),
  statement: Type.String(),
  lang: Type.Union([Type.String(), Type.Null()], { description: 'Language of name and statement as found' }),
  skillType: Type.Union([Type.String(), Type.Null()]),
  status: Status,
  source: Type.String(),
  kind: Type.String(),
  score: Type.Union([Type.Number(), Type.Null()]),
  match: Type.Union([Type.Object({ label: Type.String(), lang: Type.String(), kind: Type.String() }), Type.Null()], {
    description:
      'The label that found the skill; kind "occupation" when it was found as an essential skill of an occupation the query names',
  }),
  labelLang: Type.Union([Type.String(), Type.Null()], {
    description:
      'Language of the name when it is not the requested one (e.g. "en" for a Dutch search that found a skill with only an English label)',
  }),
});

export const SearchResponse = Type.Object({ items: Type.Array(SearchItemSchema), total: Type.Integer() });

/** `GET /api/v1/skills`: public search over published skills; signed-in members also see their organisation's drafts. */
export async function searchRoutes(root: FastifyInstance, ctx: AppContext): Promise<void> {
  await root.register(async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/api/v1/skills',
      {
        schema: {
          tags: ['skills library'],
          summary: 'Search skills (Dutch and English, typo and prefix tolerant)',
          security: [],
          querystring: SearchQuery,
          response: { 200: SearchResponse },
        },
      },
      async (request) => {
        const query = request.query;
        const user = request.user;
        return searchSkills(ctx.db, {
          q: query.q,
          lang: query.lang,
          limit: query.limit,
          offset: query.offset,
          baseUrl: ctx.config.baseUrl,
          viewer: user ? { userId: user.id, isOperator: user.isOperator } : null,
          filters: {
            collectionId: query.collection,
            category: query.category,
            skillType: query.skillType,
            status: query.status,
            kind: query.kind,
          },
        });
      },
    );
  });
}
