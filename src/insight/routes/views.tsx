import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { listCollections } from '../../skills/api.ts';
import { E } from '../errors.ts';
import { type FilterInput, filterQuery, readFilters } from '../filters.ts';
import { type FilterChoices, PAGES, type PageName, ViewPage } from '../pages/view.tsx';
import { nameIn } from '../views.ts';
import { reportOrganisations } from '../reports.ts';
import { pageSections } from '../sections.ts';
import { isView, runView, toCsv } from '../views.ts';

async function choices(ctx: AppContext, request: FastifyRequest): Promise<FilterChoices> {
  const { items } = await listCollections(ctx, request.user, { limit: 200 });
  return { groups: items.map((c) => ({ value: c.id, label: nameIn(c.name as Record<string, string>, request.lang) })) };
}

async function showPage(ctx: AppContext, request: FastifyRequest<{ Querystring: FilterInput }>, reply: FastifyReply, page: PageName) {
  if (!request.user) throw PlatformErrors.unauthorized();
  const input = request.query ?? {};
  let filters: Awaited<ReturnType<typeof readFilters>>;
  try {
    filters = await readFilters(ctx, request.user, input);
  } catch (error) {
    const errors = fieldMessages(request.t, error);
    if (!errors) throw error;
    return reply.page(
      <ViewPage
        request={request}
        page={page}
        input={input}
        errors={errors}
        sections={[]}
        query=""
        period={null}
        choices={await choices(ctx, request)}
      />,
      400,
    );
  }
  const sections = await pageSections(ctx, request, page, filters);
  const period = request.t('insight:filters.period', {
    from: formatDate(request, new Date(`${filters.from}T00:00:00Z`), { timeZone: 'UTC' }),
    to: formatDate(request, new Date(`${filters.to}T00:00:00Z`), { timeZone: 'UTC' }),
  });
  const shown: FilterInput = { ...input, from: filters.from, to: filters.to };
  return reply.page(
    <ViewPage
      request={request}
      page={page}
      input={shown}
      sections={sections}
      query={filterQuery(filters)}
      period={period}
      choices={await choices(ctx, request)}
      canReport={(await reportOrganisations(ctx, request.user)).length > 0}
    />,
  );
}

/** The pages of insight (`/insight/<page>`) and the exports of every view (`/insight/export/<view>.<csv|json>`). */
export function viewRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const page of PAGES)
    app.get<{ Querystring: FilterInput }>(`/insight/${page}`, async (request, reply) => showPage(ctx, request, reply, page));

  app.get<{ Params: { view: string; format: string }; Querystring: FilterInput }>(
    '/insight/export/:view.:format',
    async (request, reply) => {
      if (!request.user) throw PlatformErrors.unauthorized();
      const { view, format } = request.params;
      if (!isView(view)) throw PlatformErrors.notFound();
      if (format !== 'csv' && format !== 'json') throw E.badFormat('format');
      const filters = await readFilters(ctx, request.user, request.query ?? {});
      const result = await runView(ctx, request.user, view, filters, request.lang);
      const name = `insight-${view}-${filters.from}-${filters.to}.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(result));
      return reply
        .type('application/json; charset=utf-8')
        .send({ view, filters, columns: result.columns, rows: result.rows, totals: result.totals });
    },
  );
}
