import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import { readFilters } from '../filters.ts';
import { AddToReportPage, PublishedReportsPage, ReportEditPage, ReportsListPage } from '../pages/reports.tsx';
import { ReportPage } from '../pages/reports.tsx';
import {
  addChart,
  type ChartInput,
  chartFilters,
  chartTextOf,
  createReport,
  draftsFor,
  organisationReports,
  publishedReports,
  type ReportInput,
  type ReportRow,
  removeChart,
  reportOrganisations,
  reportToEdit,
  reportToRead,
  updateReport,
} from '../reports.ts';
import { viewSection } from '../sections.ts';
import { isView } from '../views.ts';

type Form = Record<string, unknown>;
const valuesOf = (r: ReportRow): Form => ({
  titleEn: r.title_en,
  titleNl: r.title_nl,
  bodyEn: r.body_en,
  bodyNl: r.body_nl,
  visibility: r.visibility,
});

/** A report's charts with their figures now, for its page and the API. */
export async function reportCharts(ctx: AppContext, request: FastifyRequest, charts: Awaited<ReturnType<typeof reportToRead>>['charts']) {
  const out = [];
  for (const chart of charts) {
    if (!isView(chart.view)) continue;
    const filters = await readFilters(ctx, request.user, Object.fromEntries(new URLSearchParams(chart.filters)));
    out.push({
      chart,
      text: chartTextOf(chart, request.lang),
      section: await viewSection(ctx, request, chart.view, filters),
      query: chart.filters,
    });
  }
  return out;
}

/** Published reports (read) and the organisation's analysts' editor. */
export function reportRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/insight/reports', async (request, reply) => {
    const reports = await publishedReports(ctx, request.user);
    const writeFor = request.user ? await reportOrganisations(ctx, request.user) : [];
    return reply.page(<PublishedReportsPage request={request} reports={reports} writeFor={writeFor} />);
  });

  app.get<{ Params: { id: string } }>('/insight/reports/:id', async (request, reply) => {
    const { report, charts, organisation, editor } = await reportToRead(ctx, request.user, request.params.id);
    const editUrl = editor && organisation.slug ? `/organisations/${organisation.slug}/insight/reports/${report.id}/edit` : null;
    return reply.page(
      <ReportPage
        request={request}
        report={report}
        organisation={organisation}
        charts={await reportCharts(ctx, request, charts)}
        editUrl={editUrl}
      />,
    );
  });

  app.get<{ Querystring: Record<string, string> }>('/insight/reports/add', async (request, reply) => {
    const user = requireUser(request);
    const { view = '', ...rest } = request.query ?? {};
    if (!isView(view)) throw new AppError(400, 'platform:errors.oneOf', { field: 'view', params: { options: 'skills, trend, …' } });
    const filters = await chartFilters(ctx, user, new URLSearchParams(rest).toString());
    const drafts = await draftsFor(ctx, user);
    return reply.page(<AddToReportPage request={request} view={view} filters={filters} drafts={drafts} />);
  });

  app.get<{ Params: { slug: string } }>('/organisations/:slug/insight/reports', async (request, reply) => {
    const { organisation, reports } = await organisationReports(ctx, requireUser(request), request.params.slug);
    return reply.page(<ReportsListPage request={request} organisation={organisation} reports={reports} />);
  });

  app.post<{ Params: { slug: string }; Body: ReportInput }>('/organisations/:slug/insight/reports', async (request, reply) => {
    const user = requireUser(request);
    const body = (request.body ?? {}) as Form;
    try {
      const report = await createReport(ctx, user, request.params.slug, body);
      reply.flash('success', request.t('insight:reports.created'));
      return reply.redirect(`/organisations/${request.params.slug}/insight/reports/${report.id}/edit`, 303);
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors) throw error;
      const { organisation, reports } = await organisationReports(ctx, user, request.params.slug);
      return reply.page(
        <ReportsListPage request={request} organisation={organisation} reports={reports} values={body} errors={errors} />,
        400,
      );
    }
  });

  app.get<{ Params: { slug: string; id: string } }>('/organisations/:slug/insight/reports/:id/edit', async (request, reply) => {
    const { organisation, report, charts } = await reportToEdit(ctx, requireUser(request), request.params.slug, request.params.id);
    return reply.page(
      <ReportEditPage request={request} organisation={organisation} report={report} charts={charts} values={valuesOf(report)} />,
    );
  });

  app.post<{ Params: { slug: string; id: string }; Body: ReportInput }>(
    '/organisations/:slug/insight/reports/:id/edit',
    async (request, reply) => {
      const user = requireUser(request);
      const { slug, id } = request.params;
      const body = (request.body ?? {}) as Form;
      try {
        await updateReport(ctx, user, slug, id, body);
        reply.flash('success', request.t('insight:reports.saved'));
        return reply.redirect(`/organisations/${slug}/insight/reports/${id}/edit`, 303);
      } catch (error) {
        const errors = fieldMessages(request.t, error);
        if (!errors) throw error;
        const { organisation, report, charts } = await reportToEdit(ctx, user, slug, id);
        return reply.page(
          <ReportEditPage request={request} organisation={organisation} report={report} charts={charts} values={body} errors={errors} />,
          400,
        );
      }
    },
  );

  app.post<{ Params: { slug: string; id: string }; Body: ChartInput }>(
    '/organisations/:slug/insight/reports/:id/charts',
    async (request, reply) => {
      const user = requireUser(request);
      const { slug, id } = request.params;
      const body = (request.body ?? {}) as Form;
      try {
        await addChart(ctx, user, slug, id, body);
        reply.flash('success', request.t('insight:reports.chartAdded'));
        return reply.redirect(`/organisations/${slug}/insight/reports/${id}/edit#report-charts`, 303);
      } catch (error) {
        const errors = fieldMessages(request.t, error);
        if (!errors) throw error;
        const { organisation, report, charts } = await reportToEdit(ctx, user, slug, id);
        return reply.page(
          <ReportEditPage
            request={request}
            organisation={organisation}
            report={report}
            charts={charts}
            values={valuesOf(report)}
            chartValues={body}
            chartErrors={errors}
          />,
          400,
        );
      }
    },
  );

  app.post<{ Params: { slug: string; id: string; chartId: string } }>(
    '/organisations/:slug/insight/reports/:id/charts/:chartId/remove',
    async (request, reply) => {
      const { slug, id, chartId } = request.params;
      await removeChart(ctx, requireUser(request), slug, id, chartId);
      reply.flash('success', request.t('insight:reports.chartRemoved'));
      return reply.redirect(`/organisations/${slug}/insight/reports/${id}/edit#report-charts`, 303);
    },
  );
}
