import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { accessCommunity } from '../communities.ts';
import { readReport, type ReportRow, reportMarkdown, searchKnowledge } from './service.ts';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const ReportSummary = Type.Object({
  id: Uuid,
  sessionId: Uuid,
  themeId: Nullable(Uuid),
  title: Type.String(),
  status: Type.String({ enum: ['draft', 'published'] }),
  publishedAt: Nullable(DateTime),
  skillIds: Type.Array(Uuid, { description: 'Library skills the report is tagged with' }),
  url: Type.String({ description: 'The report’s page' }),
});
const Report = Type.Composite([
  ReportSummary,
  Type.Object({ markdown: Type.String({ description: 'The report as Markdown, title first' }) }),
]);
const Hit = Type.Object({
  kind: Type.String({ enum: ['report', 'practice', 'lesson'] }),
  id: Uuid,
  title: Type.String(),
  excerpt: Type.String(),
  skillIds: Type.Array(Uuid),
  at: DateTime,
  url: Nullable(Type.String()),
});

const tags = ['communities'];

function summary(slug: string, r: ReportRow) {
  return {
    id: r.id,
    sessionId: r.session_id,
    themeId: r.theme_id,
    title: r.title,
    status: r.status,
    publishedAt: r.published_at ? r.published_at.toISOString() : null,
    skillIds: r.skill_ids,
    url: `/communities/${encodeURIComponent(slug)}/reports/${r.id}`,
  };
}

/** Reports and the knowledge base in the JSON API: `/api/v1/communities/:slug/reports…` and `…/knowledge`. */
export async function reportsApi(root: FastifyInstance, ctx: AppContext): Promise<void> {
  await root.register(
    async (plugin) => {
      const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
      app.addHook('onRequest', async (request) => {
        requireUser(request);
      });

      app.get(
        '/communities/:slug/reports',
        {
          schema: {
            tags,
            summary: 'A community’s reports: the published ones (facilitators also see drafts), newest first',
            params: Type.Object({ slug: Type.String({ maxLength: 200 }) }),
            response: { 200: Type.Object({ items: Type.Array(ReportSummary) }) },
          },
        },
        async (request) => {
          const access = await accessCommunity(ctx, requireUser(request), request.params.slug, 'see');
          let q = ctx.db.selectFrom('community_reports').selectAll().where('community_id', '=', access.community.id);
          if (!access.isFacilitator) q = q.where('status', '=', 'published');
          const rows = await q.orderBy('updated_at', 'desc').limit(500).execute();
          return { items: rows.map((r) => summary(access.community.slug, r)) };
        },
      );

      app.get(
        '/communities/:slug/reports/:id',
        {
          schema: {
            tags,
            summary: 'One report with its Markdown',
            params: Type.Object({ slug: Type.String({ maxLength: 200 }), id: Uuid }),
            response: { 200: Report },
          },
        },
        async (request) => {
          const { access, report } = await readReport(ctx, requireUser(request), request.params.slug, request.params.id);
          return { ...summary(access.community.slug, report), markdown: reportMarkdown(report) };
        },
      );

      app.get(
        '/communities/:slug/knowledge',
        {
          schema: {
            tags,
            summary: 'Searches a community’s knowledge base: published reports, best practices, lessons learned',
            params: Type.Object({ slug: Type.String({ maxLength: 200 }) }),
            querystring: Type.Object({
              q: Type.Optional(Type.String({ maxLength: 200 })),
              skill: Type.Optional(Uuid),
              kind: Type.Optional(Type.String({ enum: ['report', 'practice', 'lesson'] })),
            }),
            response: { 200: Type.Object({ items: Type.Array(Hit) }) },
          },
        },
        async (request) => {
          const access = await accessCommunity(ctx, requireUser(request), request.params.slug, 'see');
          const hits = await searchKnowledge(ctx, access, request.query);
          return {
            items: hits.map((h) => ({
              kind: h.kind,
              id: h.id,
              title: h.title,
              excerpt: h.excerpt,
              skillIds: h.skillIds,
              at: h.at.toISOString(),
              url: h.href,
            })),
          };
        },
      );
    },
    { prefix: '/api/v1' },
  );
}
