import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { type ChartRow, type ReportRow, titleOf, VISIBILITIES, type Visibility } from '../reports.ts';
import { VIEWS } from '../views.ts';
import { ChartSection, type Section } from './view.tsx';

const t = (request: FastifyRequest, key: string, vars?: Record<string, unknown>) => request.t(`insight:${key}`, vars);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Text as paragraphs: an empty line starts a new one. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (
          <p>{escapeHtml(p)}</p>
        ))}
    </>
  );
}

function VisibilityTag({ request, visibility }: { request: FastifyRequest; visibility: Visibility }) {
  return <span class={visibility === 'draft' ? 'tag muted' : 'tag'}>{escapeHtml(t(request, `reports.visibility.${visibility}`))}</span>;
}

/** `/organisations/:slug/insight/reports`: the organisation's reports, drafts too, and a form to start one. */
export function ReportsListPage({
  request,
  organisation,
  reports,
  values = {},
  errors,
}: {
  request: FastifyRequest;
  organisation: { slug: string; name: string };
  reports: ReportRow[];
  values?: Record<string, unknown>;
  errors?: FormErrors;
}) {
  const title = t(request, 'reports.orgTitle', { name: organisation.name });
  return (
    <Layout request={request} title={title}>
      <p class="breadcrumb">
        <a href={`/organisations/${organisation.slug}`}>{escapeHtml(organisation.name)}</a> ·{' '}
        <a href="/insight">{escapeHtml(t(request, 'home.title'))}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p class="lead">{escapeHtml(t(request, 'reports.orgLead'))}</p>
      {reports.length === 0 ? (
        <p>{escapeHtml(t(request, 'reports.noneYet'))}</p>
      ) : (
        <ul class="plain">
          {reports.map((r) => (
            <li>
              <a href={`/organisations/${organisation.slug}/insight/reports/${r.id}/edit`}>{escapeHtml(titleOf(r, request.lang))}</a>{' '}
              <VisibilityTag request={request} visibility={r.visibility} />
            </li>
          ))}
        </ul>
      )}
      <section class="panel" aria-labelledby="new-report">
        <h2 id="new-report">{escapeHtml(t(request, 'reports.new'))}</h2>
        <ErrorSummary request={request} errors={errors} />
        <PostForm request={request} action={`/organisations/${organisation.slug}/insight/reports`}>
          <Field name="titleNl" label={t(request, 'reports.titleNl')} value={str(values.titleNl)} errors={errors} />
          <Field name="titleEn" label={t(request, 'reports.titleEn')} value={str(values.titleEn)} errors={errors} />
          <button type="submit">{escapeHtml(t(request, 'reports.create'))}</button>
        </PostForm>
      </section>
    </Layout>
  );
}

/** The editor of one report: its text and visibility, its charts, and a form to add one. */
export function ReportEditPage({
  request,
  organisation,
  report,
  charts,
  values,
  errors,
  chartValues = {},
  chartErrors,
}: {
  request: FastifyRequest;
  organisation: { slug: string; name: string };
  report: ReportRow;
  charts: ChartRow[];
  values: Record<string, unknown>;
  errors?: FormErrors;
  chartValues?: Record<string, unknown>;
  chartErrors?: FormErrors;
}) {
  const base = `/organisations/${organisation.slug}/insight/reports/${report.id}`;
  const title = titleOf(report, request.lang);
  return (
    <Layout request={request} title={t(request, 'reports.editTitle', { title })}>
      <p class="breadcrumb">
        <a href={`/organisations/${organisation.slug}/insight/reports`}>
          {escapeHtml(t(request, 'reports.orgTitle', { name: organisation.name }))}
        </a>
      </p>
      <h1>{escapeHtml(t(request, 'reports.editTitle', { title }))}</h1>
      <p>
        <VisibilityTag request={request} visibility={report.visibility} />{' '}
        <a href={`/insight/reports/${report.id}`}>{escapeHtml(t(request, 'reports.view'))}</a>
      </p>
      <section class="panel" aria-labelledby="report-text">
        <h2 id="report-text">{escapeHtml(t(request, 'reports.text'))}</h2>
        <ErrorSummary request={request} errors={errors} />
        <PostForm request={request} action={`${base}/edit`}>
          <Field name="titleNl" label={t(request, 'reports.titleNl')} value={str(values.titleNl)} errors={errors} />
          <Field name="titleEn" label={t(request, 'reports.titleEn')} value={str(values.titleEn)} errors={errors} />
          <Field
            name="bodyNl"
            multiline
            label={t(request, 'reports.bodyNl')}
            hint={t(request, 'reports.bodyHint')}
            value={str(values.bodyNl)}
            errors={errors}
          />
          <Field name="bodyEn" multiline label={t(request, 'reports.bodyEn')} value={str(values.bodyEn)} errors={errors} />
          <Select
            name="visibility"
            label={t(request, 'reports.visibilityLabel')}
            value={str(values.visibility) || 'draft'}
            errors={errors}
            options={VISIBILITIES.map((v) => ({ value: v, label: t(request, `reports.visibilityChoice.${v}`) }))}
          />
          <button type="submit">{escapeHtml(t(request, 'reports.save'))}</button>
        </PostForm>
      </section>
      <section class="panel" aria-labelledby="report-charts">
        <h2 id="report-charts">{escapeHtml(t(request, 'reports.charts'))}</h2>
        {charts.length === 0 ? (
          <p>{escapeHtml(t(request, 'reports.noCharts'))}</p>
        ) : (
          <ol>
            {charts.map((c) => (
              <li>
                <strong>{escapeHtml(t(request, `views.${c.view}`))}</strong> <span class="muted">{escapeHtml(c.filters)}</span>
                <PostForm request={request} action={`${base}/charts/${c.id}/remove`}>
                  <button type="submit" class="secondary">
                    {escapeHtml(t(request, 'reports.remove', { chart: t(request, `views.${c.view}`) }))}
                  </button>
                </PostForm>
              </li>
            ))}
          </ol>
        )}
        <h3>{escapeHtml(t(request, 'reports.addChart'))}</h3>
        <ErrorSummary request={request} errors={chartErrors} />
        <PostForm request={request} action={`${base}/charts`}>
          <Select
            name="view"
            label={t(request, 'reports.chartView')}
            value={str(chartValues.view) || 'skills'}
            errors={chartErrors}
            options={VIEWS.map((v) => ({ value: v, label: t(request, `views.${v}`) }))}
          />
          <Field
            name="filters"
            label={t(request, 'reports.filters')}
            hint={t(request, 'reports.filtersHint')}
            value={str(chartValues.filters)}
            errors={chartErrors}
          />
          <Field name="textNl" multiline label={t(request, 'reports.chartTextNl')} value={str(chartValues.textNl)} errors={chartErrors} />
          <Field name="textEn" multiline label={t(request, 'reports.chartTextEn')} value={str(chartValues.textEn)} errors={chartErrors} />
          <button type="submit">{escapeHtml(t(request, 'reports.addChartButton'))}</button>
        </PostForm>
      </section>
    </Layout>
  );
}

/** `/insight/reports/:id`: the report as its readers see it. */
export function ReportPage({
  request,
  report,
  organisation,
  charts,
  editUrl,
}: {
  request: FastifyRequest;
  report: ReportRow;
  organisation: { slug: string; name: string };
  charts: { chart: ChartRow; text: string; section: Section; query: string }[];
  editUrl: string | null;
}) {
  const title = titleOf(report, request.lang);
  const body = request.lang === 'nl' ? report.body_nl || report.body_en : report.body_en || report.body_nl;
  return (
    <Layout request={request} title={title}>
      <p class="breadcrumb">
        <a href="/insight/reports">{escapeHtml(t(request, 'reports.published'))}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p class="muted">
        {escapeHtml(
          report.published_at
            ? t(request, 'reports.by', { name: organisation.name, date: formatDate(request, report.published_at) })
            : t(request, 'reports.draftBy', { name: organisation.name }),
        )}{' '}
        <VisibilityTag request={request} visibility={report.visibility} />
        {editUrl ? (
          <>
            {' '}
            <a href={editUrl}>{escapeHtml(t(request, 'reports.edit'))}</a>
          </>
        ) : (
          ''
        )}
      </p>
      <Paragraphs text={body} />
      {charts.map((c, i) => (
        <>
          {c.text ? <Paragraphs text={c.text} /> : ''}
          <ChartSection request={request} section={c.section} query={c.query} id={`report-chart-${i + 1}`} />
        </>
      ))}
    </Layout>
  );
}

/** `/insight/reports`: the reports published to the reader (publicly; to the network when signed in). */
export function PublishedReportsPage({
  request,
  reports,
  writeFor,
}: {
  request: FastifyRequest;
  reports: { id: string; title_en: string; title_nl: string; visibility: Visibility; published_at: Date | null; organisation: string }[];
  /** The organisations where the reader writes reports. */
  writeFor: { slug: string; name: string }[];
}) {
  return (
    <Layout request={request} title={t(request, 'reports.published')}>
      <h1>{escapeHtml(t(request, 'reports.published'))}</h1>
      <p class="lead">{escapeHtml(t(request, 'reports.publishedLead'))}</p>
      {reports.length === 0 ? (
        <p>{escapeHtml(t(request, 'reports.noneYet'))}</p>
      ) : (
        <ul class="plain">
          {reports.map((r) => (
            <li>
              <a href={`/insight/reports/${r.id}`}>{escapeHtml(titleOf(r, request.lang))}</a>{' '}
              <span class="muted">
                {escapeHtml(r.organisation)}
                {r.published_at ? `, ${escapeHtml(formatDate(request, r.published_at))}` : ''}
              </span>{' '}
              <VisibilityTag request={request} visibility={r.visibility} />
            </li>
          ))}
        </ul>
      )}
      {writeFor.length ? (
        <p>
          {writeFor.map((o) => (
            <>
              <a href={`/organisations/${o.slug}/insight/reports`}>{escapeHtml(t(request, 'reports.writeFor', { name: o.name }))}</a>{' '}
            </>
          ))}
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** `/insight/reports/add`: choose the report a chart of a view page goes into. */
export function AddToReportPage({
  request,
  view,
  filters,
  drafts,
}: {
  request: FastifyRequest;
  view: string;
  filters: string;
  drafts: { id: string; title_en: string; title_nl: string; visibility: Visibility; slug: string; organisation: string }[];
}) {
  return (
    <Layout request={request} title={t(request, 'reports.addTitle')}>
      <h1>{escapeHtml(t(request, 'reports.addTitle'))}</h1>
      <p class="lead">{escapeHtml(t(request, 'reports.addLead', { chart: t(request, `views.${view}`) }))}</p>
      {drafts.length === 0 ? <p>{escapeHtml(t(request, 'reports.noneYet'))}</p> : ''}
      <ul class="plain">
        {drafts.map((d) => (
          <li>
            <PostForm request={request} action={`/organisations/${d.slug}/insight/reports/${d.id}/charts`}>
              <input type="hidden" name="view" value={view} />
              <input type="hidden" name="filters" value={filters} />
              <button type="submit" class="secondary">
                {escapeHtml(t(request, 'reports.addTo', { title: titleOf(d, request.lang), name: d.organisation }))}
              </button>{' '}
              <VisibilityTag request={request} visibility={d.visibility} />
            </PostForm>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
