import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { requireUser } from '../platform/http/auth.ts';
import { requestAward } from './awards.ts';
import type { PathwayProgress } from './rules.ts';
import {
  awardDue,
  createPathway,
  detail,
  getPathway,
  listPathways,
  type Pathway,
  type PathwayDetail,
  progressOn,
  updatePathway,
} from './service.ts';

const Option = Type.Object({
  type: Type.Union([Type.Literal('achievement'), Type.Literal('skill')]),
  name: Type.String(),
  uri: Type.Optional(Type.String({ description: 'achievement: its OB 3.0 id' })),
  url: Type.Optional(Type.String({ description: 'skill: its address in the library' })),
  code: Type.Optional(Type.String({ description: 'skill: its framework code (ESCO URI)' })),
});
const Step = Type.Object({
  key: Type.String(),
  name: Type.String(),
  rule: Type.Union([Type.Literal('all'), Type.Literal('any')]),
  count: Type.Integer({ description: 'options needed' }),
  ordered: Type.Boolean({ description: 'counts only badges earned after the step before was completed' }),
  options: Type.Array(Option),
});
const PathwayJson = Type.Object({
  id: Type.String(),
  organisation: Type.String({ description: 'slug of the organisation that issues the pathway badge' }),
  name: Type.String(),
  description: Type.String(),
  achievementId: Type.String({ description: 'the pathway badge (an achievement of the organisation)' }),
  status: Type.String({ description: 'draft, published or archived' }),
  version: Type.Integer(),
  steps: Type.Array(Step),
  skills: Type.Optional(Type.Array(Type.Object({ url: Type.String(), name: Type.String() }))),
  url: Type.String(),
});
const StepInput = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    rule: Type.Optional(Type.String({ description: 'all (default) or any' })),
    count: Type.Optional(Type.Integer({ description: 'with any: how many of the options' })),
    ordered: Type.Optional(Type.Boolean()),
    achievements: Type.Optional(
      Type.Array(Type.String({ maxLength: 500 }), {
        maxItems: 30,
        description: 'achievements of this network (id or URL) or of other issuers (their OB 3.0 id)',
      }),
    ),
    skills: Type.Optional(
      Type.Array(Type.String({ maxLength: 500 }), { maxItems: 30, description: 'library skill ids or URLs, ESCO URIs' }),
    ),
  },
  { additionalProperties: false },
);
const Fields = {
  name: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  achievementId: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')])),
  steps: Type.Optional(Type.Array(StepInput, { maxItems: 20 })),
};
const CreateBody = Type.Object({ organisation: Type.String({ maxLength: 100 }), ...Fields }, { additionalProperties: false });
const UpdateBody = Type.Object({ ...Fields, version: Type.Optional(Type.Integer()) }, { additionalProperties: false });
const Progress = Type.Object({
  complete: Type.Boolean(),
  done: Type.Integer(),
  total: Type.Integer(),
  steps: Type.Array(
    Type.Object({
      key: Type.String(),
      complete: Type.Boolean(),
      waiting: Type.Boolean(),
      met: Type.Integer(),
      needed: Type.Integer(),
      completedAt: Type.Union([Type.String(), Type.Null()]),
      options: Type.Array(Type.Object({ name: Type.String(), held: Type.Boolean(), badge: Type.Union([Type.String(), Type.Null()]) })),
    }),
  ),
  award: Type.Union([Type.Object({ credentialId: Type.String(), credentialUrl: Type.String(), awardedAt: Type.String() }), Type.Null()]),
});

function json(ctx: AppContext, pathway: Pathway | PathwayDetail): Static<typeof PathwayJson> {
  return {
    id: pathway.id,
    organisation: pathway.organisationSlug,
    name: pathway.name,
    description: pathway.description,
    achievementId: pathway.achievementId,
    status: pathway.status,
    version: pathway.version,
    steps: pathway.steps,
    ...('skills' in pathway ? { skills: pathway.skills } : {}),
    url: `${ctx.config.baseUrl}/pathways/${pathway.id}`,
  };
}

function progressJson(progress: PathwayProgress) {
  return {
    complete: progress.complete,
    done: progress.done,
    total: progress.steps.length,
    steps: progress.steps.map((s) => ({
      key: s.step.key,
      complete: s.complete,
      waiting: s.waiting,
      met: s.met,
      needed: s.needed,
      completedAt: s.completedAt?.toISOString() ?? null,
      options: s.options.map((o) => ({ name: o.option.name, held: o.holding !== null, badge: o.holding?.id ?? null })),
    })),
  };
}

/** Pathways as JSON (`/api/v1/pathways`), in the OpenAPI document. */
export async function pathwayApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['pathways'];
  const Id = Type.Object({ id: Type.String({ description: 'the pathway’s id' }) });

  api.get(
    '/api/v1/pathways',
    {
      schema: {
        tags,
        summary: 'Pathways',
        description:
          'The published pathways of the network; with `organisation`, that organisation’s (drafts and archived ones too for its editors).',
        querystring: Type.Object({ organisation: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: { 200: Type.Object({ items: Type.Array(PathwayJson) }) },
      },
    },
    async (request) => {
      const items = await listPathways(ctx, request.user, { organisation: request.query.organisation });
      return { items: items.map((p) => json(ctx, p)) };
    },
  );

  api.get(
    '/api/v1/pathways/:id',
    { schema: { tags, summary: 'One pathway, with the skills of its steps', params: Id, response: { 200: PathwayJson } } },
    async (request) => json(ctx, await getPathway(ctx, request.user, request.params.id)),
  );

  api.get(
    '/api/v1/pathways/:id/progress',
    {
      schema: {
        tags,
        summary: 'My progress on a pathway',
        description: 'Computed from the badges in your backpack; a completed pathway without its badge is handed to the award job.',
        params: Id,
        response: { 200: Progress },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const pathway = await getPathway(ctx, user, request.params.id);
      const mine = (await progressOn(ctx, user.id, [pathway])).get(pathway.id);
      if (!mine) throw new Error('progress missing');
      if (awardDue(mine)) await requestAward(ctx, user.id);
      return {
        ...progressJson(mine.progress),
        award: mine.award
          ? {
              credentialId: mine.award.credentialId,
              credentialUrl: mine.award.credentialUrl,
              awardedAt: mine.award.awardedAt.toISOString(),
            }
          : null,
      };
    },
  );

  api.post(
    '/api/v1/pathways',
    {
      schema: {
        tags,
        summary: 'Define a pathway',
        description:
          'For editors of the organisation (owner, admin, issuer) and the network operator. The pathway badge is an achievement of the organisation; steps name badges of any issuer or skills.',
        body: CreateBody,
        response: { 201: PathwayJson },
      },
    },
    async (request, reply) => {
      const { organisation, ...input } = request.body;
      const pathway = await createPathway(ctx, requireUser(request), organisation, input);
      return reply.status(201).send(json(ctx, await detail(ctx, pathway)));
    },
  );

  api.patch(
    '/api/v1/pathways/:id',
    {
      schema: {
        tags,
        summary: 'Change a pathway',
        description: 'Fields left out keep their value; `version` refuses the change when someone else changed it since.',
        params: Id,
        body: UpdateBody,
        response: { 200: PathwayJson },
      },
    },
    async (request) => json(ctx, await detail(ctx, await updatePathway(ctx, requireUser(request), request.params.id, request.body))),
  );
}
