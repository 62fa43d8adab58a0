import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { SkillsErrors } from '../errors.ts';
import { curates, occupationDetail, skillDetail, skillSuggestions } from '../browse/service.ts';
import { viewerFor } from '../browse/viewer.ts';
import { toRsd } from '../formats/index.ts';
import * as library from '../library/service.ts';
import { OccupationPage, SkillPage } from './skill.tsx';

import { hide, otherSections, skillExportLinks } from './route-helpers.tsx';

/** A skill's page and an occupation's page. */
export async function skillRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Params: { id: string } }>('/skills/:id', hide, async (request, reply) => {
    const { id } = request.params;
    const viewer = await viewerFor(ctx.db, request.user);
    const skill = await skillDetail(ctx.db, id, viewer);
    if (!skill) throw SkillsErrors.skillNotFound('id');
    const curator = skill.source === 'local' && curates(viewer, skill.organisationId);
    const [history, suggestions, sections, jsonLd] = await Promise.all([
      curator ? library.skillHistory(ctx, id, request.user).then((h) => h.reverse()) : Promise.resolve(null),
      skill.source === 'local' && (curator || viewer.memberOf.has(skill.organisationId ?? ''))
        ? skillSuggestions(ctx.db, id)
        : Promise.resolve([]),
      otherSections(ctx, id, request),
      skill.status === 'published' && skill.kind === 'skill'
        ? library.getSkill(ctx, id, null).then((s) => toRsd(s, { lang: request.lang, baseUrl: ctx.config.baseUrl }))
        : Promise.resolve(null),
    ]);
    return reply.page(
      SkillPage({
        request,
        skill,
        canonicalUrl: library.skillUri(ctx.config.baseUrl, id),
        curator,
        history: history?.map((h) => ({ id: h.id, action: h.action, userName: h.userName, changes: h.changes, at: h.at })) ?? null,
        suggestions,
        sections,
        jsonLd,
        exports: skill.kind === 'skill' ? skillExportLinks(id) : [],
      }),
    );
  });

  app.get<{ Params: { id: string } }>('/occupations/:id', hide, async (request, reply) => {
    const occupation = await occupationDetail(ctx.db, request.params.id);
    if (!occupation) throw SkillsErrors.occupationNotFound('id');
    return reply.page(OccupationPage({ request, occupation }));
  });
}
