import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { requireUser } from '../platform/http/auth.ts';
import { type FilterInput, readFilters } from './filters.ts';
import { badgeDemand } from './joined.ts';
import { publishedReports, reportToRead } from './reports.ts';
import { personRegion, type RegionInput, setPersonRegion } from './regions.ts';
import { isView, runView, type ViewName } from './views.ts';

const text = (description: string, maxLength = 500) => Type.Optional(Type.String({ maxLength, description }));
const Filters = Type.Object({
  from: text('first day of the period, YYYY-MM-DD (default: the first day of the month eleven months ago)', 20),
  to: text('last day of the period, YYYY-MM-DD (default: the last day of this month)', 20),
  interval: text('trend by week or month (default month)', 10),
  skill: text('a library skill: its id, address or ESCO URI'),
  group: text('a skill group: the id of a collection of the library'),
  occupation: text('an occupation id'),
  province: text('a Dutch province (name or code)', 100),
  municipality: text('a municipality', 200),
  limit: text('rows, 1–200 (default 20)', 10),
  min: text('emerging: the least vacancies in the period, default 5', 10),
  baselineFrom: text('emerging: first day of the period compared with (default: as long, just before)', 20),
  baselineTo: text('emerging: last day of the period compared with', 20),
});

const Cell = Type.Union([
  Type.String(),
  Type.Number(),
  Type.Null(),
  Type.Array(Type.Object({ id: Type.String(), name: Type.String(), href: Type.String() })),
]);
const Result = Type.Object({
  view: Type.String(),
  filters: Type.Object({}, { additionalProperties: true, description: 'the filters as read, defaults filled in' }),
  columns: Type.Array(Type.String()),
  rows: Type.Array(Type.Record(Type.String(), Cell)),
  totals: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])),
});

const DESCRIPTIONS: Record<ViewName, [string, string]> = {
  skills: ['Demand per skill', 'Vacancies asking for each skill in the period, most asked first, with their share of all vacancies.'],
  trend: [
    'Demand over time',
    'Vacancies by week or month; with a skill or group, those asking for it (a vacancy counts once per skill of a group).',
  ],
  emerging: [
    'Emerging skills',
    'Skills asked for more than in the baseline period, with at least `min` vacancies; new skills (growth null) first.',
  ],
  cooccurrence: [
    'Skills that go together',
    'Pairs of skills asked for by one vacancy, in the months the period touches; with `skill`, the skills going with it.',
  ],
  supply: [
    'Supply per skill',
    'People holding a valid badge for each skill, in the region they gave; `people` is null when hidden: fewer than 5 people, or hidden with such a count so that subtraction cannot reveal it.',
  ],
  regions: [
    'Supply per province',
    'People holding a valid badge for the skills (or any), per province they gave ("" for none); null when hidden (fewer than 5, or hidden with such a count so that subtraction cannot reveal it).',
  ],
  gaps: [
    'Gaps',
    'Demand against supply per skill, largest gap first (a hidden supply counts as 0), with the badges, pathways and community themes teaching it.',
  ],
};

/** Insight as JSON (`/api/v1/insight/...`), in the OpenAPI document: every view of the pages, and one's region. */
export async function insightApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['insight'];
  for (const [view, [summary, description]] of Object.entries(DESCRIPTIONS) as [ViewName, [string, string]][])
    api.get(
      `/api/v1/insight/${view}`,
      { schema: { tags, summary, description: `${description} For anyone signed in.`, querystring: Filters, response: { 200: Result } } },
      async (request) => {
        const user = requireUser(request);
        const filters = await readFilters(ctx, user, request.query as FilterInput);
        const result = await runView(ctx, user, view, filters, request.lang);
        return {
          view,
          filters: filters as unknown as Record<string, unknown>,
          columns: result.columns,
          rows: result.rows,
          totals: result.totals,
        };
      },
    );

  const Region = Type.Object({ municipality: Type.String({ maxLength: 200 }), province: Type.String({ maxLength: 100 }) });
  api.get(
    '/api/v1/insight/region',
    {
      schema: {
        tags,
        summary: 'Your region',
        description: 'Where you said you live or work (empty strings: not given).',
        response: { 200: Region },
      },
    },
    async (request) => (await personRegion(ctx, requireUser(request).id)) ?? { municipality: '', province: '' },
  );
  api.put(
    '/api/v1/insight/region',
    {
      schema: {
        tags,
        summary: 'Set your region',
        description: 'Your skills count for this region in supply; both empty removes it.',
        body: Type.Object(
          { municipality: Type.Optional(Type.String({ maxLength: 200 })), province: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Region },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await setPersonRegion(ctx, user, request.body as RegionInput);
      return (await personRegion(ctx, user.id)) ?? { municipality: '', province: '' };
    },
  );

  const BadgeDemand = Type.Object({
    organisation: Type.Object({ slug: Type.String(), name: Type.String() }),
    period: Type.Object({ from: Type.String(), to: Type.String(), baselineFrom: Type.String(), baselineTo: Type.String() }),
    badges: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        vacancies: Type.Number(),
        skills: Type.Array(Type.Object({ skillId: Type.String(), name: Type.String(), vacancies: Type.Number(), before: Type.Number() })),
      }),
    ),
  });
  api.get(
    '/api/v1/insight/organisations/:slug/badges',
    {
      schema: {
        tags,
        summary: 'Demand for the skills of an issuer’s badges',
        description:
          'Each badge of the organisation with the vacancies asking for each of its skills in the last 12 months and the 12 before. For its owners, admins and issuers.',
        params: Type.Object({ slug: Type.String({ maxLength: 200 }) }),
        response: { 200: BadgeDemand },
      },
    },
    async (request) => {
      const { slug } = request.params as { slug: string };
      const result = await badgeDemand(ctx, requireUser(request), slug, request.lang);
      return {
        organisation: { slug: result.organisation.slug, name: result.organisation.name },
        period: result.period,
        badges: result.badges,
      };
    },
  );

  const Lang = Type.Object({ en: Type.String(), nl: Type.String() });
  const ReportSummary = Type.Object({
    id: Type.String(),
    title: Lang,
    visibility: Type.String(),
    publishedAt: Type.Union([Type.String(), Type.Null()]),
    organisation: Type.String(),
  });
  api.get(
    '/api/v1/insight/reports',
    {
      schema: {
        tags,
        summary: 'Published reports',
        description: 'Reports published publicly, and to the network when signed in; newest first.',
        response: { 200: Type.Object({ items: Type.Array(ReportSummary) }) },
      },
    },
    async (request) => ({
      items: (await publishedReports(ctx, request.user)).map((r) => ({
        id: r.id,
        title: { en: r.title_en, nl: r.title_nl },
        visibility: r.visibility,
        publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
        organisation: r.organisation,
      })),
    }),
  );
  api.get(
    '/api/v1/insight/reports/:id',
    {
      schema: {
        tags,
        summary: 'A report',
        description:
          'A report with its text and each chart’s figures now (as the view of the same name answers, under the chart’s saved filters). Public reports for anyone, network ones when signed in, drafts only for the organisation’s analysts (else 404).',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: {
          200: Type.Object({
            id: Type.String(),
            title: Lang,
            body: Lang,
            visibility: Type.String(),
            publishedAt: Type.Union([Type.String(), Type.Null()]),
            organisation: Type.Object({ slug: Type.String(), name: Type.String() }),
            charts: Type.Array(
              Type.Object({
                view: Type.String(),
                filters: Type.String(),
                text: Lang,
                columns: Type.Array(Type.String()),
                rows: Type.Array(Type.Record(Type.String(), Cell)),
                totals: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { report, charts, organisation } = await reportToRead(ctx, request.user, id);
      const out = [];
      for (const c of charts) {
        if (!isView(c.view)) continue;
        const f = await readFilters(ctx, request.user, Object.fromEntries(new URLSearchParams(c.filters)));
        const r = await runView(ctx, request.user, c.view, f, request.lang);
        out.push({
          view: c.view,
          filters: c.filters,
          text: { en: c.text_en, nl: c.text_nl },
          columns: r.columns,
          rows: r.rows,
          totals: r.totals,
        });
      }
      return {
        id: report.id,
        title: { en: report.title_en, nl: report.title_nl },
        body: { en: report.body_en, nl: report.body_nl },
        visibility: report.visibility,
        publishedAt: report.published_at ? new Date(report.published_at).toISOString() : null,
        organisation,
        charts: out,
      };
    },
  );
}
