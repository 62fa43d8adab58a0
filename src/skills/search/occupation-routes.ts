import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { searchOccupations } from './occupations.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_LENGTH } from './service.ts';

export const OccupationQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'Search text; empty lists the occupations by name' })),
    lang: Type.Optional(
      Type.Union([Type.Literal('nl'), Type.Literal('en')], { default: 'en', description: 'Language to rank and answer in' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 })),
  },
  { additionalProperties: false },
);

const OccupationItemSchema = Type.Object({
  id: Type.String(),
  externalUri: Type.Union([Type.String(), Type.Null()], { description: 'ESCO conceptUri' }),
  iscoGroup: Type.Union([Type.String(), Type.Null()], { description: 'ISCO-08 group code' }),
  name: Type.String(),
  description: Type.String(),
  lang: Type.Union([Type.String(), Type.Null()], { description: 'Language of name and description as found' }),
  labelLang: Type.Union([Type.String(), Type.Null()], { description: 'Language of the name when it is not the requested one' }),
  essentialSkills: Type.Integer({ description: 'Number of skills ESCO lists as essential for it' }),
  score: Type.Union([Type.Number(), Type.Null()]),
  match: Type.Union([Type.Object({ label: Type.String(), lang: Type.String(), kind: Type.String() }), Type.Null()]),
});

export const OccupationResponse = Type.Object({ items: Type.Array(OccupationItemSchema), total: Type.Integer() });

/** `GET /api/v1/occupations`: public search over the occupations (ESCO), Dutch and English. */
export async function occupationRoutes(root: FastifyInstance, ctx: AppContext): Promise<void> {
  await root.register(async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/api/v1/occupations',
      {
        schema: {
          tags: ['skills library'],
          summary: 'Search occupations (Dutch and English, typo tolerant, Dutch compounds split)',
          security: [],
          querystring: OccupationQuery,
          response: { 200: OccupationResponse },
        },
      },
      async (request) => {
        const { q, lang, limit, offset } = request.query;
        return searchOccupations(ctx.db, { q, lang, limit, offset, baseUrl: ctx.config.baseUrl });
      },
    );
  });
}
