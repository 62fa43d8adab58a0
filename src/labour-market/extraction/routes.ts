import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { DEFAULT_LIMIT, DEFAULT_MIN_SCORE, extractionIndex, extractWith, MAX_LIMIT, MAX_TEXT } from './service.ts';

/** Texts in one request (the body is at most 1 MB anyway). */
export const MAX_ITEMS = 100;

const Lang = Type.Union([Type.Literal('nl'), Type.Literal('en')], {
  description: 'Language of the text(s); detected when left out',
});

export const ExtractBody = Type.Object(
  {
    text: Type.Optional(Type.String({ maxLength: MAX_TEXT, description: 'One text (a vacancy); give this or items' })),
    items: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Type.Union([Type.String({ maxLength: 200 }), Type.Integer()]),
            text: Type.String({ maxLength: MAX_TEXT }),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: MAX_ITEMS, description: 'Several texts, answered in the same order' },
      ),
    ),
    lang: Type.Optional(Lang),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
    minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: DEFAULT_MIN_SCORE })),
  },
  { additionalProperties: false },
);

const Span = Type.Tuple([Type.Integer(), Type.Integer()]);
const SkillSchema = Type.Object({
  uri: Type.String({ description: "The skill's canonical URL in this network" }),
  esco: Type.Union([Type.String(), Type.Null()], { description: 'ESCO concept URI, null for own skills' }),
  label: Type.String(),
  score: Type.Number({ description: 'Confidence, 0–1' }),
  spans: Type.Array(Span, { description: 'UTF-16 offsets [start, end) of the evidence in the text' }),
  reason: Type.Object({
    label: Type.String({ description: 'The label that matched' }),
    lang: Type.String(),
    kind: Type.String({ description: 'preferred, alt, hidden or keyword' }),
    via: Type.Array(Type.String(), { description: 'stem, loanword, cognate, lexicon:<English stem>, compound, typo' }),
    section: Type.Union([Type.String(), Type.Null()], { description: 'requirements, tasks, offer, company or title' }),
    occupation: Type.Union([Type.String(), Type.Null()], { description: 'The occupation named in the text that asks for it' }),
    related: Type.Integer({ description: 'Other skills found that go together with it in ESCO' }),
  }),
});
const ResultSchema = Type.Object({
  lang: Type.String(),
  skills: Type.Array(SkillSchema),
  occupations: Type.Array(Type.Object({ esco: Type.Union([Type.String(), Type.Null()]), label: Type.String(), score: Type.Number() })),
});

const ItemSchema = Type.Object({ id: Type.Union([Type.String(), Type.Integer()]), ...ResultSchema.properties });

/** `POST /api/v1/extract`: the skills in a text or in up to MAX_ITEMS texts; signed in or with an API token. */
export async function extractionRoutes(root: FastifyInstance, ctx: AppContext): Promise<void> {
  await root.register(async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/api/v1/extract',
      {
        schema: {
          tags: ['labour market'],
          summary: 'Extract skills from Dutch or English text (vacancies), with spans, confidence and reason',
          body: ExtractBody,
          response: { 200: Type.Union([ResultSchema, Type.Object({ items: Type.Array(ItemSchema) })]) },
        },
        config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
        // Who asks comes before what is asked: a caller without a token gets 401, not a 400 about the body.
        preValidation: async (request) => {
          requireUser(request);
        },
      },
      async (request) => {
        const body = request.body;
        if ((body.text === undefined) === (body.items === undefined)) throw PlatformErrors.required('text');
        const index = await extractionIndex(ctx);
        const options = { lang: body.lang, limit: body.limit, minScore: body.minScore };
        if (body.text !== undefined) return extractWith(index, ctx.config.baseUrl, body.text, options);
        return { items: body.items!.map((item) => ({ id: item.id, ...extractWith(index, ctx.config.baseUrl, item.text, options) })) };
      },
    );
  });
}
