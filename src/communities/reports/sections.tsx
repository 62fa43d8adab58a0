import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import type { CommunityAccess } from '../communities.ts';
import { tr } from '../pages/components.tsx';
import { addCommunitySection } from '../sections.ts';
import { addTimelineSource } from '../themes.ts';
import { latestReports, listOutputs } from './service.ts';

/** The community page's "latest reports" with the links to the knowledge base and outputs. */
async function reportsSection(ctx: AppContext, request: FastifyRequest, access: CommunityAccess): Promise<string> {
  const reports = await latestReports(ctx, access.community.id);
  const base = `/communities/${encodeURIComponent(access.community.slug)}`;
  return (
    <section class="panel" aria-labelledby="latest-reports">
      <h2 id="latest-reports">{escapeHtml(tr(request, 'synthesis.latest'))}</h2>
      {reports.length ? (
        <ul>
          {reports.map((r) => (
            <li>
              <a href={`${base}/reports/${r.id}`}>{escapeHtml(r.title)}</a> {escapeHtml(`· ${formatDate(request, r.published_at)}`)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{escapeHtml(tr(request, 'synthesis.noneYet'))}</p>
      )}
      <p class="actions">
        <a href={`${base}/knowledge`}>{escapeHtml(tr(request, 'knowledge.title'))}</a>
        <a href={`${base}/outputs`}>{escapeHtml(tr(request, 'outputs.title'))}</a>
      </p>
    </section>
  ) as string;
}

let registered = false;

/** Adds the reports to the community page and the reports, outputs and lessons to each theme's timeline. */
export function registerReportSections(): void {
  if (registered) return;
  registered = true;
  addCommunitySection(reportsSection);
  addTimelineSource(async (ctx, theme, access) => {
    const base = `/communities/${encodeURIComponent(access.community.slug)}`;
    const reports = await ctx.db
      .selectFrom('community_reports')
      .select(['id', 'title', 'published_at'])
      .where('theme_id', '=', theme.id)
      .where('status', '=', 'published')
      .execute();
    const lessons = await ctx.db
      .selectFrom('community_knowledge')
      .select(['id', 'title', 'kind', 'created_at'])
      .where('theme_id', '=', theme.id)
      .execute();
    const outputs = await listOutputs(ctx, access.community.id, theme.id);
    return [
      ...reports.map((r) => ({
        at: r.published_at ?? new Date(),
        kind: 'timeline.report',
        title: r.title,
        href: `${base}/reports/${r.id}`,
      })),
      ...lessons.map((l) => ({ at: l.created_at, kind: `knowledge.kinds.${l.kind}`, title: l.title, href: `${base}/knowledge` })),
      ...outputs.map((o) => ({
        at: o.created_at,
        kind: `outputs.kinds.${o.kind}`,
        title: o.title,
        href: `${base}/outputs#output-${o.id}`,
      })),
    ];
  });
}
