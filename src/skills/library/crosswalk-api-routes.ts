import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { decideSuggestion, listSuggestions, suggestEscoAlignments } from './crosswalk.ts';

import { type Api, IdParams, SuggestionsOut, problems, tags } from './api-schemas.ts';

/** The crosswalk: ESCO alignments suggested for an own skill, accepted or rejected. */
export function crosswalkApiRoutes(app: Api, ctx: AppContext): void {
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
}
