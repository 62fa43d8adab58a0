import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { SkillsErrors } from '../errors.ts';
import { groupPage, isUuid, libraryCounts, listCollections as browseCollections, skillCategories, topGroups } from '../browse/service.ts';
import { viewerFor } from '../browse/viewer.ts';
import type { SkillStatus } from '../schema.ts';
import { searchOccupations } from '../search/occupations.ts';
import { searchSkills, type SearchLang } from '../search/service.ts';
import { BrowsePage, GroupPageView, type ResultItem, type SearchState } from './browse.tsx';
import { pageNumber } from './components.tsx';

import {
  GROUP_LIMIT,
  OCCUPATION_LIMIT,
  type Query,
  SEARCH_LIMIT,
  STATUSES,
  hide,
  isCurator,
  searchLang,
  searchViewer,
  str,
} from './route-helpers.tsx';

/** Search and browse: /skills and a skill group's page. */
export async function browseRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Querystring: Query }>('/skills', hide, async (request, reply) => {
    const q = request.query;
    const viewer = await viewerFor(ctx.db, request.user);
    const curator = isCurator(viewer);
    const search: SearchState = {
      q: str(q.q).slice(0, 200),
      lang: searchLang(q.lang, request.lang),
      collection: isUuid(str(q.collection)) ? str(q.collection) : '',
      category: str(q.category).slice(0, 200),
      skillType: ['skill/competence', 'knowledge'].includes(str(q.skillType)) ? str(q.skillType) : '',
      status: curator && STATUSES.includes(str(q.status) as SkillStatus) ? str(q.status) : '',
      page: pageNumber(q.page),
    };
    const searching = Boolean(search.q || search.collection || search.category || search.skillType || search.status);
    let results: { items: ResultItem[]; total: number; limit: number } | null = null;
    if (searching) {
      const found = await searchSkills(ctx.db, {
        q: search.q || undefined,
        lang: search.lang as SearchLang,
        limit: SEARCH_LIMIT,
        offset: (search.page - 1) * SEARCH_LIMIT,
        baseUrl: ctx.config.baseUrl,
        viewer: searchViewer(request.user),
        filters: {
          collectionId: search.collection || undefined,
          category: search.category || undefined,
          skillType: search.skillType || undefined,
          status: search.status ? [search.status as SkillStatus] : undefined,
        },
      });
      results = {
        total: found.total,
        limit: SEARCH_LIMIT,
        items: found.items.map((i) => ({
          id: i.id,
          name: i.name,
          statement: i.statement,
          skillType: i.skillType,
          status: i.status,
          source: i.source,
          matched: i.match && i.match.kind !== 'preferred' && i.match.label !== i.name ? i.match.label : null,
          labelLang: i.labelLang,
        })),
      };
    }
    // Occupations that match the words, shown above the skills (first page only).
    const occupationQuery = { q: search.q, lang: search.lang as SearchLang, limit: OCCUPATION_LIMIT, baseUrl: ctx.config.baseUrl };
    const occupations = search.q && search.page === 1 ? (await searchOccupations(ctx.db, occupationQuery)).items : [];
    const [groups, counts, collections, categories] = await Promise.all([
      searching ? Promise.resolve([]) : topGroups(ctx.db, request.lang),
      searching ? Promise.resolve({ skills: 0, groups: 0, occupations: 0, collections: 0 }) : libraryCounts(ctx.db),
      browseCollections(ctx.db, viewer, request.lang),
      skillCategories(ctx.db),
    ]);
    return reply.page(
      BrowsePage({
        request,
        search,
        results,
        occupations,
        groups,
        counts,
        collections: collections.map((c) => ({ id: c.id, name: c.name })),
        categories,
        curator,
        operator: Boolean(request.user?.isOperator),
        signedIn: Boolean(request.user),
      }),
    );
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/skills/groups/:id', hide, async (request, reply) => {
    const page = pageNumber(request.query.page);
    const data = await groupPage(ctx.db, request.params.id, request.lang, { limit: GROUP_LIMIT, offset: (page - 1) * GROUP_LIMIT });
    if (!data) throw SkillsErrors.skillGroupNotFound('id');
    return reply.page(GroupPageView({ request, data, page }));
  });
}
