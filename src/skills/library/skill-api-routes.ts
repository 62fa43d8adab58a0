import type { Static } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { createSkill, getSkill, setCollectionStatus, setSkillStatus, skillHistory, updateSkill } from './service.ts';

import {
  type Api,
  CollectionOut,
  HistoryOut,
  IdParams,
  NewSkill,
  STATUS_ROUTES,
  SkillOut,
  SkillPatch,
  problems,
  tags,
} from './api-schemas.ts';

/** Own skills: create, read, change, publish/archive, history. */
export function skillApiRoutes(app: Api, ctx: AppContext): void {
  app.post(
    '/api/v1/skills',
    { schema: { tags, summary: 'Create an own skill (draft)', body: NewSkill, response: { 201: SkillOut, ...problems } } },
    async (request, reply) => {
      const skill = await createSkill(ctx, requireUser(request), request.body);
      return reply.status(201).header('location', `/api/v1/skills/${skill.id}`).send(skill);
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
}
