import type { FastifyRequest } from 'fastify';
import { PROVINCES } from '../../labour-market/api.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { formatDateTime } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { PAGES } from './view.tsx';

const t = (request: FastifyRequest, key: string, vars?: Record<string, unknown>) => request.t(`insight:${key}`, vars);

/** `/insight`: the way into demand, supply and gaps, when they were counted, and one's own region. */
export function HomePage({
  request,
  refreshed,
  region,
  extra = '',
  reportOrgs = [],
}: {
  /** The organisations where the reader writes reports. */
  reportOrgs?: { slug: string; name: string }[];
  request: FastifyRequest;
  refreshed: { demand: Date | null; supply: Date | null };
  region: { municipality: string; province: string } | null;
  /** What other parts of insight add (the matching part's links). */
  extra?: JSX.Element;
}) {
  const when = (d: Date | null) => (d ? formatDateTime(request, d) : t(request, 'home.never'));
  return (
    <Layout request={request} title={t(request, 'home.title')}>
      <h1>{escapeHtml(t(request, 'home.title'))}</h1>
      <p class="lead">{escapeHtml(t(request, 'home.lead'))}</p>
      <section class="panel" aria-labelledby="insight-views">
        <h2 id="insight-views">{escapeHtml(t(request, 'home.views'))}</h2>
        <ul class="cards">
          {PAGES.map((p) => (
            <li class="card">
              <h3>
                <a href={`/insight/${p}`}>{escapeHtml(t(request, `pages.${p}.title`))}</a>
              </h3>
              <p>{escapeHtml(t(request, `pages.${p}.lead`))}</p>
            </li>
          ))}
          <li class="card">
            <h3>
              <a href="/insight/reports">{escapeHtml(t(request, 'reports.published'))}</a>
            </h3>
            <p>{escapeHtml(t(request, 'reports.publishedLead'))}</p>
            {reportOrgs.map((o) => (
              <p>
                <a href={`/organisations/${o.slug}/insight/reports`}>{escapeHtml(t(request, 'reports.writeFor', { name: o.name }))}</a>
              </p>
            ))}
          </li>
        </ul>
        <p class="muted">{escapeHtml(t(request, 'home.refreshed', { demand: when(refreshed.demand), supply: when(refreshed.supply) }))}</p>
        {request.user?.isOperator ? (
          <PostForm request={request} action="/insight/refresh">
            <button type="submit" class="secondary">
              {escapeHtml(t(request, 'home.refresh'))}
            </button>
          </PostForm>
        ) : (
          ''
        )}
      </section>
      {extra}
      <section class="panel" aria-labelledby="insight-region">
        <h2 id="insight-region">{escapeHtml(t(request, 'home.region'))}</h2>
        <p>{escapeHtml(t(request, 'home.regionLead'))}</p>
        <p>
          {region ? <strong>{escapeHtml([region.municipality, region.province].filter(Boolean).join(', '))}</strong> : ''}{' '}
          <a href="/insight/region">{escapeHtml(t(request, 'home.regionLink'))}</a>
        </p>
      </section>
    </Layout>
  );
}

/** `/insight/region`: the person says where they live or work. */
export function RegionPage({
  request,
  values,
  errors,
}: {
  request: FastifyRequest;
  values: { municipality: string; province: string };
  errors?: FormErrors;
}) {
  return (
    <Layout request={request} title={t(request, 'region.title')}>
      <p class="breadcrumb">
        <a href="/insight">{escapeHtml(t(request, 'home.title'))}</a>
      </p>
      <h1>{escapeHtml(t(request, 'region.title'))}</h1>
      <p class="lead">{escapeHtml(t(request, 'home.regionLead'))}</p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action="/insight/region">
        <Field
          name="municipality"
          label={t(request, 'region.municipality')}
          value={values.municipality}
          errors={errors}
          autocomplete="address-level2"
        />
        <Select
          name="province"
          label={t(request, 'region.province')}
          value={values.province}
          errors={errors}
          options={[{ value: '', label: t(request, 'region.none') }, ...PROVINCES.map((p) => ({ value: p, label: p }))]}
        />
        <button type="submit">{escapeHtml(t(request, 'region.save'))}</button>
      </PostForm>
    </Layout>
  );
}
